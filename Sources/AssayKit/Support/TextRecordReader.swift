import Foundation

/// Reads (id, text) records from a JSONL file (one object per line with `id` and a text
/// field) or a plain-text file (one record per line, the id is the line number), streaming.
/// Each bad line comes out as an `InputError` naming the file and line, so the caller can
/// skip it or stop; blank lines are passed over; a repeated id is an error.
public struct TextRecordReader: Sequence, Sendable {
    public enum Kind: Sendable, Equatable { case jsonl(field: String), lines }

    public struct Record: Sendable, Equatable {
        public var id: String
        public var text: String
        public var line: Int
    }

    public let path: String
    public let kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// Throws when the file cannot be opened.
    public func validate() throws { try LineReader(path: path).validate() }

    public func makeIterator() -> Iterator { Iterator(owner: self, lines: LineReader(path: path).makeIterator()) }

    public struct Iterator: IteratorProtocol {
        let owner: TextRecordReader
        var lines: LineReader.Iterator
        var seen = Set<String>()
        var failureReported = false

        /// The next record or bad line; a corrupt or truncated `.gz` file ends with its error.
        public mutating func next() -> Result<Record, InputError>? {
            while let line = lines.next() {
                do {
                    guard let record = try owner.record(from: line) else { continue }
                    guard seen.insert(record.id).inserted else {
                        return .failure(.badLine(file: owner.path, line: line.number, reason: "duplicate id '\(record.id)'"))
                    }
                    return .success(record)
                } catch {
                    return .failure(error)
                }
            }
            guard let failure = lines.failure, !failureReported else { return nil }
            failureReported = true
            return .failure(failure)
        }
    }

    /// The record of a line, nil for a blank line, or an error naming the line.
    func record(from line: LineReader.Line) throws(InputError) -> Record? {
        let trimmed = line.text.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return nil }
        switch kind {
        case .lines:
            return Record(id: String(line.number), text: line.text, line: line.number)
        case .jsonl(let field):
            let object: Any
            do { object = try JSONSerialization.jsonObject(with: Data(line.text.utf8)) } catch {
                throw .badLine(file: path, line: line.number, reason: "not valid JSON")
            }
            guard let dict = object as? [String: Any] else {
                throw .badLine(file: path, line: line.number, reason: "expected a JSON object")
            }
            guard let value = dict[field] else {
                throw .badLine(file: path, line: line.number, reason: "no field '\(field)' (choose one with --field)")
            }
            guard let text = value as? String else {
                throw .badLine(file: path, line: line.number, reason: "field '\(field)' is not a string")
            }
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw .badLine(file: path, line: line.number, reason: "field '\(field)' is empty")
            }
            let id: String
            switch dict["id"] {
            case let s as String: id = s
            case let n as NSNumber: id = n.stringValue
            case nil: id = "line-\(line.number)"
            default: throw .badLine(file: path, line: line.number, reason: "field 'id' is neither a string nor a number")
            }
            return Record(id: id, text: text, line: line.number)
        }
    }

    /// Ids already present in an output file (for `--resume`), read as every resumable output
    /// is (`ResumableJSONL`: a torn last line cut, lines without an id reported and dropped).
    public static func finishedIDs(in path: String, warn: (String) -> Void = ResumableJSONL.warnOnStderr) throws -> Set<String> {
        Set(try ResumableJSONL(path: path, name: "result").prepare(decode: ResumableJSONL.idOfLine, warn: warn))
    }
}

/// Counts of a file job: done, skipped as bad, already done before a resume.
public struct FileJobSummary: Sendable, Equatable {
    public var processed = 0
    public var skipped = 0
    public var resumed = 0
    public var tokens = 0
    /// Ctrl-C (or SIGTERM) stopped the job after a whole chunk.
    public var interrupted = false
    public init() {}

    /// The closing line of a file job, e.g. "scored 12 items (291 tokens), 3 already done".
    public func line(verb: String) -> String {
        var line = "\(verb) \(processed) items (\(tokens) tokens)"
        if resumed > 0 { line += ", \(resumed) already done" }
        if skipped > 0 { line += ", \(skipped) lines skipped (see the warnings)" }
        return line
    }
}

extension TextRecordReader {
    /// Streams the records in chunks to `handle`: bad lines are reported through `warn` and
    /// skipped (or thrown when `strict`), ids in `skip` are passed over (`--resume`). After a
    /// raised `InterruptSignal` it stops at the end of the chunk in hand.
    public func forEachChunk(size: Int, strict: Bool, skip: Set<String>, summary: inout FileJobSummary,
                             warn: (String) -> Void, _ handle: ([Record]) async throws -> Void) async throws {
        try validate()
        var pending: [Record] = []
        for entry in self {
            switch entry {
            case .failure(let error):
                if strict { throw error }
                warn("\(error) (skipped)")
                summary.skipped += 1
            case .success(let record):
                if skip.contains(record.id) { summary.resumed += 1; continue }
                pending.append(record)
                if pending.count >= size {
                    try await handle(pending)
                    summary.processed += pending.count
                    pending.removeAll(keepingCapacity: true)
                    if InterruptSignal.isRaised {
                        summary.interrupted = true
                        return
                    }
                }
            }
        }
        if !pending.isEmpty {
            try await handle(pending)
            summary.processed += pending.count
        }
    }
}
