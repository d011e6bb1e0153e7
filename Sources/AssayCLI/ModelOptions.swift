import AssayKit
import Foundation

/// The options every command that uses a model shares, and how they become a `ModelSource`:
/// `--model PATH.gguf` (in-process) or `--model-url URL` (a served model), never both.
public enum ModelOptions {
    public static let model = Option<String?>("model", "PATH", help: "GGUF model file run in-process (default: $ASSAY_MODEL, else the model scripts/setup installs).")
    public static let threads = Option<Int?>("threads", in: 1...512, help: "Threads for decoding, fixed (default: the cores other processes leave free, rechecked every half second).")
    public static let ctx = Option<Int>("ctx", default: 8192, in: 16...1_048_576, help: "KV cache size in tokens, split among the --seqs sequences.")
    public static let batch = Option<Int>("batch", default: 512, in: 1...65536, help: "Most tokens per decode call; short texts are packed up to it.")
    public static let seqs = Option<Int>("seqs", default: 8, in: 1...256, help: "Most sequences decoded in parallel.")
    public static let flashAttention = Flag("flash-attn", help: "Use flash attention (faster on long texts; scores then depend slightly on packing).")
    public static let verbose = Flag("verbose", help: "Show llama.cpp's own log.")
    public static let modelURL = Option<String?>("model-url", "URL", help: "A served model instead of --model: an OpenAI-compatible API's base URL, e.g. http://127.0.0.1:8080/v1.")
    public static let modelName = Option<String?>("model-name", "NAME", help: "Model id to request from the server (default: the first of its /v1/models).")
    public static let apiKeyVariable = Option<String?>("api-key-env", "VAR", help: "Environment variable holding the API key (sent as a bearer token, never written anywhere).")
    public static let concurrency = Option<Int>("concurrency", default: 8, in: 1...4096, help: "Requests in flight at once to the server.")
    public static let timeout = Option<Double>("timeout", "S", default: 600, in: 0.1...86_400, help: "Seconds one request to the server may take.")
    public static let responseCache = Option<String?>("response-cache", "FILE", help: "JSONL cache of the server's answers: a repeated or resumed run asks nothing twice.")
    public static let serverPromptCache = Flag("server-prompt-cache", help: "Let llama-server reuse cached prompt prefixes: faster, but scores may move by ~0.1 nats.")

    /// The llama.cpp settings, without `--model` (for commands that name models otherwise).
    public static let llamaSpecs = [OptionSpec]([threads, ctx, batch, seqs, flashAttention, verbose])

    /// `--model` and the llama.cpp settings, then the served-model options.
    public static let specs = [model.spec] + llamaSpecs + servedSpecs

    /// The options naming a server: its URL, the model id, the API key's variable.
    public static let endpointSpecs = [OptionSpec]([modelURL, modelName, apiKeyVariable])

    /// The settings of a served model, without the options naming it.
    public static let serverSettingSpecs = [OptionSpec]([concurrency, timeout, responseCache, serverPromptCache])

    /// The options of a served model.
    public static let servedSpecs = endpointSpecs + serverSettingSpecs

    /// The llama.cpp configuration the options describe (the GGUF path, threads, context...).
    public static func configuration(from arguments: ParsedArguments) throws(UsageError) -> ModelConfiguration {
        let batch = try arguments[batch], ctx = try arguments[ctx], seqs = try arguments[seqs]
        return ModelConfiguration(path: try arguments[model] ?? ModelConfiguration.defaultModelPath, threads: try arguments[threads],
                                  contextSize: ctx, batchSize: max(seqs, min(batch, ctx)), sequences: seqs,
                                  verbose: arguments[verbose], flashAttention: arguments[flashAttention])
    }

    /// The model the options name: `--model-url` (with its settings) or the GGUF file.
    public static func source(from arguments: ParsedArguments) throws(UsageError) -> ModelSource {
        guard let text = try arguments[modelURL] else {
            for option in [modelName.spec, apiKeyVariable.spec, responseCache.spec, serverPromptCache.spec] where arguments.has(option.name) {
                throw .conflict("--\(option.name) goes with --model-url")
            }
            return .gguf(try configuration(from: arguments))
        }
        if arguments.has(model) { throw .conflict("give --model (a GGUF file) or --model-url (a server), not both") }
        guard let url = URL(string: text), let scheme = url.scheme, ["http", "https"].contains(scheme), url.host != nil else {
            throw .invalidValue(option: "model-url", value: text, reason: "not an http(s) URL such as http://127.0.0.1:8080/v1")
        }
        return try served(url, modelName: try arguments[modelName], from: arguments)
    }

    /// A served model at `url` with the served options given.
    static func served(_ url: URL, modelName: String?, from arguments: ParsedArguments) throws(UsageError) -> ModelSource {
        .served(OpenAIModel.Configuration(
            baseURL: url, modelName: modelName, apiKeyVariable: try arguments[apiKeyVariable],
            concurrency: try arguments[concurrency], timeout: try arguments[timeout],
            cachePath: try arguments[responseCache], promptCache: arguments[serverPromptCache]))
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
