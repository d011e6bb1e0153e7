import Foundation

/// How an item is evaluated.
public enum EvalMode: String, Sendable, Codable, CaseIterable {
    /// Multiple choice: every choice scored as a continuation of the prompt; the most likely wins.
    case loglikelihood
    /// Greedy generation, then answer extraction (or ROUGE/BLEU for free-form answers).
    case generate
    /// The item's question and answer scored whole: token- and word-level perplexity.
    case perplexity
    /// HumanEval: sampled completions run against the tests in the sandbox, pass@k.
    case code

    /// The mode an item is evaluated in when none is asked for: multiple-choice items by
    /// log-likelihood, HumanEval as code, everything else generated.
    public static func defaultMode(for item: BenchmarkItem, format: BenchmarkFormat) -> EvalMode {
        if format == .humaneval { return .code }
        return item.isMultipleChoice ? .loglikelihood : .generate
    }

    /// Whether `item` can be evaluated in this mode, and why not.
    public func refusal(for item: BenchmarkItem) -> String? {
        switch self {
        case .loglikelihood where !item.isMultipleChoice:
            return "\(item.id): not a multiple-choice item; use --mode generate or perplexity"
        case .code where item.context == nil:
            return "\(item.id): not a HumanEval item (no test code)"
        default:
            return nil
        }
    }
}

/// What an evaluation run asks for (the options of `assay eval`).
public struct EvalSettings: Sendable {
    public var benchmark: String
    /// nil: detected from the benchmark path.
    public var format: BenchmarkFormat?
    /// nil: each item's default (`EvalMode.defaultMode`).
    public var mode: EvalMode?
    public var shots = 0
    /// Evaluate only the first N items (and their twins).
    public var limit: Int?
    public var twins: String?
    public var fewshot: String?
    public var chainOfThought = false
    public var chat = false
    public var system: String?
    public var maxTokens = 256
    /// Completions per HumanEval task.
    public var samples = 1
    /// Sampling temperature of code mode; nil: 0 (greedy) for one sample, 0.8 for several.
    public var temperature: Double?
    public var seed: UInt64 = 0
    /// Score every (prompt, choice) pair in its own call (no shared context).
    public var fromScratch = false
    /// Items per model call (and per flush of the predictions file).
    public var chunkSize = 16
    /// Stop at the first item that does not fit the model's context instead of recording it
    /// as skipped.
    public var strict = false
    /// A reference protocol (`--protocol`): it fixes the prompts, examples, mode and metrics.
    public var evalProtocol: EvalProtocol?

    public init(benchmark: String) { self.benchmark = benchmark }
}

/// One item to evaluate, with how.
public struct EvalTask: Sendable, Equatable {
    /// Position in the run's task list; seeds sampling, so a resumed run samples the same.
    public var index: Int
    public var item: BenchmarkItem
    public var split: PredictionRecord.Split
    public var mode: EvalMode
    public var style: PromptStyle

    public var key: String { split.rawValue + "\u{1F}" + item.id }
}

/// The items of a run, read and split into few-shot examples and tasks, in a fixed order:
/// the originals in file order, then the twins.
public struct EvalPlan: Sendable {
    public var format: BenchmarkFormat
    public var tasks: [EvalTask]
    public var prompts: PromptBuilder
    /// Bad records and items the mode cannot evaluate, skipped with a warning.
    public var skipped: Int

    public init(_ settings: EvalSettings, warn: (String) -> Void) throws {
        let format = try settings.format ?? BenchmarkFormat.detect(path: settings.benchmark)
        var skipped = 0
        func read(_ path: String, _ format: BenchmarkFormat?) throws -> [BenchmarkItem] {
            var items: [BenchmarkItem] = []
            try BenchmarkReader.read(path, format: format, strict: false, onSkip: { skipped += 1; warn("\($0)") },
                                     onWarning: warn) { items.append($0) }
            return items
        }
        var originals = try read(settings.benchmark, settings.format)
        if let dev = FewShotPool.siblingDevFile(of: settings.benchmark) {
            originals = try read(dev, settings.format) + originals
        }
        let fewshot: [BenchmarkItem]?, promptFile: ChainOfThoughtPromptFile?
        if let evalProtocol = settings.evalProtocol {
            (fewshot, promptFile) = try ProtocolPlan.fewshot(evalProtocol, path: settings.fewshot, format: format) { try read($0, nil) }
        } else {
            (fewshot, promptFile) = (try settings.fewshot.map { try read($0, nil) }, nil)
        }
        let shots = settings.evalProtocol?.shots.count ?? settings.shots
        var (pool, evaluate) = FewShotPool.split(originals, shots: shots, fewshotFile: fewshot)
        if let evalProtocol = settings.evalProtocol {
            if let subset = evalProtocol.subset { evaluate = evaluate.filter { $0.subset == subset } }
            try ProtocolPlan.check(evalProtocol, settings: settings, format: format, items: evaluate, fileExamples: fewshot, promptFile: promptFile)
        }
        let limit = settings.limit ?? Int.max
        let originalsEvaluated = Array(evaluate.prefix(limit))
        let twins = Self.twinsOf(originalsEvaluated, in: try settings.twins.map { try read($0, nil) } ?? [], limit: limit, warn: warn)

        var tasks: [EvalTask] = []
        for (split, items) in [(PredictionRecord.Split.original, originalsEvaluated), (.twin, twins)] {
            for item in items {
                let mode = settings.evalProtocol?.mode ?? settings.mode ?? EvalMode.defaultMode(for: item, format: format)
                if let refusal = mode.refusal(for: item) {
                    skipped += 1
                    warn(refusal)
                    continue
                }
                tasks.append(EvalTask(index: tasks.count, item: item, split: split, mode: mode,
                                      style: PromptStyle.of(item, format: format, mode: mode)))
            }
        }
        self.format = format
        self.tasks = tasks
        self.skipped = skipped
        self.prompts = PromptBuilder(shots: shots, chainOfThought: settings.chainOfThought, chat: settings.chat,
                                     system: settings.system, pool: pool)
        if let evalProtocol = settings.evalProtocol {
            prompts.protocolPlan = try ProtocolPlan(evalProtocol, tasks: tasks, pool: pool, fileExamples: fewshot,
                                                    fileDescription: promptFile?.description)
        }
    }
}

extension EvalPlan {
    /// The twins to evaluate beside `originals`: a twin that names its original
    /// (`provenance.original`) is kept only when that original is evaluated, so the twin column
    /// compares like with like (a twin of a few-shot example or of an item beyond `--limit` is
    /// left out, and counted in a warning); twins that name no original keep the first `limit`.
    static func twinsOf(_ originals: [BenchmarkItem], in twins: [BenchmarkItem], limit: Int,
                        warn: (String) -> Void) -> [BenchmarkItem] {
        let evaluated = Set(originals.map(\.id))
        let kept = twins.filter { twin in twin.provenance?.original.map(evaluated.contains) ?? true }
        if kept.count < twins.count {
            warn("\(twins.count - kept.count) twins left out: their originals are few-shot examples or beyond --limit, so they are not evaluated")
        }
        return Array(kept.prefix(limit))
    }

    /// What the plan's tasks need of a model: log-probabilities for log-likelihood and
    /// perplexity, generation for the rest, chat for `--chat`, seeded sampling for sampled code.
    public func requirements(_ settings: EvalSettings) -> ModelCapabilities {
        var needed: ModelCapabilities = []
        for mode in Set(tasks.map(\.mode)) {
            switch mode {
            case .loglikelihood, .perplexity: needed.insert(.tokenLogProbs)
            case .generate: needed.insert(.generate)
            case .code:
                needed.insert(.generate)
                if settings.samples > 1 || (settings.temperature ?? 0) > 0 { needed.insert(.seededSampling) }
            }
        }
        if prompts.chat { needed.insert(.chat) }
        return needed
    }

    /// Throws when the model cannot do what the plan needs, before any work.
    public func check(_ model: some LanguageModel, settings: EvalSettings) throws {
        try model.require(requirements(settings), for: "this evaluation")
    }
}
