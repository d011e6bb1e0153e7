import Foundation

/// Everything `assay arena` was asked to do, for the manifest.
public struct ArenaSettings: Codable, Sendable, Equatable {
    /// A candidate as the manifest records it: its model, or its answer file.
    public struct CandidateEntry: Codable, Sendable, Equatable {
        public var name: String
        public var model: ModelProvenance?
        public var answers: String?
    }

    public var mode: ArenaMode
    public var questions: String
    public var questionCount: Int
    public var candidates: [CandidateEntry]
    public var judges: [String]
    public var baseline: String?
    public var swap: Bool
    public var scale: JudgeScale
    public var method: VerdictMethod
    public var robustnessQuestions: Int
    public var answerMaxTokens: Int
    public var judgeMaxTokens: Int
    public var dryRun: Bool

    enum CodingKeys: String, CodingKey {
        case mode, questions, candidates, judges, baseline, swap, scale, method
        case questionCount = "question_count", robustnessQuestions = "robustness_questions"
        case answerMaxTokens = "answer_max_tokens", judgeMaxTokens = "judge_max_tokens", dryRun = "dry_run"
    }
}

public typealias ArenaManifest = RunManifest<ArenaSettings>

/// The options of an arena run (the command line, parsed).
public struct ArenaOptions: Sendable {
    public var mode: ArenaMode
    public var questions: ArenaQuestionSet
    public var candidates: [ArenaCandidate]
    /// The judge (not in peer mode, not needed for a dry run).
    public var judge: ModelSource?
    public var baseline: String?
    public var swap: Bool = true
    public var scale: JudgeScale = .threeWay
    /// nil: likelihood when the judge gives token log-probabilities, else generate.
    public var method: VerdictMethod?
    public var robustnessQuestions: Int = 0
    public var answerMaxTokens: Int = 256
    public var judgeMaxTokens: Int = 64
    public var dryRun: Bool = false
    public var seed: UInt64 = 0
    public var resamples: Int = 1000
    public var folder: String
    public var resume: Bool = false
    public var quiet: Bool = false

    public init(mode: ArenaMode, questions: ArenaQuestionSet, candidates: [ArenaCandidate], judge: ModelSource?,
                baseline: String? = nil, folder: String) {
        self.mode = mode
        self.questions = questions
        self.candidates = candidates
        self.judge = judge
        self.baseline = baseline
        self.folder = folder
    }

    /// Throws when the options do not make a run: names, baseline, judge, candidate counts.
    public func validate() throws(UsageError) {
        try candidates.checkDistinct()
        let names = candidates.map(\.name)
        guard candidates.count >= (mode == .single ? 1 : 2) else {
            throw .conflict("--mode \(mode.rawValue) needs at least \(mode == .single ? "one" : "two") --candidate")
        }
        if mode == .baseline {
            guard let baseline else { throw .conflict("--mode baseline needs --baseline NAME (one of the candidates)") }
            guard names.contains(baseline) else {
                throw .invalidValue(option: "baseline", value: baseline, reason: "not a candidate (candidates: \(names.joined(separator: ", ")))")
            }
        } else if let baseline, !names.contains(baseline) {
            throw .invalidValue(option: "baseline", value: baseline, reason: "not a candidate (candidates: \(names.joined(separator: ", ")))")
        }
        if mode == .peer {
            if judge != nil { throw .conflict("--mode peer: the candidate models are the judges; leave out --judge") }
            guard candidates.count >= 3, candidates.filter(\.isModel).count >= 1 else {
                throw .conflict("--mode peer needs at least three candidates, one of them a model: a judge never rates a pair it is in")
            }
        } else if judge == nil && !dryRun {
            throw .conflict("--mode \(mode.rawValue) needs --judge PATH.gguf|URL (or --dry-run)")
        }
        if mode == .single && robustnessQuestions > 0 {
            throw .conflict("--robustness re-judges pairs: use it with --mode baseline, pairwise or peer")
        }
    }

    /// The judges' names: the candidate models in peer mode; else the candidate whose model is
    /// the judge (so self-preference shows), or "judge".
    public var judgeNames: [String] {
        if mode == .peer { return candidates.filter(\.isModel).map(\.name) }
        guard let judge else { return ["judge"] }
        return [candidates.first { $0.modelSource == judge }?.name ?? "judge"]
    }
}
