import Foundation

/// What is needed to reproduce a run: model, versions, settings, seed, command line, date.
public struct EvalManifest: Codable, Sendable, Equatable {
    public var model: String
    public var modelFileBytes: UInt64
    public var modelDescription: String
    public var assayVersion: String
    public var llamaCpp: String
    public var seed: UInt64
    public var commandLine: [String]
    /// ISO 8601, UTC.
    public var date: String
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

    enum CodingKeys: String, CodingKey {
        case model, modelFileBytes = "model_file_bytes", modelDescription = "model_description"
        case assayVersion = "assay_version", llamaCpp = "llama_cpp", seed, commandLine = "command_line", date
        case benchmark, format, mode, shots, fewshotSource = "fewshot_source", chainOfThought = "chain_of_thought"
        case chat, system, twins, fromScratch = "from_scratch"
    }

    public init(settings: EvalSettings, plan: EvalPlan, model: ModelInfo, llamaCpp: String, commandLine: [String],
                date: String = RunDate.current()) {
        let attributes = try? FileManager.default.attributesOfItem(atPath: model.path)
        self.model = model.path
        self.modelFileBytes = (attributes?[.size] as? NSNumber)?.uint64Value ?? model.sizeBytes
        self.modelDescription = model.description
        self.assayVersion = AssayVersion.current
        self.llamaCpp = llamaCpp
        self.seed = settings.seed
        self.commandLine = commandLine
        self.date = date
        self.benchmark = settings.benchmark
        self.format = plan.format.rawValue
        self.mode = settings.mode?.rawValue ?? "default"
        self.shots = settings.shots
        self.fewshotSource = plan.prompts.pool.source.rawValue
        self.chainOfThought = settings.chainOfThought
        self.chat = settings.chat
        self.system = settings.system
        self.twins = settings.twins
        self.fromScratch = settings.fromScratch
    }
}
