import Foundation

/// Scores texts into `LikelihoodSignals` and caches them, one JSON line per text, in
/// `signals.jsonl` (key, the scored text, its signals): lines are appended as each batch is
/// scored, so an interrupted audit loses at most one batch, and `--resume` reuses every line
/// whose text is still the text to score (a changed seed or benchmark is scored afresh).
public struct SignalStore: Sendable {
    /// One cached line.
    public struct Record: Codable, Sendable {
        public var key: String
        public var text: String
        public var signals: LikelihoodSignals
    }

    /// The model that scores, and optionally the reference model and the lowercase pass.
    public var model: any LanguageModel
    public var reference: (any LanguageModel)?
    public var lowercase: Bool
    /// Texts scored per call (and per appended batch of lines): as many as `assay score` packs.
    public var batchSize = 128

    public init(model: any LanguageModel, reference: (any LanguageModel)? = nil, lowercase: Bool = false) {
        self.model = model
        self.reference = reference
        self.lowercase = lowercase
    }

    /// The cached signals in `path` (empty when it does not exist); a bad line is an error
    /// with its file and line, since it means the cache is not ours.
    public static func load(_ path: String) throws -> [String: Record] {
        guard FileManager.default.fileExists(atPath: path) else { return [:] }
        var result: [String: Record] = [:]
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        for line in LineReader(path: path) where !line.text.isEmpty {
            do {
                let record = try decoder.decode(Record.self, from: Data(line.text.utf8))
                result[record.key] = record
            } catch {
                throw InputError.badLine(file: path, line: line.number, reason: "not a signals line: \(error)")
            }
        }
        return result
    }

    /// Signals of every entry, by key: cached ones from `cached` (same key and text), the others
    /// scored and appended to `path`. Entries whose text has no token are left out.
    public func signals(for entries: [AuditPopulation.Entry], cached: [String: Record], path: String,
                        progress: ProgressReporter? = nil) async throws -> [String: LikelihoodSignals] {
        var result: [String: LikelihoodSignals] = [:]
        var missing: [AuditPopulation.Entry] = []
        for entry in entries {
            if let record = cached[entry.key], record.text == entry.text {
                result[entry.key] = record.signals
            } else {
                missing.append(entry)
            }
        }
        progress?.advance(by: entries.count - missing.count)
        let writer = try JSONLinesWriter(path: path, append: true)
        var start = 0
        while start < missing.count {
            let batch = Array(missing[start..<min(start + batchSize, missing.count)])
            let scored = try await score(batch)
            for (entry, signals) in zip(batch, scored) {
                guard let signals else { continue }
                result[entry.key] = signals
                try writer.write(Record(key: entry.key, text: entry.text, signals: signals))
            }
            progress?.advance(by: batch.count, tokens: scored.reduce(0) { $0 + ($1?.tokens ?? 0) })
            start += batch.count
        }
        return result
    }

    /// One scoring pass per text (plus the lowercase and reference passes when asked).
    func score(_ batch: [AuditPopulation.Entry]) async throws -> [LikelihoodSignals?] {
        let results = try await model.score(batch.map { ScoreRequest(text: $0.text) }, progress: nil)
        let lowered = lowercase
            ? try await model.score(batch.map { ScoreRequest(text: $0.text.lowercased()) }, progress: nil) : nil
        let referenced = try await reference?.score(batch.map { ScoreRequest(text: $0.text) }, progress: nil)
        return batch.indices.map { index in
            guard var signals = LikelihoodSignals(text: batch[index].text, tokens: results[index].tokens) else { return nil }
            signals.lowercaseRatio = LikelihoodSignals.logRatio(signals.perplexity, over: lowered?[index].perplexity)
            signals.referenceRatio = LikelihoodSignals.logRatio(signals.perplexity, over: referenced?[index].perplexity)
            return signals
        }
    }
}
