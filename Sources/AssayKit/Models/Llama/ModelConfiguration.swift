import Foundation

/// How a llama.cpp model is run. Defaults suit a small machine (2 cores).
public struct ModelConfiguration: Hashable, Sendable {
    /// The default model: `ASSAY_MODEL`, else where `scripts/setup` puts SmolLM2-135M-Instruct
    /// (`ASSAY_MODELS`, else `~/.cache/assay/models`).
    public static var defaultModelPath: String {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment["ASSAY_MODEL"], !path.isEmpty { return path }
        let models = environment["ASSAY_MODELS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/assay/models"
        return models + "/SmolLM2-135M-Instruct.Q4_1.gguf"
    }

    /// Path of the GGUF file.
    public var path: String
    /// Threads for decoding: the most used (defaults to the number of cores).
    public var threads: Int
    /// Whether fewer threads are used while other processes keep cores busy (see
    /// `ThreadGovernor`); true unless `threads` was given.
    public var adaptiveThreads: Bool
    /// KV cache size in tokens, split evenly among the parallel sequences: one sequence
    /// (a scoring window, a prompt plus its generation) holds at most contextSize / sequences.
    public var contextSize: Int
    /// Most tokens per llama_decode call; scoring packs short texts up to this many tokens.
    public var batchSize: Int
    /// Most sequences decoded in parallel (packed texts, parallel generations).
    public var sequences: Int
    /// Show llama.cpp's own log on stderr.
    public var verbose: Bool
    /// Use llama.cpp's flash attention (faster on long contexts, but on the CPU its results
    /// depend on the batch composition; off by default so scores do not depend on packing).
    public var flashAttention: Bool

    public init(path: String, threads: Int? = nil, contextSize: Int = 8192, batchSize: Int = 512,
                sequences: Int = 8, verbose: Bool = false, flashAttention: Bool = false) {
        self.path = path
        self.threads = threads ?? max(1, ProcessInfo.processInfo.activeProcessorCount)
        self.adaptiveThreads = threads == nil
        self.contextSize = contextSize
        self.batchSize = batchSize
        self.sequences = sequences
        self.verbose = verbose
        self.flashAttention = flashAttention
    }
}

/// What a loaded model is.
public struct ModelInfo: Hashable, Sendable, Codable {
    public var path: String
    /// llama.cpp's one-line description (architecture, size, quantization).
    public var description: String
    /// `general.name` from the GGUF metadata, when present.
    public var name: String?
    public var parameters: UInt64
    public var sizeBytes: UInt64
    public var vocabularySize: Int
    /// The context length the model was trained with.
    public var trainedContextLength: Int
    public var embeddingSize: Int
    public var layers: Int
    /// The chat template from the GGUF metadata, when present.
    public var chatTemplate: String?
    public var bosToken: Int32?
    public var eosToken: Int32?
    /// Whether the vocabulary asks for BOS to be added.
    public var addsBOS: Bool
    /// llama.cpp's build and CPU features.
    public var systemInfo: String
}
