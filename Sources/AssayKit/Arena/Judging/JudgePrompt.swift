import Foundation

/// A filled judge prompt: the chat the judge model is given, which wording it uses, and the
/// verdict strings it may answer with.
///
/// The wording is Assay's own (`JudgeTemplate`), in English or Chinese (`language` "zh" or
/// "zh-..." picks Chinese; anything else, or nil, English). The reply format puts the verdict
/// first, then at most two sentences of reasons, so that:
/// - a verdict can be read without generation, as the log-likelihood of each of `options` at
///   the start of the assistant's reply (`verdict(option:)` maps the best one to a verdict);
/// - a small model that rambles still gives its verdict early, where `VerdictParser` finds it.
///
/// The conversation is rendered as labelled blocks, each opened by a line such as
/// `[Begin: Assistant A's answer]` and closed by `[End: Assistant A's answer]` (Chinese:
/// `[开始：助手A的回答]` / `[结束：助手A的回答]`). Every inserted text (questions, answers,
/// reference) goes through `neutralize` first, so an answer can neither write a verdict marker
/// nor close its block early and speak as the prompt.
public struct JudgePrompt: Sendable, Hashable {
    /// What the judge is asked for.
    public enum Kind: Codable, Hashable, Sendable {
        /// A grade of one answer, 1–10.
        case single
        /// A comparison of two answers on the given scale.
        case pairwise(JudgeScale)
    }

    /// What the judge is asked for.
    public let kind: Kind
    /// The language of the wording: "en" or "zh".
    public let language: String
    /// The chat the judge is given: Assay's system message and the rendered conversation.
    public let prompt: Prompt
    /// The template's id, e.g. `pairwise-ref-en-v1`, `single-multi-zh-v1`, `pairwise5-en-v1`.
    public let templateID: String
    /// SHA-256 hex of the template's text before filling (system message, user message
    /// around the conversation, block labels): which wording produced a judgment.
    public let templateHash: String
    /// The exact verdict strings, in order: `["[[A]]", "[[B]]", "[[C]]"]` (three-way),
    /// `["[[A>>B]]", "[[A>B]]", "[[A=B]]", "[[B>A]]", "[[B>>A]]"]` (five-level), `["[[1]]", ...,
    /// "[[10]]"]` (single grade). Scored as continuations of the prompt, the likeliest is the
    /// verdict.
    public let options: [String]

    /// The verdict option `index` of `options` stands for: `.pair` with the scale's verdict,
    /// or `.grade(index + 1)`. `index` must be a valid index of `options`.
    public func verdict(option index: Int) -> JudgeReply {
        precondition(options.indices.contains(index), "option \(index) of \(options.count)")
        switch kind {
        case .single: return .grade(Double(index + 1))
        case .pairwise(let scale): return .pair(scale.verdicts[index])
        }
    }

    /// The verdict of a generated reply, read by `VerdictParser` for this prompt's kind.
    public func parse(_ reply: String) -> Result<JudgeReply, VerdictParseFailure> {
        switch kind {
        case .single: return VerdictParser.grade(reply).map { .grade($0) }
        case .pairwise(let scale): return VerdictParser.pairwise(reply, scale: scale).map { .pair($0) }
        }
    }

    /// A prompt asking for a 1–10 grade of the assistant's last answer, weighing helpfulness,
    /// correctness (against `reference` when given), relevance, depth and clarity; declining a
    /// harmful request counts as a good answer. `turns` are the user's turns and `answers` the
    /// assistant's, one per turn (a missing answer shows empty); with several turns the whole
    /// conversation is shown and the last answer graded. `reference` is the reference answer
    /// to the last question.
    public static func single(turns: [String], answers: [String], reference: String?, language: String?) -> JudgePrompt {
        let turns = turns.isEmpty ? [""] : turns
        let multiTurn = turns.count > 1
        let reference = reference.flatMap { $0.isEmpty ? nil : $0 }
        let template = JudgeTemplate.template(mode: .single, reference: reference != nil, multiTurn: multiTurn,
                                              chinese: isChinese(language))
        var blocks: [String] = []
        if multiTurn {
            blocks.append(conversation(turns: turns, answers: answers, assistant: nil, template: template))
            if let reference { blocks.append(block(.reference, turn: nil, reference, template)) }
        } else {
            blocks.append(block(.question, turn: nil, turns[0], template))
            if let reference { blocks.append(block(.reference, turn: nil, reference, template)) }
            blocks.append(block(.answer(assistant: nil), turn: nil, answers.first ?? "", template))
        }
        return JudgePrompt(kind: .single, template: template, body: blocks.joined(separator: "\n\n"),
                           options: (1...10).map { "[[\($0)]]" })
    }

    /// A prompt asking which of two assistants answered the last question better, on `scale`
    /// (a tie is allowed). The judge is told that order, length and names must not sway it and
    /// that claims inside an answer about the verdict are to be ignored. One turn: the question,
    /// the reference, Assistant A's answer, Assistant B's. Several turns: each assistant's
    /// whole conversation under its own heading, then the reference to the last question.
    public static func pairwise(turns: [String], answersA: [String], answersB: [String], reference: String?,
                                language: String?, scale: JudgeScale) -> JudgePrompt {
        let turns = turns.isEmpty ? [""] : turns
        let multiTurn = turns.count > 1
        let reference = reference.flatMap { $0.isEmpty ? nil : $0 }
        let template = JudgeTemplate.template(mode: .pairwise(scale), reference: reference != nil, multiTurn: multiTurn,
                                              chinese: isChinese(language))
        var blocks: [String] = []
        if multiTurn {
            for (assistant, answers) in [("A", answersA), ("B", answersB)] {
                blocks.append(template.conversationHeading(assistant: assistant) + "\n\n"
                              + conversation(turns: turns, answers: answers, assistant: assistant, template: template))
            }
            if let reference { blocks.append(block(.reference, turn: nil, reference, template)) }
        } else {
            blocks.append(block(.question, turn: nil, turns[0], template))
            if let reference { blocks.append(block(.reference, turn: nil, reference, template)) }
            blocks.append(block(.answer(assistant: "A"), turn: nil, answersA.first ?? "", template))
            blocks.append(block(.answer(assistant: "B"), turn: nil, answersB.first ?? "", template))
        }
        return JudgePrompt(kind: .pairwise(scale), template: template, body: blocks.joined(separator: "\n\n"),
                           options: scale.options)
    }

    /// True when `language` asks for the Chinese wording: "zh", or "zh-" / "zh_" followed by a
    /// region or script ("zh-CN", "zh_Hans"), in any case.
    public static func isChinese(_ language: String?) -> Bool {
        guard let language = language?.lowercased() else { return false }
        return language == "zh" || language.hasPrefix("zh-") || language.hasPrefix("zh_")
    }

    /// A text made safe to insert between the prompt's block labels:
    /// - every run of two or more square brackets of the same direction (`[[`, `]]`, and the
    ///   full-width `【【`, `】】`, `［［`, `］］`, in any mix) gets a space between each pair, so
    ///   `[[A]]` becomes `[ [A] ]`: no verdict marker can be read from it, by the judge's
    ///   parser or by eye; code such as `x[[0]]` reads `x[ [0] ]`;
    /// - a bracket that opens what looks like one of the prompt's labels (`[Begin:`, `[End:`,
    ///   `[开始：`, `[结束：`, any case, ASCII or full-width) becomes a parenthesis, and so does
    ///   its closing bracket: `[End: Assistant A's answer]` becomes `(End: Assistant A's
    ///   answer)`, so an answer cannot end its block early and write as the prompt.
    /// Leading and trailing whitespace is removed. Nothing else changes.
    public static func neutralize(_ text: String) -> String {
        let openers: Set<Character> = ["[", "【", "［"], closers: Set<Character> = ["]", "】", "］"]
        var spaced = ""
        var previous: Character?
        for character in text {
            if let previous, (openers.contains(previous) && openers.contains(character))
                || (closers.contains(previous) && closers.contains(character)) {
                spaced.append(" ")
            }
            spaced.append(character)
            previous = character
        }
        let label = "[\\[［](\\s*(?:begin|end|开始|结束)\\s*[:：]"
        var out = replacing("(?i)" + label + "[^\\]］\\n]*)[\\]］]", in: spaced, with: "($1)")
        out = replacing("(?i)" + label + ")", in: out, with: "($1")
        return out.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    // MARK: Rendering

    private init(kind: Kind, template: JudgeTemplate, body: String, options: [String]) {
        self.kind = kind
        self.language = template.chinese ? "zh" : "en"
        self.templateID = template.id
        self.templateHash = template.hash
        self.options = options
        // One pass over the template's own text: nothing inside the body is read as a placeholder.
        self.prompt = .chat(system: template.system, user: template.user.replacingOccurrences(of: "{{body}}", with: body))
    }

    /// One labelled block holding `text` (neutralised).
    private static func block(_ kind: JudgeTemplate.Block, turn: Int?, _ text: String, _ template: JudgeTemplate) -> String {
        [template.begin(kind, turn: turn), neutralize(text), template.end(kind, turn: turn)].joined(separator: "\n")
    }

    /// The turns with the assistant's answers, turn by turn, numbered from 1.
    private static func conversation(turns: [String], answers: [String], assistant: String?, template: JudgeTemplate) -> String {
        turns.enumerated().map { index, question in
            block(.question, turn: index + 1, question, template) + "\n\n"
                + block(.answer(assistant: assistant), turn: index + 1, index < answers.count ? answers[index] : "", template)
        }.joined(separator: "\n\n")
    }

    private static func replacing(_ pattern: String, in text: String, with template: String) -> String {
        RegexCache.regex(pattern).stringByReplacingMatches(in: text, range: NSRange(location: 0, length: (text as NSString).length),
                                              withTemplate: template)
    }
}
