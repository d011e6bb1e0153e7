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
    /// A reference protocol's prompts (`--protocol`), which replace the style's.
    public var protocolPlan: ProtocolPlan?

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

    /// The continuations scored for a multiple-choice item, delimiter included, and the choice
    /// texts `acc_norm` divides by.
    public func continuations(for item: BenchmarkItem, style: PromptStyle) -> (scored: [String], texts: [String]) {
        if let evalProtocol = protocolPlan?.evalProtocol { return evalProtocol.continuations(item) }
        let texts = style.choices(item)
        return (texts.map { choiceDelimiter + $0 }, texts)
    }

    /// Where generation stops for an item of `style`.
    public func stops(style: PromptStyle) -> [String] { protocolPlan?.evalProtocol.until ?? style.stops }

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
        if let protocolPlan { return protocolPlan.context(for: item) }
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

    /// The prompt given to the model: `text`, or with `chat` a conversation (the system
    /// message, the text as the user turn) that the model's backend renders.
    public func prompt(for item: BenchmarkItem, style: PromptStyle) -> Prompt {
        let text = text(for: item, style: style)
        return chat ? .chat(system: system, user: text) : .text(text)
    }
}

/// How one item is written into a prompt, in the spirit of lm-evaluation-harness's task
/// templates. A style gives the item's query (the text up to the answer cue), the choices
/// scored in log-likelihood mode, the answer a few-shot example shows, and the stop strings
/// of generation.
public enum PromptStyle: String, Sendable, Codable, CaseIterable {
    /// MMLU / C-Eval: a header naming the subject, the options listed as "A. ...", then
    /// "Answer:"; the scored choices are the letters.
    case lettered
    /// "Question: ...\nAnswer:" (ARC, GSM8K, QA); the scored choices are the option texts.
    case question
    /// HellaSwag: the question as it is, continued by the ending (the reader writes
    /// lm-evaluation-harness's query "{activity}: {context}" into the question).
    case completion
    /// "Q: ...\nA:" (BBH, TruthfulQA).
    case shortQA
    /// "Problem: ...\nSolution:" (MATH).
    case problem
    /// HumanEval: the prompt as it is (a function signature and docstring to complete).
    case code

    /// The style for an item of `format` evaluated in `mode`. Multiple-choice items list
    /// their options with letters when the answer is generated, since the model must name one.
    public static func of(_ item: BenchmarkItem, format: BenchmarkFormat, mode: EvalMode) -> PromptStyle {
        if item.isMultipleChoice && mode == .generate { return .lettered }
        switch format {
        case .mmlu, .ceval: return .lettered
        case .arc, .gsm8k, .qa: return .question
        case .hellaswag: return .completion
        case .truthfulqaMC, .truthfulqaGen, .bbh: return .shortQA
        case .math: return .problem
        case .humaneval: return .code
        case .canonical: return item.isMultipleChoice ? .lettered : .question
        }
    }

    /// The line that opens a prompt of this style, or nil.
    public func header(subset: String?) -> String? {
        guard self == .lettered else { return nil }
        guard let subset, !subset.isEmpty else { return "The following are multiple choice questions (with answers)." }
        return "The following are multiple choice questions (with answers) about \(subset.replacingOccurrences(of: "_", with: " "))."
    }

    /// The item's text up to and including the answer cue ("Answer:"), without a trailing space.
    public func query(_ item: BenchmarkItem) -> String {
        switch self {
        case .lettered:
            let choices = item.choices ?? []
            let options = zip(BenchmarkItem.labels(count: choices.count), choices).map { "\($0). \($1)" }
            return ([item.question] + options + ["Answer:"]).joined(separator: "\n")
        case .question: return "Question: \(item.question)\nAnswer:"
        case .completion, .code: return item.question
        case .shortQA: return "Q: \(item.question)\nA:"
        case .problem: return "Problem: \(item.question)\nSolution:"
        }
    }

    /// The continuations scored in log-likelihood mode (without the delimiter): the letters
    /// for `lettered`, else the option texts.
    public func choices(_ item: BenchmarkItem) -> [String] {
        let choices = item.choices ?? []
        return self == .lettered ? BenchmarkItem.labels(count: choices.count) : choices
    }

    /// What a few-shot example shows after the cue. With `chainOfThought`, the worked
    /// reasoning (the item's `solution`) ending in "The answer is X."
    public func shotAnswer(_ item: BenchmarkItem, chainOfThought: Bool) -> String {
        if chainOfThought, let solution = item.solution, !solution.isEmpty {
            return "\(Self.plainReasoning(solution)) The answer is \(answerText(item))."
        }
        switch self {
        case .question where item.solution != nil && !item.isMultipleChoice:
            return "\(item.solution!)\n#### \(item.answer)"
        case .problem: return item.solution ?? item.answer
        default: return answerText(item)
        }
    }

    /// The gold answer as text: the letter for `lettered`, the gold option's text for other
    /// multiple-choice styles, else `answer`.
    public func answerText(_ item: BenchmarkItem) -> String {
        guard let choices = item.choices, !choices.isEmpty, self != .lettered,
              let index = BenchmarkItem.labels(count: choices.count).firstIndex(of: item.answer) else { return item.answer }
        return choices[index]
    }

    /// Where generation stops: before the model starts writing the next example.
    public var stops: [String] {
        switch self {
        case .lettered, .question, .completion: return ["\n\n", "Question:"]
        case .shortQA: return ["\n\n", "\nQ:"]
        case .problem: return ["\n\nProblem:", "Problem:"]
        case .code: return ["\ndef ", "\nclass ", "\nif __name__", "\nprint(", "\n#"]
        }
    }

    /// A rationale on one line, without GSM8K's calculator annotations ("<<3*4=12>>") and
    /// its final "#### n" line.
    static func plainReasoning(_ solution: String) -> String {
        var text = solution
        while let open = text.range(of: "<<"), let close = text.range(of: ">>", range: open.upperBound..<text.endIndex) {
            text.removeSubrange(open.lowerBound..<close.upperBound)
        }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.filter { !$0.isEmpty && !$0.hasPrefix("####") }.joined(separator: " ")
    }
}
