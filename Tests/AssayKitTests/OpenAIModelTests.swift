import Foundation
import Testing
@testable import AssayKit

/// `OpenAIModel` against a scripted generic OpenAI-compatible server on 127.0.0.1: what
/// `connect` finds out, the echo probe, scoring by echoed log-probabilities, the bodies of
/// generation requests, the API key and the response cache.
@Suite struct OpenAIModelTests {
    typealias Server = ScriptedHTTPServer

    /// How the server answers `/v1/completions` with `echo: true`.
    enum Echo: Sendable {
        /// As vLLM: the prompt and one generated token, with every token's log-probability.
        case vllm
        /// As llama-server: `echo` ignored, only the completion, no log-probabilities.
        case ignored
        /// Log-probabilities, but of the completion only (the prompt not echoed).
        case completionOnly
    }

    /// Log-probabilities the vLLM-like server gives to tokens (others get -1).
    static let planted: [String: Double] = [" capital": -3, " Paris": -0.25, " city": -1.5, " .": -0.125]

    /// The prompt split as a word-level tokenizer would: each token a run of non-spaces with
    /// the spaces before it; offsets in Unicode scalars, as Python counts characters.
    static func tokens(_ text: String) -> [(text: String, offset: Int)] {
        var result: [(String, Int)] = []
        var current = "", start = 0, position = 0, seenWord = false
        for scalar in text.unicodeScalars {
            if scalar == " " && seenWord {
                result.append((current, start))
                current = ""
                start = position
                seenWord = false
            }
            if scalar != " " { seenWord = true }
            current.unicodeScalars.append(scalar)
            position += 1
        }
        if !current.isEmpty { result.append((current, start)) }
        return result
    }

    static func body(_ request: Server.Request) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: request.body)) as? [String: Any] ?? [:]
    }

    static func respond(_ value: JSONValue, status: Int = 200) -> Server.Reply {
        .respond(status: status, headers: [:], body: value.serialized)
    }

    static func error(_ message: String, status: Int) -> Server.Reply {
        respond(.object(["error": .object(["message": .string(message), "type": .string("invalid_request_error")])]), status: status)
    }

    /// The echo answer of a vLLM-like server: the prompt and one generated token " .".
    static func vllmEcho(_ prompt: String, model: String) -> JSONValue {
        let pieces = tokens(prompt) + [(" .", prompt.unicodeScalars.count)]
        let values = pieces.enumerated().map { $0.offset == 0 ? JSONValue.null : .double(planted[$0.element.text] ?? -1) }
        let logprobs = JSONValue.object(["tokens": .strings(pieces.map(\.text)), "token_logprobs": .array(values),
                                         "text_offset": .array(pieces.map { .int($0.offset) }), "top_logprobs": .null])
        return .object(["id": .string("cmpl-1"), "object": .string("text_completion"), "model": .string(model),
                        "choices": .array([.object(["index": .int(0), "text": .string(prompt + " ."), "logprobs": logprobs,
                                                    "finish_reason": .string("length")])])])
    }

    /// A generic server: two listed models, no `/props` (unless given), the echo behaviour
    /// asked for, and fixed generations (`text` for `/v1/completions`, `chat` for
    /// `/v1/chat/completions`); `refuse` answers every generation with that status.
    static func handler(echo: Echo, text: String = " 4", chat: String = "Paris.", finish: String = "stop",
                        props: JSONValue? = nil, refuse: Int? = nil) -> @Sendable (Server.Request, Int) -> Server.Reply {
        return { request, _ in
            let body = Self.body(request)
            switch (request.method, request.path) {
            case ("GET", "/v1/models"):
                let ids = ["first-model", "second-model"].map { JSONValue.object(["id": .string($0), "object": .string("model")]) }
                return respond(.object(["object": .string("list"), "data": .array(ids)]))
            case ("GET", "/props"):
                guard let props else { return error("File Not Found", status: 404) }
                return respond(props)
            case ("POST", "/v1/completions") where body["echo"] as? Bool == true:
                let prompt = body["prompt"] as? String ?? ""
                let completion: JSONValue
                switch echo {
                case .vllm:
                    return respond(vllmEcho(prompt, model: body["model"] as? String ?? ""))
                case .ignored:
                    completion = .object(["index": .int(0), "text": .string(" four"), "logprobs": .null,
                                          "finish_reason": .string("length")])
                case .completionOnly:
                    let logprobs = JSONValue.object(["tokens": .strings([" four"]), "token_logprobs": .array([.double(-0.5)]),
                                                     "text_offset": .array([.int(0)])])
                    completion = .object(["index": .int(0), "text": .string(" four"), "logprobs": logprobs,
                                          "finish_reason": .string("length")])
                }
                return respond(.object(["choices": .array([completion])]))
            case ("POST", "/v1/completions"), ("POST", "/v1/chat/completions"):
                if let refuse {
                    // Some servers quote the key they refuse.
                    let key = request.headers["authorization"]?.replacingOccurrences(of: "Bearer ", with: "") ?? ""
                    return error("Incorrect API key provided: \(key)", status: refuse)
                }
                let usage = JSONValue.object(["prompt_tokens": .int(7), "completion_tokens": .int(3), "total_tokens": .int(10)])
                let choice: JSONValue = request.path == "/v1/completions"
                    ? .object(["index": .int(0), "text": .string(text), "finish_reason": .string(finish)])
                    : .object(["index": .int(0), "message": .object(["role": .string("assistant"), "content": .string(chat)]),
                               "finish_reason": .string(finish)])
                return respond(.object(["choices": .array([choice]), "usage": usage]))
            default:
                return error("no route", status: 404)
            }
        }
    }

    static func configuration(_ server: Server, name: String? = nil) -> OpenAIModel.Configuration {
        OpenAIModel.Configuration(baseURL: server.url("/v1"), modelName: name, concurrency: 2, timeout: 5,
                                  retry: RetryPolicy(attempts: 2, baseDelay: 0.01, maxDelay: 0.02))
    }

    /// The bodies the server saw at `path`, in order, echo probes left out.
    static func bodies(_ server: Server, _ path: String) -> [[String: Any]] {
        server.requests.filter { $0.path == path }.map(body).filter { $0["echo"] as? Bool != true }
    }

    // MARK: connect

    @Test func connectTakesTheFirstListedModelOfAGenericServer() async throws {
        let server = try Server(Self.handler(echo: .ignored))
        defer { server.stop() }
        let model = try await OpenAIModel.connect(Self.configuration(server))
        #expect(model.modelName == "first-model")
        #expect(model.provenance == ModelProvenance(backend: "openai-http", model: "first-model",
                                                    endpoint: server.url("/v1").absoluteString))
        // /props answered 404: not llama.cpp, so no native capability; the echo probe was tried.
        #expect(server.requests.map { "\($0.method) \($0.path)" } == ["GET /v1/models", "GET /props", "POST /v1/completions"])
        #expect(model.capabilities == [.generate, .chat])
        let probe = Self.body(server.requests[2])
        #expect(probe["echo"] as? Bool == true && probe["logprobs"] as? Int == 1 && probe["model"] as? String == "first-model")

        let named = try await OpenAIModel.connect(Self.configuration(server, name: "second-model"))
        #expect(named.modelName == "second-model" && named.provenance.model == "second-model")
    }

    @Test func propsWithBuildInfoIsLlamaServer() async throws {
        let props = JSONValue.object(["build_info": .string("b4242-abc"), "default_generation_settings": .object([:]),
                                      "chat_template": .string(""), "total_slots": .int(2)])
        let server = try Server(Self.handler(echo: .ignored, props: props))
        defer { server.stop() }
        let model = try await OpenAIModel.connect(Self.configuration(server))
        #expect(model.capabilities == [.generate, .seededSampling, .tokenLogProbs, .greedyTokens, .tokenize])
        #expect(model.provenance.backendVersion == "llama.cpp server b4242-abc")
        #expect(!server.requests.contains { $0.path == "/v1/completions" })
    }

    @Test(arguments: [Echo.ignored, .completionOnly])
    func aServerThatDoesNotEchoCannotScore(echo: Echo) async throws {
        let server = try Server(Self.handler(echo: echo))
        defer { server.stop() }
        let model = try await OpenAIModel.connect(Self.configuration(server))
        #expect(!model.capabilities.contains(.tokenLogProbs))
        let seen = server.requests.count
        let error = await #expect(throws: ModelCapabilityError.self) {
            _ = try await model.score([ScoreRequest(text: " Paris", context: "The capital of France is")], progress: nil)
        }
        let description = try #require(error?.description)
        #expect(description.contains("token log-probabilities") && description.contains("first-model at \(server.url("/v1").absoluteString)"))
        #expect(server.requests.count == seen)
    }

    // MARK: scoring through echo

    @Test func echoedLogProbsScoreTheContinuation() async throws {
        let server = try Server(Self.handler(echo: .vllm))
        defer { server.stop() }
        let model = try await OpenAIModel.connect(Self.configuration(server))
        #expect(model.capabilities == [.generate, .chat, .tokenLogProbs])
        let requests = [
            ScoreRequest(text: " Paris city", context: "The capital of France is"),
            // A context ending in a space: the space belongs to the continuation's first token.
            ScoreRequest(text: "Paris city", context: "The capital of France is "),
            // Combining marks: offsets count Unicode scalars (as Python does), not Swift characters.
            ScoreRequest(text: " Paris city", context: "नमस्ते नमस्ते नमस्ते is"),
            // No context: every token but the first (which has no log-probability).
            ScoreRequest(text: "The capital"),
        ]
        let results = try await model.score(requests, progress: nil)
        #expect(results.map(\.count) == [2, 2, 2, 1])
        #expect(results.map(\.logProbSum) == [-1.75, -1.75, -1.75, -3])
        #expect(results[0].tokens.map(\.logProb) == [-0.25, -1.5])
        #expect(results[0].isGreedy == nil && results[0].tokens.allSatisfy { $0.token == -1 })

        #expect(Self.bodies(server, "/v1/completions").isEmpty)  // every scoring request is an echo request
        let echoed = server.requests.dropFirst(3).map(Self.body)
        #expect(echoed.count == 4)
        #expect(Set(echoed.compactMap { $0["prompt"] as? String }) == Set(requests.map { ($0.context?.transcript ?? "") + $0.text }))
        #expect(echoed.allSatisfy { $0["echo"] as? Bool == true && $0["max_tokens"] as? Int == 1 && $0["model"] as? String == "first-model" })

        await #expect(throws: ModelCapabilityError.self) {
            _ = try await model.score([ScoreRequest(text: "B", context: .chat(system: nil, user: "Pick"))], progress: nil)
        }
    }

    // MARK: generation

    @Test func chatAndTextGoToTheirEndpoints() async throws {
        let server = try Server(Self.handler(echo: .ignored, text: " 4\nQ: 3+3?", chat: "Paris.\n\nAnything else?"))
        defer { server.stop() }
        let model = try await OpenAIModel.connect(Self.configuration(server))
        let chat = GenerationRequest(prompt: .chat(system: "Be brief.", user: "Capital of France?"), maxTokens: 16, stop: ["\n\n"])
        let text = GenerationRequest(text: "Q: 2+2?\nA:", maxTokens: 8, stop: ["\nQ:"],
                                     sampling: SamplingParameters(temperature: 0.5, topK: 0, topP: 0.9, seed: 7))
        let results = try await model.generate([chat, text], progress: nil)
        // The stop strings the server left in the text are cut.
        #expect(results.map(\.text) == ["Paris.", " 4"])
        #expect(results.map(\.finishReason) == [.stop, .stop])
        #expect(results.map(\.tokenCount) == [3, 3] && results.map(\.promptTokens) == [7, 7])

        let chats = Self.bodies(server, "/v1/chat/completions")
        #expect(chats.count == 1)
        let posted = try #require(chats.first)
        #expect(posted["model"] as? String == "first-model")
        let messages = posted["messages"] as? [[String: String]]
        #expect(messages == [["role": "system", "content": "Be brief."], ["role": "user", "content": "Capital of France?"]])
        #expect(posted["max_tokens"] as? Int == 16 && posted["stop"] as? [String] == ["\n\n"])
        #expect((posted["temperature"] as? NSNumber)?.doubleValue == 0)
        #expect(posted["prompt"] == nil && posted["seed"] == nil && posted["top_p"] == nil)

        let texts = Self.bodies(server, "/v1/completions")
        #expect(texts.count == 1)
        let completion = try #require(texts.first)
        #expect(completion["prompt"] as? String == "Q: 2+2?\nA:" && completion["messages"] == nil)
        #expect(completion["max_tokens"] as? Int == 8 && completion["stop"] as? [String] == ["\nQ:"])
        #expect((completion["temperature"] as? NSNumber)?.doubleValue == 0.5)
        #expect((completion["top_p"] as? NSNumber)?.doubleValue == 0.9 && completion["seed"] as? Int == 7)
        #expect(completion["top_k"] == nil)
        #expect(!server.requests.contains { $0.path == "/completion" })
    }

    @Test func aLengthFinishIsReportedAsLength() async throws {
        let server = try Server(Self.handler(echo: .ignored, text: " one two", finish: "length"))
        defer { server.stop() }
        let model = try await OpenAIModel.connect(Self.configuration(server))
        let result = try await model.generate([GenerationRequest(text: "Count:", maxTokens: 2)], progress: nil)
        #expect(result.map(\.text) == [" one two"] && result.map(\.finishReason) == [.length])
    }

    // MARK: API key

    @Test func apiKeyComesFromTheNamedVariableAndNeverShows() async throws {
        let variable = "ASSAY_TEST_KEY_\(UUID().uuidString.replacingOccurrences(of: "-", with: "_"))"
        let key = "sk-test-\(UUID().uuidString)"
        let server = try Server(Self.handler(echo: .ignored, refuse: 401))
        defer { server.stop() }
        var configuration = Self.configuration(server)
        configuration.apiKeyVariable = variable

        await #expect(throws: OpenAIModelError.missingAPIKey(variable: variable)) {
            _ = try await OpenAIModel.connect(configuration)
        }
        #expect(server.requests.isEmpty)
        #expect(OpenAIModelError.missingAPIKey(variable: variable).description.contains(variable))

        setenv(variable, key, 1)
        defer { unsetenv(variable) }
        let model = try await OpenAIModel.connect(configuration)
        do {
            _ = try await model.generate([GenerationRequest(text: "Hi", maxTokens: 4)], progress: nil)
            Issue.record("expected the server's refusal")
        } catch {
            let text = "\(error) \(String(reflecting: error))"
            #expect(text.contains("401") && !text.contains(key), "\(text)")
        }
        #expect(!server.requests.isEmpty)
        #expect(server.requests.allSatisfy { $0.headers["authorization"] == "Bearer \(key)" })
        let provenance = String(decoding: try JSONEncoder().encode(model.provenance), as: UTF8.self)
        #expect(!provenance.contains(key) && !"\(model.provenance)".contains(key) && !"\(model.configuration)".contains(key))
    }

    // MARK: response cache

    @Test func aSecondModelAnswersFromTheCache() async throws {
        let server = try Server(Self.handler(echo: .ignored, text: " 4", chat: "Paris."))
        defer { server.stop() }
        var configuration = Self.configuration(server)
        configuration.cachePath = FileManager.default.temporaryDirectory
            .appendingPathComponent("assay-openai-cache-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: configuration.cachePath!) }
        let requests = [GenerationRequest(prompt: .chat(system: nil, user: "Capital of France?"), maxTokens: 16),
                        GenerationRequest(text: "2+2=", maxTokens: 4)]

        let first = try await OpenAIModel.connect(configuration)
        let answers = try await first.generate(requests, progress: nil)
        #expect(Self.bodies(server, "/v1/chat/completions").count == 1 && Self.bodies(server, "/v1/completions").count == 1)

        let second = try await OpenAIModel.connect(configuration)
        let again = try await second.generate(requests, progress: nil)
        #expect(again == answers && again.map(\.text) == ["Paris.", " 4"])
        #expect(Self.bodies(server, "/v1/chat/completions").count == 1 && Self.bodies(server, "/v1/completions").count == 1)

        // A request not asked before still reaches the server.
        _ = try await second.generate([GenerationRequest(text: "2+2=", maxTokens: 5)], progress: nil)
        #expect(Self.bodies(server, "/v1/completions").count == 2)
    }
}
