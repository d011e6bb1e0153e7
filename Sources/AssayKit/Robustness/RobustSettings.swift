/// What a robustness run asks for (the options of `assay robust`): how to evaluate (the
/// `EvalSettings` of `assay eval`), which perturbation kinds, and whether to run CircularEval.
public struct RobustSettings: Sendable {
    /// Benchmark, prompts, mode, limit, seed: every item variant is evaluated as `assay eval`
    /// would evaluate it. The seed also seeds the perturbations and the bootstrap.
    public var eval: EvalSettings
    /// One variant of every item per kind (kinds are never stacked).
    public var kinds: [PerturbationKind]
    /// Also ask every multiple-choice item under each cyclic rotation of its options.
    public var circular = false
    /// Bootstrap resamples of every interval.
    public var resamples = 1000

    /// Natural perturbations a reader would not count as changing the question: reordered
    /// options, 5 % typos, synonyms, other names, an irrelevant sentence. Kinds that do not fit
    /// an item are skipped for it (`shuffle_options` on open-answer items).
    public static let defaultKinds: [PerturbationKind] = [.shuffleOptions, .typos(rate: 0.05), .paraphrase, .rename(.all), .distractor]

    /// The modes whose answers are right or wrong.
    public static let modes: [EvalMode] = [.loglikelihood, .generate]

    /// Checks the kinds and drops repeats (same kind and parameter), keeping the first.
    public init(eval: EvalSettings, kinds: [PerturbationKind] = defaultKinds) throws(RobustError) {
        if let mode = eval.mode, !Self.modes.contains(mode) { throw .unsupportedMode(mode) }
        var unique: [PerturbationKind] = []
        for kind in kinds where !unique.contains(kind) {
            if case .relabelOptions = kind { throw .unsupportedKind(kind.description, reason: Self.relabelReason) }
            unique.append(kind)
        }
        self.eval = eval
        self.kinds = unique
    }

    static let relabelReason = "evaluation prompts always label options A, B, C...; use shuffle_options or --circular"
}

/// A robustness run that cannot be carried out as asked.
public enum RobustError: Error, Sendable, Equatable, CustomStringConvertible {
    case unsupportedKind(String, reason: String)
    case unsupportedMode(EvalMode)
    case nothingToEvaluate(benchmark: String)

    public var description: String {
        switch self {
        case .unsupportedKind(let kind, let reason):
            return "perturbation '\(kind)' cannot be used here: \(reason)"
        case .unsupportedMode(let mode):
            return "mode '\(mode.rawValue)' gives no right or wrong answers; robustness needs loglikelihood or generate"
        case .nothingToEvaluate(let benchmark):
            return "\(benchmark): no items to evaluate (every item was skipped or used as a few-shot example)"
        }
    }
}
