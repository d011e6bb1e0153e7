import Foundation

/// How candidates meet.
public enum ArenaMode: String, CaseIterable, Codable, Sendable {
    /// Each answer graded 1–10 on its own.
    case single
    /// Each candidate against one baseline.
    case baseline
    /// Every pair of candidates.
    case pairwise
    /// Every pair, judged by every candidate model that is not in it (the seed's peer
    /// examination); each judge also judges its own pairs, for the self-preference diagnostic
    /// only (those verdicts never enter the ratings).
    case peer
}

/// One call of a judge: grade one answer, or compare two answers shown in a given order,
/// possibly with one of them perturbed (the judge robustness suite).
public struct JudgeTask: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case grade(candidate: String)
        /// `first` is shown as Assistant A, `second` as Assistant B.
        case pair(first: String, second: String)
    }

    public var questionID: String
    public var judge: String
    public var kind: Kind
    /// The change made to one answer, for the robustness suite.
    public var perturbation: AnswerPerturbation?
    /// The candidate whose answer is perturbed.
    public var perturbed: String?

    public init(questionID: String, judge: String, kind: Kind, perturbation: AnswerPerturbation? = nil, perturbed: String? = nil) {
        self.questionID = questionID
        self.judge = judge
        self.kind = kind
        self.perturbation = perturbation
        self.perturbed = perturbed
    }

    /// The line key in `judgments.jsonl`: a resumed run judges nothing twice.
    public var key: String {
        var parts = [questionID, judge]
        switch kind {
        case .grade(let candidate): parts += ["grade", candidate]
        case .pair(let first, let second): parts += ["pair", first, second]
        }
        if let perturbation, let perturbed { parts += [perturbation.rawValue, perturbed] }
        return parts.joined(separator: "|")
    }
}

/// The judge calls of a run, in a fixed order.
public struct ArenaPlan: Sendable {
    public var mode: ArenaMode
    /// Candidate names in the order given.
    public var candidates: [String]
    /// The judges: the one `--judge`, or in peer mode the candidate models.
    public var judges: [String]
    public var baseline: String?
    /// Judge both orders of every pair (the default): a verdict that flips with the order is
    /// a tie, counted as position-inconsistent.
    public var swap: Bool
    /// Questions (the first N of the set) whose pairs are judged again with one answer
    /// perturbed, once per perturbation; 0 turns the robustness suite off.
    public var robustnessQuestions: Int
    public var seed: UInt64

    public init(mode: ArenaMode, candidates: [String], judges: [String], baseline: String?, swap: Bool = true,
                robustnessQuestions: Int = 0, seed: UInt64 = 0) {
        self.mode = mode
        self.candidates = candidates
        self.judges = judges
        self.baseline = baseline
        self.swap = swap
        self.robustnessQuestions = robustnessQuestions
        self.seed = seed
    }

    /// The unordered pairs the mode compares, each in its canonical order.
    public var pairs: [(String, String)] {
        switch mode {
        case .single: return []
        case .baseline:
            guard let baseline else { return [] }
            return candidates.filter { $0 != baseline }.map { ($0, baseline) }
        case .pairwise, .peer:
            return candidates.indices.flatMap { i in candidates.indices.filter { $0 > i }.map { (candidates[i], candidates[$0]) } }
        }
    }

    /// Every judge call for `questions` (ids in order).
    public func tasks(questions: [String]) -> [JudgeTask] {
        var tasks: [JudgeTask] = []
        for (index, question) in questions.enumerated() {
            for judge in judges {
                if mode == .single {
                    tasks += candidates.map { JudgeTask(questionID: question, judge: judge, kind: .grade(candidate: $0)) }
                    continue
                }
                for (x, y) in pairs {
                    tasks.append(JudgeTask(questionID: question, judge: judge, kind: .pair(first: x, second: y)))
                    if swap { tasks.append(JudgeTask(questionID: question, judge: judge, kind: .pair(first: y, second: x))) }
                    guard index < robustnessQuestions else { continue }
                    var random = SeededGenerator(seed: seed, stream: Self.stream(question, x, y))
                    for perturbation in AnswerPerturbation.allCases where perturbation != .positionSwap {
                        let side = random.chance(0.5) ? x : y
                        tasks.append(JudgeTask(questionID: question, judge: judge, kind: .pair(first: x, second: y),
                                               perturbation: perturbation, perturbed: side))
                    }
                }
            }
        }
        return tasks
    }

    /// A stream number for a question and pair (FNV-1a of the names), so the perturbed side of
    /// a pair does not depend on which other pairs or questions are in the run.
    static func stream(_ parts: String...) -> UInt64 {
        var hash = FNV1a()
        for (index, part) in parts.enumerated() {
            if index > 0 { hash.mix(0x1F) }
            hash.mix(part.utf8)
        }
        return hash.value
    }
}
