/// One item variant to evaluate: the original, its twin under one perturbation kind, or one
/// rotation of its options.
public struct RobustTask: Sendable, Equatable {
    /// "original", the kind's description ("typos:0.05"), or "circular".
    public var variant: String
    /// The rotation (1..<options) of a circular variant; nil otherwise.
    public var rotation: Int?
    /// The id of the original item.
    public var id: String
    /// The gold option's position in this variant (multiple choice with one gold option).
    public var goldPosition: Int?
    /// The variant as `EvalRunner` evaluates it.
    public var task: EvalTask

    public static let originalVariant = "original"
    public static let circularVariant = "circular"

    /// Identifies the task's line in `results.jsonl`.
    public var key: String { RobustRecord.key(variant: variant, rotation: rotation, id: id) }
}

/// The tasks of a robustness run, in a fixed order: every original item (as `EvalPlan` reads
/// and splits them), then per kind the items it perturbs, then the rotations. Item `i` of the
/// originals is perturbed with stream `i` of the seed, by one `Perturber` per kind.
public struct RobustPlan: Sendable {
    public var settings: RobustSettings
    /// The originals, the few-shot pool and the prompt settings.
    public var eval: EvalPlan
    public var tasks: [RobustTask]
    /// Per kind, the items it could not perturb.
    public var unperturbed: [String: Int]
    /// Items CircularEval could not rotate (with `circular`).
    public var unrotated: Int

    public init(_ settings: RobustSettings, warn: (String) -> Void) throws {
        let eval = try EvalPlan(settings.eval, warn: warn)
        guard !eval.tasks.isEmpty else { throw RobustError.nothingToEvaluate(benchmark: settings.eval.benchmark) }
        if let task = eval.tasks.first(where: { !RobustSettings.modes.contains($0.mode) }) {
            throw RobustError.unsupportedMode(task.mode)
        }
        let originals = eval.tasks
        func variant(_ item: BenchmarkItem, of original: EvalTask, index: Int, name: String, rotation: Int? = nil) -> RobustTask {
            let task = EvalTask(index: index, item: item, split: name == RobustTask.originalVariant ? .original : .twin,
                                mode: original.mode, style: PromptStyle.of(item, format: eval.format, mode: original.mode))
            return RobustTask(variant: name, rotation: rotation, id: original.item.id,
                              goldPosition: OptionRotation.goldPosition(of: item), task: task)
        }
        var tasks = originals.map { variant($0.item, of: $0, index: $0.index, name: RobustTask.originalVariant) }
        var unperturbed: [String: Int] = [:]
        for kind in settings.kinds {
            let perturber = try Perturber(kinds: [kind], seed: settings.eval.seed)
            unperturbed[kind.description] = 0
            for original in originals {
                guard let item = perturber.perturb(original.item, index: original.index) else {
                    unperturbed[kind.description, default: 0] += 1
                    continue
                }
                tasks.append(variant(item, of: original, index: tasks.count, name: kind.description))
            }
        }
        var unrotated = 0
        if settings.circular {
            for original in originals {
                let count = original.item.choices?.count ?? 0
                guard OptionRotation.goldPosition(of: original.item) != nil else { unrotated += 1; continue }
                for r in 1..<count {
                    tasks.append(variant(OptionRotation.rotated(original.item, by: r)!, of: original, index: tasks.count,
                                         name: RobustTask.circularVariant, rotation: r))
                }
            }
        }
        self.settings = settings
        self.eval = eval
        self.tasks = tasks
        self.unperturbed = unperturbed
        self.unrotated = unrotated
    }
}
