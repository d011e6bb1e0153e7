import Foundation

/// The manifest of an evaluation (and of the evaluation inside robust and audit runs).
public typealias EvalManifest = RunManifest<EvalRunSettings>

/// The settings of an evaluation that a manifest records.
public struct EvalRunSettings: Codable, Sendable, Equatable {
    public var benchmark: String
    public var format: String
    /// The asked mode, or "default" (each item's default mode).
    public var mode: String
    public var shots: Int
    public var fewshotSource: String
    public var chainOfThought: Bool
    public var chat: Bool
    public var system: String?
    public var twins: String?
    public var fromScratch: Bool
    /// The reference protocol (`--protocol`), or nil for Assay's own prompts.
    public var evalProtocol: String?
    /// What the protocol reproduces, and its deliberate differences from it.
    public var protocolReference: String?
    public var protocolDifferences: String?

    enum CodingKeys: String, CodingKey {
        case benchmark, format, mode, shots, fewshotSource = "fewshot_source", chainOfThought = "chain_of_thought"
        case chat, system, twins, fromScratch = "from_scratch", evalProtocol = "protocol", protocolReference = "protocol_reference"
        case protocolDifferences = "protocol_differences"
    }

    public init(settings: EvalSettings, plan: EvalPlan) {
        benchmark = settings.benchmark
        format = plan.format.rawValue
        mode = (settings.evalProtocol?.mode ?? settings.mode)?.rawValue ?? "default"
        shots = plan.prompts.shots
        fewshotSource = plan.prompts.pool.source.rawValue
        chainOfThought = settings.chainOfThought
        chat = settings.chat
        system = settings.system
        twins = settings.twins
        fromScratch = settings.fromScratch
        evalProtocol = settings.evalProtocol?.name
        protocolReference = settings.evalProtocol?.reference
        protocolDifferences = settings.evalProtocol?.differences
    }
}

extension RunManifest where Settings == EvalRunSettings {
    /// The manifest of `command` ("eval", "robust", "audit") evaluating `plan` on `model`.
    public init(command: String = "eval", settings: EvalSettings, plan: EvalPlan, model: ModelProvenance,
                commandLine: [String], date: String = RunDate.current()) {
        self.init(command: command, model: model, seed: settings.seed, commandLine: commandLine,
                  settings: EvalRunSettings(settings: settings, plan: plan), date: date)
    }
}
