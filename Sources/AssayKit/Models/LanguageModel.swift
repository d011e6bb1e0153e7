/// A language model as Assay uses it, whatever runs it: a GGUF file in-process (`LlamaModel`)
/// or a served model behind an OpenAI-compatible API (`OpenAIModel`). Three request kinds, the
/// way lm-evaluation-harness models them, but batched and richer:
///
/// - **score**: log-probabilities of every token of a text (or of a continuation after a
///   context), with what the backend can see of the next-token distribution.
/// - **generate**: greedy or seeded sampled continuations with stop strings.
/// - **tokenize / detokenize** with the model's own vocabulary.
///
/// Prompts are backend-neutral (`Prompt`): each backend renders a chat its own way. What a
/// backend can do is declared in `capabilities`; callers check it up front with `require`.
/// Implementations take many requests at once and are free to pack or parallelize them;
/// results come back in request order.
public protocol LanguageModel: Sendable {
    /// What the model is and what runs it, for manifests and reports.
    var provenance: ModelProvenance { get }

    /// What the backend can do.
    var capabilities: ModelCapabilities { get }

    /// Token ids of a text, without special tokens (needs `.tokenize`).
    func tokenize(_ text: String) async throws -> [Int32]

    /// The text of token ids, special tokens not rendered (needs `.tokenize`).
    func detokenize(_ tokens: [Int32]) async throws -> String

    /// Scores the requests; `progress` is called with the number of requests finished so far.
    func score(_ requests: [ScoreRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [ScoreResult]

    /// Generates a continuation for each request; `progress` as for `score`.
    func generate(_ requests: [GenerationRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [GenerationResult]
}

extension LanguageModel {
    /// Throws `ModelCapabilityError.missing` naming the first of `needed` the model lacks, what
    /// `purpose` needs it for, and what would provide it.
    public func require(_ needed: ModelCapabilities, for purpose: String) throws(ModelCapabilityError) {
        try capabilities.require(needed, for: purpose, model: provenance.displayName)
    }
}

/// What a model is asked to continue: plain text, or a conversation that the backend renders
/// (llama.cpp: the GGUF chat template with the assistant turn opened; HTTP: the messages of
/// `/v1/chat/completions`, or the server's own template).
public enum Prompt: Hashable, Sendable {
    case text(String)
    case chat([ChatMessage])

    /// A user turn, after an optional system message.
    public static func chat(system: String?, user: String) -> Prompt {
        var messages: [ChatMessage] = []
        if let system, !system.isEmpty { messages.append(ChatMessage(.system, system)) }
        messages.append(ChatMessage(.user, user))
        return .chat(messages)
    }

    /// The prompt as a record shows it: the text, or each message under its role.
    public var transcript: String {
        switch self {
        case .text(let text): return text
        case .chat(let messages): return messages.map { "[\($0.role.rawValue)]\n\($0.content)" }.joined(separator: "\n\n")
        }
    }

    /// The prompt as messages: a conversation's own, or plain text as one user message.
    public var messages: [ChatMessage] {
        switch self {
        case .text(let text): return [ChatMessage(.user, text)]
        case .chat(let messages): return messages
        }
    }

    /// True for a conversation.
    public var isChat: Bool {
        if case .chat = self { return true }
        return false
    }
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
