import Foundation

/// Builds the exact prompt of an item: optional system text, the style's header, k worked
/// examples from the `FewShotPool`, then the item's query; plain completion text, or wrapped
/// in the model's chat template as one user message.
public struct PromptBuilder: Sendable {
    public var shots: Int
    public var chainOfThought: Bool
    public var chat: Bool
    public var system: String?
    public var pool: FewShotPool

    public init(shots: Int, chainOfThought: Bool = false, chat: Bool = false, system: String? = nil, pool: FewShotPool) {
        self.shots = shots
        self.chainOfThought = chainOfThought
        self.chat = chat
        self.system = system
        self.pool = pool
    }

    /// The cue that opens a zero-shot chain of thought.
    public static let stepByStep = "Let's think step by step."

    /// What goes between the prompt and a scored choice: a space after "Answer:" in plain
    /// text (as lm-evaluation-harness), nothing at the start of a chat assistant turn.
    public var choiceDelimiter: String { chat ? "" : " " }

    /// The examples an item's prompt shows. With chain of thought, when the pool's examples
    /// carry no worked solution, Assay's own exemplars for the style are used instead.
    public func examples(for item: BenchmarkItem, style: PromptStyle) -> [BenchmarkItem] {
        guard style != .code else { return [] }
        let drawn = pool.shots(for: item, k: shots)
        guard chainOfThought, !drawn.contains(where: { $0.solution != nil }) else { return drawn }
        let own = ChainOfThoughtExemplars.exemplars(for: style)
        return own.isEmpty ? drawn : Array(own.prefix(shots))
    }

    /// The prompt as plain text, before any chat template (with the system text on top).
    public func text(for item: BenchmarkItem, style: PromptStyle) -> String {
        var parts: [String] = []
        if !chat, let system, !system.isEmpty { parts.append(system) }
        if style == .code { return (parts + [item.question]).joined(separator: "\n\n") }
        if let header = style.header(subset: item.subset) { parts.append(header) }
        let examples = examples(for: item, style: style)
        for shot in examples {
            parts.append(style.query(shot) + " " + style.shotAnswer(shot, chainOfThought: chainOfThought))
        }
        var query = style.query(item)
        if chainOfThought && examples.isEmpty { query += " " + Self.stepByStep }
        parts.append(query)
        return parts.joined(separator: "\n\n")
    }

    /// The prompt given to the model: `text`, or with `chat` the model's chat template around
    /// it (system message, the text as the user turn, the assistant turn opened).
    public func prompt(for item: BenchmarkItem, style: PromptStyle, model: some LanguageModel) async throws -> String {
        let text = text(for: item, style: style)
        guard chat else { return text }
        var messages: [ChatMessage] = []
        if let system, !system.isEmpty { messages.append(ChatMessage(.system, system)) }
        messages.append(ChatMessage(.user, text))
        return try await model.applyChatTemplate(messages, addAssistantTurn: true)
    }
}
