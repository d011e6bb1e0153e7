import Foundation

/// Scores the texts of a file and writes one JSON line per text: the `assay score` job.
///
/// Records stream through in chunks (see `TextRecordReader`), so memory stays flat however
/// long the file; each chunk's lines are written and flushed as soon as it is scored.
public struct TextFileScorer: Sendable {
    /// One line of output.
    public struct Record: Codable, Sendable {
        public var id: String
        public var n_tokens: Int
        public var logprob_sum: Double
        public var ppl: Double?
        public var mean_logprob: Double?
        public var tokens: [Int32]?
        public var logprobs: [Double]?
    }

    public var reader: TextRecordReader
    /// Stop at the first bad line instead of reporting and skipping it.
    public var strict: Bool
    /// Include per-token ids and log-probabilities in each line.
    public var includeTokens: Bool
    /// Texts scored per call into the model.
    public var chunkSize: Int

    /// What scoring needs of a model (token ids too with `includeTokens`).
    public var requirements: ModelCapabilities { includeTokens ? [.tokenLogProbs, .tokenize] : .tokenLogProbs }

    public init(reader: TextRecordReader, strict: Bool = false, includeTokens: Bool = false, chunkSize: Int = 128) {
        self.reader = reader
        self.strict = strict
        self.includeTokens = includeTokens
        self.chunkSize = chunkSize
    }

    /// Runs the job. `skip` holds ids already done (`--resume`); bad lines go to `warn`.
    public func run(model: some LanguageModel, writer: JSONLinesWriter, skip: Set<String> = [],
                    progress: ProgressReporter? = nil, warn: (String) -> Void) async throws -> FileJobSummary {
        var summary = FileJobSummary()
        var tokens = 0
        try await reader.forEachChunk(size: chunkSize, strict: strict, skip: skip, summary: &summary, warn: warn) { chunk in
            let results = try await model.score(chunk.map { ScoreRequest(text: $0.text) }, progress: nil)
            for (item, result) in zip(chunk, results) {
                try writer.write(Record(
                    id: item.id, n_tokens: result.count, logprob_sum: result.logProbSum, ppl: result.perplexity,
                    mean_logprob: result.count > 0 ? result.logProbSum / Double(result.count) : nil,
                    tokens: includeTokens ? result.tokens.map(\.token) : nil,
                    logprobs: includeTokens ? result.tokens.map(\.logProb) : nil))
            }
            let chunkTokens = results.reduce(0) { $0 + $1.count }
            tokens += chunkTokens
            progress?.advance(by: chunk.count, tokens: chunkTokens)
        }
        summary.tokens = tokens
        return summary
    }
}
