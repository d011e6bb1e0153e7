import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A served model behind an OpenAI-compatible HTTP API: vLLM, SGLang, TGI, llama.cpp's
/// `llama-server`, or a hosted API.
///
/// `connect` asks the server what it is and what it can do, so every capability is checked,
/// never assumed: llama.cpp's server (recognised by `/props`) gives exact token log-probabilities
/// through its native `/completion` (context as token ids, a grammar forcing the continuation,
/// `n_probs: 1`), greedy tokens and `/tokenize`; another server gives prompt log-probabilities
/// only if `/v1/completions` really echoes them (llama-server accepts `echo` and silently
/// ignores it, so the probe checks what came back). Requests run `concurrency` at a time;
/// answers can be kept in a `ResponseCache` so a repeated or resumed run does not ask again.
public final class OpenAIModel: LanguageModel {
    /// Where the server is and how to talk to it.
    public struct Configuration: Sendable, Hashable {
        /// The API's base URL, e.g. `http://127.0.0.1:8080/v1`.
        public var baseURL: URL
        /// The model id to request; nil takes the first of `/v1/models`.
        public var modelName: String?
        /// The environment variable holding the API key (the key itself is never stored).
        public var apiKeyVariable: String?
        /// Requests in flight at once.
        public var concurrency: Int
        /// Seconds one request may take in all (retries included per try).
        public var timeout: Double
        /// The JSONL file of cached responses; nil caches nothing.
        public var cachePath: String?
        public var retry: RetryPolicy
        /// Let llama.cpp's server reuse a slot's cached prompt prefix (faster on few-shot
        /// prompts). Off by default: a prefix computed in another batch shape changes
        /// log-probabilities by up to ~0.1 nats and can flip a near-tie greedy token.
        public var promptCache: Bool
        /// Probe what a server that is not llama.cpp's can do by sending it a one-token
        /// completion (prompt log-probabilities with `echo`). Off when only generation is
        /// needed: the probe costs a generation, and money on a paid API.
        public var probeEcho: Bool

        public init(baseURL: URL, modelName: String? = nil, apiKeyVariable: String? = nil, concurrency: Int = 8,
                    timeout: Double = 600, cachePath: String? = nil, retry: RetryPolicy = RetryPolicy(),
                    promptCache: Bool = false, probeEcho: Bool = true) {
            self.baseURL = baseURL
            self.modelName = modelName
            self.apiKeyVariable = apiKeyVariable
            self.concurrency = concurrency
            self.timeout = timeout
            self.cachePath = cachePath
            self.retry = retry
            self.promptCache = promptCache
            self.probeEcho = probeEcho
        }
    }

    /// What `connect` found out about a llama.cpp server.
    struct LlamaServerFacts: Sendable {
        var bosToken: Int32?
        var chatTemplate: Bool
        var buildInfo: String?
        var slots: Int?
    }

    public let configuration: Configuration
    public let provenance: ModelProvenance
    public let capabilities: ModelCapabilities
    /// The model id sent with every request.
    public let modelName: String
    let client: HTTPClient
    let cache: ResponseCache?
    /// Set when the server is llama.cpp's.
    let llama: LlamaServerFacts?
    /// The server's root (the base URL without its trailing `/v1`), where native endpoints live.
    let root: URL

    private init(configuration: Configuration, client: HTTPClient, cache: ResponseCache?, modelName: String,
                 llama: LlamaServerFacts?, root: URL, capabilities: ModelCapabilities) {
        self.configuration = configuration
        self.client = client
        self.cache = cache
        self.modelName = modelName
        self.llama = llama
        self.root = root
        self.capabilities = capabilities
        self.provenance = ModelProvenance(
            backend: "openai-http", model: modelName,
            backendVersion: llama.map { "llama.cpp server" + ($0.buildInfo.map { " " + $0 } ?? "") },
            endpoint: configuration.baseURL.absoluteString)
    }

    /// Connects to the server: lists its models, recognises llama.cpp's server and probes what
    /// the server can do. Throws `HTTPError.connectionFailed` when nothing answers.
    public static func connect(_ configuration: Configuration) async throws -> OpenAIModel {
        let key = try configuration.apiKeyVariable.map(Self.apiKey(from:))
        var options = HTTPClient.Options()
        options.concurrency = max(1, configuration.concurrency)
        options.deadline = configuration.timeout
        options.retry = configuration.retry
        let client = HTTPClient(apiKey: key, options: options)
        let base = configuration.baseURL
        let root = base.lastPathComponent == "v1" ? base.deletingLastPathComponent() : base
        let listed = try await client.send("GET", base.appendingPathComponent("models"), json: nil)
        let ids = ((try? JSONValue.parse(listed.body))?["data"]?.array ?? []).compactMap { $0["id"]?.string }
        guard let name = configuration.modelName ?? ids.first else {
            throw HTTPError.invalidResponse(endpoint: base.appendingPathComponent("models").absoluteString,
                                           reason: "the server lists no model; pass --model-name")
        }
        let llama = await probeLlamaServer(client: client, root: root)
        var capabilities: ModelCapabilities = [.generate, .chat]
        if let llama {
            capabilities.formUnion([.seededSampling, .tokenLogProbs, .greedyTokens, .tokenize])
            if !llama.chatTemplate { capabilities.remove(.chat) }
        } else {
            if configuration.probeEcho, await probeEcho(client: client, base: base, model: name) { capabilities.insert(.tokenLogProbs) }
        }
        let cache = try configuration.cachePath.map { try ResponseCache(path: $0) }
        return OpenAIModel(configuration: configuration, client: client, cache: cache, modelName: name,
                           llama: llama, root: root, capabilities: capabilities)
    }

    /// The API key from the named environment variable; an unset or empty variable is an error.
    static func apiKey(from variable: String) throws -> String {
        guard let key = ProcessInfo.processInfo.environment[variable], !key.isEmpty else {
            throw OpenAIModelError.missingAPIKey(variable: variable)
        }
        return key
    }

    /// llama.cpp's server answers `/props` with its build and template; nil for other servers.
    static func probeLlamaServer(client: HTTPClient, root: URL) async -> LlamaServerFacts? {
        guard let response = try? await client.send("GET", root.appendingPathComponent("props"), json: nil),
              let props = try? JSONValue.parse(response.body),
              props["default_generation_settings"] != nil || props["build_info"] != nil else { return nil }
        var facts = LlamaServerFacts(bosToken: nil, chatTemplate: !(props["chat_template"]?.string ?? "").isEmpty,
                                     buildInfo: props["build_info"]?.string, slots: props["total_slots"]?.int)
        if let bos = props["bos_token"]?.string, !bos.isEmpty,
           let body = try? JSONValue.object(["content": .string(bos), "add_special": .bool(false), "parse_special": .bool(true)]).data(),
           let tokenized = try? await client.send("POST", root.appendingPathComponent("tokenize"), json: body),
           let tokens = try? JSONValue.parse(tokenized.body)["tokens"]?.array, tokens.count == 1 {
            facts.bosToken = tokens[0].int.map(Int32.init)
        }
        return facts
    }

    /// True when `/v1/completions` returns a log-probability for the prompt's tokens with
    /// `echo` (vLLM); a server that ignores `echo` answers without them.
    static func probeEcho(client: HTTPClient, base: URL, model: String) async -> Bool {
        let request = JSONValue.object(["model": .string(model), "prompt": .string("One two three"), "max_tokens": .int(1),
                                        "echo": .bool(true), "logprobs": .int(1), "temperature": .int(0)])
        guard let body = try? request.data(),
              let response = try? await client.send("POST", base.appendingPathComponent("completions"), json: body),
              let parsed = try? JSONValue.parse(response.body),
              let logprobs = parsed["choices"]?.array?.first?["logprobs"],
              let text = parsed["choices"]?.array?.first?["text"]?.string, text.hasPrefix("One two three"),
              let values = logprobs["token_logprobs"]?.array, values.count >= 3 else { return false }
        return true
    }
}

/// Failures of the HTTP backend that are not the transport's.
public enum OpenAIModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `--api-key-env VAR` names a variable that is unset or empty.
    case missingAPIKey(variable: String)
    /// The server answered without a field the request needs.
    case missingField(endpoint: String, field: String)
    /// A prompt is longer than the server's context.
    case tooLong(endpoint: String, message: String)
    /// llama.cpp's server cannot give the log-probability of a token that holds part of a
    /// UTF-8 character (byte-fallback tokens, common in Chinese): it neither forces it with a
    /// grammar nor reports its probability.
    case partialCharacterTokens(endpoint: String, text: String)

    public var description: String {
        switch self {
        case .missingAPIKey(let variable):
            return "the environment variable \(variable) (--api-key-env) is not set or empty; export the API key in it"
        case .missingField(let endpoint, let field):
            return "\(endpoint): the response has no \(field); the server may not support this request"
        case .tooLong(let endpoint, let message):
            return "\(endpoint): the prompt does not fit the server's context (\(message)); start the server with a larger context per slot"
        case .partialCharacterTokens(let endpoint, let text):
            return "\(endpoint): llama-server cannot score tokens that hold part of a UTF-8 character (in \"\(text)…\"); "
                + "score this text in-process with --model FILE.gguf"
        }
    }
}
