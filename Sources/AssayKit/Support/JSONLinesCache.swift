import Foundation

/// A line of a per-text cache: the key of the text and the text the line was computed on.
public protocol CachedTextRecord: Codable, Sendable {
    var key: String { get }
    var text: String { get }
}

/// A JSONL cache of per-text results (the audit's `signals.jsonl` and `probes.jsonl`): lines
/// are appended as each batch is computed, so an interrupted run loses at most one batch, and
/// a resumed run reuses every line whose text is still the text to compute (a changed
/// benchmark, or a seed that changes the texts, is computed afresh; a caller whose results
/// depend on more than the text filters `cached` by it).
public struct JSONLinesCache<Record: CachedTextRecord>: Sendable {
    /// The JSONL file.
    public var path: String
    /// What a line is, for the error on a bad line ("signals", "probes").
    public var name: String

    /// A cache at `path` whose lines are `name` lines ("signals", "probes").
    public init(path: String, name: String) {
        self.path = path
        self.name = name
    }

    /// The cached lines by key (empty when the file does not exist), read as every resumable
    /// output is (`ResumableJSONL`): a torn last line is cut, a line that is not a record is
    /// reported through `warn` and dropped.
    public func load(warn: (String) -> Void = ResumableJSONL.warnOnStderr) throws -> [String: Record] {
        let records = try ResumableJSONL(path: path, name: name).prepare(decode: ResumableJSONL.decoder(Record.self), warn: warn)
        return Dictionary(records.map { ($0.key, $0) }, uniquingKeysWith: { _, later in later })
    }

    /// The record of every `(key, text)`: reused from `cached` when key and text match, the
    /// others computed by `compute` in batches of `batchSize` and appended. `compute` gets the
    /// indices of a batch of entries and returns a record (or nil: nothing to record) per
    /// entry; it reports its own progress, `progress` is advanced here by the reused entries.
    public func fill(_ entries: [(key: String, text: String)], cached: [String: Record], batchSize: Int,
                     progress: ProgressReporter?, compute: ([Int]) async throws -> [Record?]) async throws -> [String: Record] {
        var result: [String: Record] = [:]
        var missing: [Int] = []
        for (index, entry) in entries.enumerated() {
            if let record = cached[entry.key], record.text == entry.text {
                result[entry.key] = record
            } else {
                missing.append(index)
            }
        }
        progress?.advance(by: entries.count - missing.count)
        let writer = try JSONLinesWriter(path: path, append: true)
        var start = 0
        // After Ctrl-C (InterruptSignal) no further batch starts; what was appended is kept.
        while start < missing.count, !InterruptSignal.isRaised {
            let batch = Array(missing[start..<min(start + batchSize, missing.count)])
            for record in try await compute(batch).compactMap({ $0 }) {
                result[record.key] = record
                try writer.write(record)
            }
            start += batch.count
        }
        return result
    }
}
