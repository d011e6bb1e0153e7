import Foundation

/// The options every command that uses a model shares, and how they become a `ModelSource`:
/// `--model PATH.gguf` (in-process) or `--model-url URL` (a served model), never both.
public enum ModelOptions {
    /// The default model: `ASSAY_MODEL`, else where `scripts/setup` puts SmolLM2-135M-Instruct.
    public static var defaultModelPath: String {
        if let path = ProcessInfo.processInfo.environment["ASSAY_MODEL"], !path.isEmpty { return path }
        let models = ProcessInfo.processInfo.environment["ASSAY_MODELS"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/assay/models"
        return models + "/SmolLM2-135M-Instruct.Q4_1.gguf"
    }

    /// `--model` and the llama.cpp settings, then the served-model options.
    public static let specs: [OptionSpec] = [
        OptionSpec("model", .value("PATH"), help: "GGUF model file run in-process (default: $ASSAY_MODEL, else the model scripts/setup installs)."),
        OptionSpec("threads", .value("N"), help: "Threads for decoding, fixed (default: the cores other processes leave free, rechecked every half second)."),
        OptionSpec("ctx", .value("N"), help: "KV cache size in tokens, split among the --seqs sequences.", default: "8192"),
        OptionSpec("batch", .value("N"), help: "Most tokens per decode call; short texts are packed up to it.", default: "512"),
        OptionSpec("seqs", .value("N"), help: "Most sequences decoded in parallel.", default: "8"),
        OptionSpec("flash-attn", .flag, help: "Use flash attention (faster on long texts; scores then depend slightly on packing)."),
        OptionSpec("verbose", .flag, help: "Show llama.cpp's own log."),
    ] + servedSpecs

    /// The options naming a server: its URL, the model id, the API key's variable.
    public static let endpointSpecs: [OptionSpec] = [
        OptionSpec("model-url", .value("URL"), help: "A served model instead of --model: an OpenAI-compatible API's base URL, e.g. http://127.0.0.1:8080/v1."),
        OptionSpec("model-name", .value("NAME"), help: "Model id to request from the server (default: the first of its /v1/models)."),
        OptionSpec("api-key-env", .value("VAR"), help: "Environment variable holding the API key (sent as a bearer token, never written anywhere)."),
    ]

    /// The options of a served model.
    public static let servedSpecs: [OptionSpec] = endpointSpecs + [
        OptionSpec("concurrency", .value("N"), help: "Requests in flight at once to the server.", default: "8"),
        OptionSpec("timeout", .value("S"), help: "Seconds one request to the server may take.", default: "600"),
        OptionSpec("response-cache", .value("FILE"), help: "JSONL cache of the server's answers: a repeated or resumed run asks nothing twice."),
        OptionSpec("server-prompt-cache", .flag, help: "Let llama-server reuse cached prompt prefixes: faster, but scores may move by ~0.1 nats."),
    ]

    /// The llama.cpp configuration the options describe (the GGUF path, threads, context...).
    public static func configuration(from arguments: ParsedArguments) throws(UsageError) -> ModelConfiguration {
        let batch = try arguments.intValue("batch", in: 1...65536)
        let ctx = try arguments.intValue("ctx", in: 16...1_048_576)
        let seqs = try arguments.intValue("seqs", in: 1...256)
        return ModelConfiguration(path: arguments.string("model") ?? defaultModelPath,
                                  threads: try arguments.int("threads", in: 1...512),
                                  contextSize: ctx, batchSize: max(seqs, min(batch, ctx)), sequences: seqs,
                                  verbose: arguments.flag("verbose"), flashAttention: arguments.flag("flash-attn"))
    }

    /// The model the options name: `--model-url` (with its settings) or the GGUF file.
    public static func source(from arguments: ParsedArguments) throws(UsageError) -> ModelSource {
        guard let text = arguments.string("model-url") else {
            for option in ["model-name", "api-key-env", "response-cache", "server-prompt-cache"] where arguments.has(option) {
                throw .conflict("--\(option) goes with --model-url")
            }
            return .gguf(try configuration(from: arguments))
        }
        if arguments.has("model") { throw .conflict("give --model (a GGUF file) or --model-url (a server), not both") }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw .invalidValue(option: "model-url", value: text, reason: "not an http(s) URL such as http://127.0.0.1:8080/v1")
        }
        return try served(url, modelName: arguments.string("model-name"), from: arguments)
    }

    /// A served model at `url` with the served options given.
    static func served(_ url: URL, modelName: String?, from arguments: ParsedArguments) throws(UsageError) -> ModelSource {
        .served(OpenAIModel.Configuration(
            baseURL: url, modelName: modelName, apiKeyVariable: arguments.string("api-key-env"),
            concurrency: try arguments.intValue("concurrency", in: 1...4096),
            timeout: try arguments.doubleValue("timeout", in: 0.1...86_400),
            cachePath: arguments.string("response-cache"), promptCache: arguments.flag("server-prompt-cache")))
    }

    /// A model named by one string (`assay arena --candidate NAME=SOURCE`, `--judge SOURCE`): an
    /// `http(s)://` URL is a served model with the served options given (concurrency, timeout,
    /// API key variable...), anything else a GGUF path with the llama.cpp options given.
    public static func source(named text: String, from arguments: ParsedArguments) throws(UsageError) -> ModelSource {
        guard text.hasPrefix("http://") || text.hasPrefix("https://") else {
            var configuration = try configuration(from: arguments)
            configuration.path = text
            return .gguf(configuration)
        }
        guard let url = URL(string: text), url.host != nil else {
            throw .invalidValue(option: "model-url", value: text, reason: "not an http(s) URL such as http://127.0.0.1:8080/v1")
        }
        return try served(url, modelName: nil, from: arguments)
    }

    /// Loads or connects to the model the options name.
    public static func load(from arguments: ParsedArguments) async throws -> any LanguageModel {
        try await ModelFactory.load(try source(from: arguments))
    }
}
