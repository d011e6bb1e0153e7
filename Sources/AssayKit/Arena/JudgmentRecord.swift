import Foundation

/// How a verdict was obtained.
public enum VerdictMethod: String, Codable, Sendable, CaseIterable {
    /// The option (`[[A]]`, `[[7]]`...) the judge finds most likely as the start of its reply:
    /// a probability over the options, no parsing.
    case likelihood
    /// Parsed from the judge's generated reply (retried once with a reminder of the format).
    case generate
    /// A seeded random verdict: `--dry-run`, no judge called.
    case dryRun = "dry-run"
}

/// One line of `judgments.jsonl`: what was asked, of which judge, how, what it replied and
/// what the reply means.
public struct JudgmentRecord: Codable, Hashable, Sendable {
    /// `JudgeTask.key`.
    public var key: String
    public var questionID: String
    public var category: String?
    public var language: String?
    public var judge: String
    /// The graded candidate (single mode).
    public var candidate: String?
    /// The candidates shown as Assistant A and B (pair modes).
    public var first: String?
    public var second: String?
    public var perturbation: AnswerPerturbation?
    public var perturbed: String?
    /// Judge template id and the SHA-256 of its wording; SHA-256 of the whole filled prompt.
    public var template: String
    public var templateHash: String
    public var promptHash: String
    public var method: VerdictMethod
    /// The judge's raw reply (every attempt, joined by a blank line), or the most likely option.
    public var reply: String
    /// Probability of each option (likelihood method), in the template's option order.
    public var probabilities: [Double]?
    /// The verdict in display terms (A = `first`), nil when the reply could not be parsed.
    public var verdict: PairVerdict?
    public var strong: Bool?
    /// The grade (single mode), and its expectation over the options' probabilities.
    public var grade: Double?
    public var expectedGrade: Double?
    /// Replies asked for (2 when the first could not be parsed).
    public var attempts: Int
    /// Why no verdict could be read, when none was.
    public var failure: String?
    /// Characters of the answers judged (after any perturbation): `first`/`candidate`, `second`.
    public var lengthFirst: Int
    public var lengthSecond: Int?

    enum CodingKeys: String, CodingKey {
        case key, category, language, judge, candidate, first, second, perturbation, perturbed, template, method, reply
        case probabilities, verdict, strong, grade, attempts, failure
        case questionID = "question_id", templateHash = "template_hash", promptHash = "prompt_hash"
        case expectedGrade = "expected_grade", lengthFirst = "length_first", lengthSecond = "length_second"
    }

    /// True when the judgment has a verdict or grade.
    public var parsed: Bool { verdict != nil || grade != nil }

    /// The input of the judge diagnostics.
    public var pairJudgment: PairJudgment? {
        guard let first, let second else { return nil }
        return PairJudgment(questionID: questionID, category: category, judge: judge, first: first, second: second,
                            lengthFirst: lengthFirst, lengthSecond: lengthSecond ?? 0,
                            perturbation: perturbation, perturbed: perturbed, verdict: verdict)
    }
}
