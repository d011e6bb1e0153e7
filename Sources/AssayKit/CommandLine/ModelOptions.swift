import Foundation

/// The options every command that loads a model shares, and how they become a
/// `ModelConfiguration`.
public enum ModelOptions {
    /// The default model: `ASSAY_MODEL`, else where `scripts/setup` puts SmolLM2-135M-Instruct.
    public static var defaultModelPath: String {
        if let path = ProcessInfo.processInfo.environment["ASSAY_MODEL"], !path.isEmpty { return path }
        let models = ProcessInfo.processInfo.environment["ASSAY_MODELS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/assay/models"
        return models + "/SmolLM2-135M-Instruct.Q4_1.gguf"
    }

    /// `--model`, `--threads`, `--ctx`, `--batch`, `--seqs`, `--verbose`.
    public static let specs: [OptionSpec] = [
        OptionSpec("model", .value("PATH"), help: "GGUF model file (default: $ASSAY_MODEL, else the model scripts/setup installs)."),
        OptionSpec("threads", .value("N"), help: "Threads for decoding (default: number of cores)."),
        OptionSpec("ctx", .value("N"), help: "KV cache size in tokens, split among the --seqs sequences.", default: "8192"),
        OptionSpec("batch", .value("N"), help: "Most tokens per decode call; short texts are packed up to it.", default: "512"),
        OptionSpec("seqs", .value("N"), help: "Most sequences decoded in parallel.", default: "8"),
        OptionSpec("flash-attn", .flag, help: "Use flash attention (faster on long texts; scores then depend slightly on packing)."),
        OptionSpec("verbose", .flag, help: "Show llama.cpp's own log."),
    ]

    /// The configuration the options describe.
    public static func configuration(from arguments: ParsedArguments) throws(UsageError) -> ModelConfiguration {
        let batch = try arguments.int("batch", in: 1...65536) ?? 512
        let ctx = try arguments.int("ctx", in: 16...1_048_576) ?? 8192
        let seqs = try arguments.int("seqs", in: 1...256) ?? 8
        return ModelConfiguration(path: arguments.string("model") ?? defaultModelPath,
                                  threads: try arguments.int("threads", in: 1...512),
                                  contextSize: ctx, batchSize: max(seqs, min(batch, ctx)), sequences: seqs,
                                  verbose: arguments.flag("verbose"), flashAttention: arguments.flag("flash-attn"))
    }
}
