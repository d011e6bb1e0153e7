/// One line of `results.jsonl`: one item variant, what the model answered and whether it was
/// right. `id` is always the original item's id, so the lines of one item pair up across
/// variants; `item_id` is the evaluated item's own id (`<id>~typos:0.05`, `<id>~rotate:2`).
public struct RobustRecord: Codable, Sendable, Equatable {
    public var id: String
    /// "original", a perturbation kind ("typos:0.05"), or "circular".
    public var variant: String
    /// The rotation of a circular line (rotation 0 is the original line); nil otherwise.
    public var rotation: Int?
    public var itemId: String
    public var subset: String
    public var mode: EvalMode
    public var prompt: String
    /// The gold answer of this variant (a rotated or shuffled item's gold label moves).
    public var answer: String
    /// The gold option's position (0 = first) for multiple-choice items with one gold option.
    public var goldPosition: Int?
    public var prediction: String?
    /// Right or wrong; nil for free-form answers, which the suite leaves out.
    public var correct: Bool?
    /// The generated text (generate mode).
    public var output: String?
    /// The continuations scored and their log-likelihoods (log-likelihood mode).
    public var choices: [String]?
    public var loglikelihoods: [Double]?
    public var metrics: [String: Double]
    /// Why the variant was not evaluated (its prompt does not fit the model's context...).
    public var skipped: String?

    enum CodingKeys: String, CodingKey {
        case id, variant, rotation, itemId = "item_id", subset, mode, prompt, answer, goldPosition = "gold_position"
        case prediction, correct, output, choices, loglikelihoods, metrics, skipped
    }

    /// The line of `task`, from what `EvalRunner` recorded for it.
    public init(task: RobustTask, prediction record: PredictionRecord) {
        id = task.id
        variant = task.variant
        rotation = task.rotation
        itemId = task.task.item.id
        subset = record.subset
        mode = record.mode
        prompt = record.prompt
        answer = record.answer
        goldPosition = task.goldPosition
        prediction = record.prediction
        correct = record.correct
        output = record.output
        choices = record.choices
        loglikelihoods = record.loglikelihoods
        metrics = record.metrics
        skipped = record.skipped
    }

    /// Identifies a line within a run.
    public var key: String { Self.key(variant: variant, rotation: rotation, id: id) }

    static func key(variant: String, rotation: Int?, id: String) -> String {
        [variant, rotation.map(String.init) ?? "", id].joined(separator: "\u{1F}")
    }
}
