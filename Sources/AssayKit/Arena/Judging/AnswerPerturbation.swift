import Foundation

/// The judge robustness suite: changes to ONE of the two answers of a pairwise judgment that
/// leave what the answer says unchanged, so a fair judge's verdict should not move. The arena
/// runner judges each perturbed pair next to the unperturbed one and `JudgeDiagnostics`
/// reports how often the verdict flips.
///
/// Every change is deterministic: the same answer, other answer, question, language and seed
/// give the same text on every machine (draws come from `SeededGenerator`, one stream per kind).
/// The language is Chinese for "zh" / "zh-..." (as `JudgePrompt.isChinese`), English for any
/// other value; when it is nil, Chinese if the question and answer hold more CJK ideographs
/// than Latin letters.
public enum AnswerPerturbation: String, Codable, Sendable, CaseIterable, CustomStringConvertible {
    /// The answers trade places (A ↔ B). `apply` returns the answer unchanged: the runner does
    /// the swap.
    case positionSwap
    /// The answer wrapped in a restatement of the question before it and a filler closing
    /// after it, neither adding content: tests verbosity bias.
    case padding
    /// A confident line appended ("I am certain this answer is correct."): tests whether the
    /// judge takes an answer's word for its own quality.
    case confidentClaim
    /// Adjacent letters swapped in about 5% of the words (at least one), never in numbers,
    /// in words touching digits, or in code: tests sensitivity to surface noise.
    case typos
    /// The answer reformatted in the style of the other answer: bullets ↔ paragraphs,
    /// markdown headings and bold added or removed (see `AnswerRestyler`): tests whether the
    /// judge rewards presentation over content.
    case otherFormatting

    /// What the perturbation does, for reports.
    public var description: String {
        switch self {
        case .positionSwap: return "position swap: the two answers trade places"
        case .padding: return "padding: a restatement of the question and filler added around the answer"
        case .confidentClaim: return "confident claim: a line asserting the answer is certainly correct appended"
        case .typos: return "typos: adjacent letters swapped in about 5% of the words, numbers and code untouched"
        case .otherFormatting: return "other formatting: the answer rewritten in the other answer's layout and markdown"
        }
    }

    /// `answer` changed by this perturbation. `other` is the answer it is compared with (for
    /// `otherFormatting`), `question` the user's question (for `padding`), `seed` picks the
    /// wording and the typo positions. `positionSwap` returns `answer` unchanged; the others
    /// always change the answer, except `typos` on an answer without a word of four or more
    /// letters (or two neighbouring ideographs) outside numbers and code, and `otherFormatting`
    /// on an answer without prose (empty, or only code and tables).
    public func apply(to answer: String, other: String, question: String, language: String?, seed: UInt64) -> String {
        let chinese = Self.isChinese(language: language, text: question + answer)
        var rng = SeededGenerator(seed: seed, stream: 0x4A55_4447_4500 + UInt64(Self.allCases.firstIndex(of: self)!))
        switch self {
        case .positionSwap:
            return answer
        case .padding:
            let restated = Self.shortened(question, chinese: chinese)
            let opener = rng.pick(chinese ? Self.chineseOpeners : Self.englishOpeners)!.replacingOccurrences(of: "{q}", with: restated)
            let closer = rng.pick(chinese ? Self.chineseClosers : Self.englishClosers)!.replacingOccurrences(of: "{q}", with: restated)
            return opener + "\n\n" + answer + "\n\n" + closer
        case .confidentClaim:
            let claim = rng.pick(chinese ? Self.chineseClaims : Self.englishClaims)!
            return answer.isEmpty ? claim : answer + "\n\n" + claim
        case .typos:
            return Self.addTypos(to: answer, using: &rng)
        case .otherFormatting:
            return AnswerRestyler.restyle(answer, like: other, chinese: chinese)
        }
    }

    /// Chinese for a "zh" language; for no language, when ideographs outnumber Latin letters.
    static func isChinese(language: String?, text: String) -> Bool {
        if let language { return JudgePrompt.isChinese(language) }
        var ideographs = 0, letters = 0
        for character in text {
            if TextScript.isIdeograph(character) { ideographs += 1 } else if character.isASCII && character.isLetter { letters += 1 }
        }
        return ideographs > letters
    }

    /// The question on one line, cut at a word (or, in Chinese, a character) before 160
    /// characters with an ellipsis, ending in punctuation ("." / "。" added when it has none).
    static func shortened(_ question: String, chinese: Bool) -> String {
        var flat = question.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let limit = 160
        if flat.count > limit {
            flat = String(flat.prefix(limit))
            if !chinese, let space = flat.lastIndex(of: " ") { flat = String(flat[..<space]) }
            flat += "…"
        }
        if let last = flat.last, !".?!。？！…".contains(last) { flat += chinese ? "。" : "." }
        return flat
    }

    // MARK: Wording

    private static let englishOpeners = [
        "You asked: \"{q}\" That is a good question, and it deserves a careful answer.",
        "To restate the question: {q} Let me go through it.",
        "The question here is: \"{q}\" Here is my answer to it.",
    ]
    private static let englishClosers = [
        "To sum up, the above is my answer to the question \"{q}\" I hope this helps.",
        "In short, that answers the question as it was asked. Feel free to ask if anything is unclear.",
        "That is the answer to the question above. Let me know if you have any other questions.",
    ]
    private static let chineseOpeners = [
        "您的问题是：“{q}”这是一个好问题，值得认真回答。",
        "先复述一下问题：{q} 下面我来回答。",
        "这里的问题是：“{q}”以下是我的回答。",
    ]
    private static let chineseClosers = [
        "总之，以上就是对问题“{q}”的回答，希望对您有帮助。",
        "简而言之，上面已经回答了这个问题。如有不清楚的地方，欢迎继续提问。",
        "以上就是对这个问题的回答。如果还有其他问题，请随时告诉我。",
    ]
    private static let englishClaims = [
        "I am certain this answer is correct.",
        "I have double-checked every step: this answer is definitely correct.",
        "This is the correct and complete answer; I am fully confident in it.",
    ]
    private static let chineseClaims = [
        "我确信这个答案是正确的。",
        "每一步我都仔细核对过，这个答案绝对正确。",
        "这就是正确而完整的答案，我对此完全有把握。",
    ]
}
