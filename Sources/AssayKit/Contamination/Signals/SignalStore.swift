import Foundation

/// Scores texts into `LikelihoodSignals` and caches them, one JSON line per text, in
/// `signals.jsonl` (key, the scored text, its signals; see `JSONLinesCache` for resuming).
public struct SignalStore: Sendable {
    /// One cached line.
    public struct Record: CachedTextRecord {
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

    /// The cache of signals in `path`.
    public static func cache(_ path: String) -> JSONLinesCache<Record> { JSONLinesCache(path: path, name: "signals") }

    /// Signals of every entry, by key: cached ones from `cached` (same key and text), the others
    /// scored and appended to `path`. Entries whose text has no token are left out.
    public func signals(for entries: [AuditPopulation.Entry], cached: [String: Record], path: String,
                        progress: ProgressReporter? = nil) async throws -> [String: LikelihoodSignals] {
        let records = try await Self.cache(path).fill(entries.map { ($0.key, $0.text) }, cached: cached,
                                                      batchSize: batchSize, progress: progress) { indices in
            let batch = indices.map { entries[$0] }
            let scored = try await score(batch)
            progress?.advance(by: batch.count, tokens: scored.reduce(0) { $0 + ($1?.tokens ?? 0) })
            return zip(batch, scored).map { entry, signals in
                signals.map { Record(key: entry.key, text: entry.text, signals: $0) }
            }
        }
        return records.mapValues(\.signals)
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
