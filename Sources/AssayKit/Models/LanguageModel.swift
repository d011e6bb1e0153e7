/// A language model as Assay uses it: three request kinds, the way lm-evaluation-harness models
/// them, but batched and richer.
///
/// - **score**: log-probabilities of every token of a text (or of a continuation after a
///   context), with per-position statistics of the full next-token distribution.
/// - **generate**: greedy or seeded sampled continuations with stop strings.
/// - **tokenize / detokenize** and chat-template application.
///
/// Implementations take many requests at once and are free to pack them; results come back in
/// request order.
public protocol LanguageModel: Sendable {
    /// What the model is (name, size, vocabulary, context).
    var info: ModelInfo { get }

    /// Token ids of a text. `addSpecial` adds the tokens the model adds by default (BOS).
    func tokenize(_ text: String, addSpecial: Bool) async throws -> [Int32]

    /// The text of token ids (special tokens not rendered).
    func detokenize(_ tokens: [Int32]) async throws -> String

    /// A conversation rendered with the model's own chat template, ending with the assistant
    /// turn's opening when `addAssistantTurn` is true.
    func applyChatTemplate(_ messages: [ChatMessage], addAssistantTurn: Bool) async throws -> String

    /// Scores the requests; `progress` is called with the number of requests finished so far.
    func score(_ requests: [ScoreRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [ScoreResult]

    /// Generates a continuation for each request; `progress` as for `score`.
    func generate(_ requests: [GenerationRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [GenerationResult]
}

/// One message of a chat.
public struct ChatMessage: Codable, Hashable, Sendable {
    public enum Role: String, Codable, Sendable { case system, user, assistant }
    public var role: Role
    public var content: String

    public init(_ role: Role, _ content: String) {
        self.role = role
        self.content = content
    }
}
