import Foundation

/// One line of `predictions.jsonl`: an item, its exact prompt, what the model produced and
/// how it was graded. `metrics` holds the item's values that the summary aggregates
/// (`accuracy`, `acc_norm`, `mc2`, `rouge1`..., `pass@1`, or perplexity's `loglikelihood`,
/// `tokens`, `words`).
public struct PredictionRecord: Codable, Sendable, Equatable {
    /// Which file the item came from.
    public enum Split: String, Codable, Sendable, CaseIterable { case original, twin }

    public var id: String
    public var split: Split
    public var subset: String
    public var mode: EvalMode
    public var prompt: String
    /// The gold answer (a label, "A,C" for TruthfulQA mc2, or the answer text).
    public var answer: String
    /// The extracted or chosen answer; nil when nothing could be extracted.
    public var prediction: String?
    /// Whether the prediction is right; nil for free-form answers and perplexity.
    public var correct: Bool?
    /// The raw generated text (generate mode).
    public var output: String?
    /// The completions (code mode).
    public var outputs: [String]?
    /// The continuations scored (log-likelihood mode), with their summed log-likelihoods and
    /// those divided by the continuation's length in bytes.
    public var choices: [String]?
    public var loglikelihoods: [Double]?
    public var loglikelihoodsNorm: [Double]?
    public var metrics: [String: Double]
    /// For a twin: the id of the item it was derived from (`provenance.original`).
    public var original: String?
    /// Why the item was not evaluated (e.g. its prompt does not fit the model's context); a
    /// skipped record has no prediction and no metrics, and the summary counts it apart.
    public var skipped: String?

    enum CodingKeys: String, CodingKey {
        case id, split, subset, mode, prompt, answer, prediction, correct, output, outputs, choices
        case loglikelihoods, loglikelihoodsNorm = "loglikelihoods_norm", metrics, original, skipped
    }

    public init(id: String, split: Split, subset: String, mode: EvalMode, prompt: String, answer: String,
                prediction: String? = nil, correct: Bool? = nil, metrics: [String: Double] = [:], original: String? = nil) {
        self.id = id
        self.split = split
        self.subset = subset
        self.mode = mode
        self.prompt = prompt
        self.answer = answer
        self.prediction = prediction
        self.correct = correct
        self.metrics = metrics
        self.original = original
    }

    /// The key that identifies a record within a run (a twin may share its original's id).
    public var key: String { split.rawValue + "\u{1F}" + id }
}
