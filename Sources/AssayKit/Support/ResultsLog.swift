import Foundation

/// A JSONL results file that a long run fills chunk by chunk (an interrupted run loses only
/// the chunk in flight) and that `--resume` continues: tasks whose key already has a line are
/// not produced again. `assay eval` keeps its predictions in one, `assay robust` its results.
public struct ResultsLog<Record: Codable & Sendable>: Sendable {
    /// The JSONL file.
    public let path: String
    /// The key of a line; a task whose key is among them is done.
    public let key: @Sendable (Record) -> String
    /// What a line is, for the warning about a line that is not one ("predictions").
    public let name: String

    /// A log at `path` whose lines are identified by `key`.
    public init(path: String, name: String = "results", key: @escaping @Sendable (Record) -> String) {
        self.path = path
        self.name = name
        self.key = key
    }

    /// Produces the records of the tasks not yet in the file (all of them unless `resume`, which
    /// first cuts a torn last line and drops lines that are not records, reported through
    /// `warn`: see `ResumableJSONL`), `chunkSize` tasks per `produce` call, appending each chunk's
    /// records as soon as it returns. Returns how many tasks were produced now, and the
    /// records of `tasks` in the file afterwards, old and new. When `stop` returns true before
    /// a chunk (Ctrl-C), no further chunk is started.
    public func fill<Task>(_ tasks: [Task], key taskKey: (Task) -> String, resume: Bool, chunkSize: Int,
                           progress: ProgressReporter?, stop: () -> Bool = { false }, warn: (String) -> Void = ResumableJSONL.warnOnStderr,
                           produce: ([Task]) async throws -> [Record]) async throws -> (produced: Int, records: [Record]) {
        var done = Set<String>()
        if resume {
            done = Set(try ResumableJSONL(path: path, name: name).prepare(decode: ResumableJSONL.decoder(Record.self), warn: warn).map(key))
        }
        let writer = try JSONLinesWriter(path: path, append: resume)
        let pending = tasks.filter { !done.contains(taskKey($0)) }
        progress?.advance(by: tasks.count - pending.count)
        let size = max(1, chunkSize)
        var produced = 0
        for start in stride(from: 0, to: pending.count, by: size) where !stop() {
            let chunk = Array(pending[start..<min(pending.count, start + size)])
            for record in try await produce(chunk) { try writer.write(record) }
            produced += chunk.count
            progress?.advance(by: chunk.count)
        }
        // Only this run's tasks: lines of other tasks (an earlier run with other options) stay
        // in the file but not in the results.
        let wanted = Set(tasks.map(taskKey))
        return (produced, load().filter { wanted.contains(key($0)) })
    }

    /// The records of the file, skipping a torn or unreadable line (an interrupted write).
    public func load() -> [Record] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let decoder = JSONLinesWriter.makeDecoder()
        return LineReader(path: path).compactMap { try? decoder.decode(Record.self, from: Data($0.text.utf8)) }
    }
}

/// What a resumable run did: tasks produced now, tasks found done in its results file, and
/// the summary of the whole file.
public struct RunOutcome<Summary: Sendable>: Sendable {
    /// Tasks produced by this run.
    public var evaluated: Int
    /// Tasks found already done in the file.
    public var resumed: Int
    /// Ctrl-C (or SIGTERM) stopped the run after a chunk: the summary covers what finished.
    public var interrupted: Bool
    /// The summary of the run's tasks, old and new.
    public var summary: Summary
}

extension JSONLinesWriter {
    /// Cuts a file back to its last complete line, so appending after an interrupted write
    /// does not glue a new record onto a torn one.
    public static func truncateTornLine(_ path: String) throws {
        guard let handle = FileHandle(forUpdatingAtPath: path) else { return }
        defer { try? handle.close() }
        let data = try handle.readToEnd() ?? Data()
        guard let last = data.last, last != 0x0A else { return }
        let keep = data.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0
        try handle.truncate(atOffset: UInt64(keep))
    }
}
