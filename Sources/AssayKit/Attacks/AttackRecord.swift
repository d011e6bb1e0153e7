/// One line of `results.jsonl`: the attack's fields, the model's output and the detector's
/// verdict, flattened into one JSON object (`id`, `category`, `prompt`, `output`, `success`,
/// `evidence`...).
public struct AttackRecord: Codable, Sendable, Equatable {
    /// The attack (id, category, suite, language, prompts, goal).
    public var item: AttackItem
    /// The model's answer.
    public var output: String
    /// The detector's decision with its evidence.
    public var verdict: AttackVerdict
    /// Why generation ended (`stop`, `eos`, `length`).
    public var finishReason: String
    /// Tokens generated.
    public var tokens: Int

    enum CodingKeys: String, CodingKey {
        case output, finishReason = "finish_reason", tokens = "n_tokens"
    }

    public init(item: AttackItem, output: String, verdict: AttackVerdict, finishReason: String, tokens: Int) {
        self.item = item
        self.output = output
        self.verdict = verdict
        self.finishReason = finishReason
        self.tokens = tokens
    }

    public init(from decoder: any Decoder) throws {
        item = try AttackItem(from: decoder)
        verdict = try AttackVerdict(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        output = try container.decode(String.self, forKey: .output)
        finishReason = try container.decode(String.self, forKey: .finishReason)
        tokens = try container.decode(Int.self, forKey: .tokens)
    }

    public func encode(to encoder: any Encoder) throws {
        try item.encode(to: encoder)
        try verdict.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(output, forKey: .output)
        try container.encode(finishReason, forKey: .finishReason)
        try container.encode(tokens, forKey: .tokens)
    }

}
