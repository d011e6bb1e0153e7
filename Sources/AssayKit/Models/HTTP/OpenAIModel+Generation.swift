import Foundation

/// Generation through the server, `configuration.concurrency` requests at a time.
///
/// On llama.cpp's server the prompt goes to the native `/completion` as token ids made the way
/// the in-process backend makes them (BOS, then the text; or the rendered chat template), so
/// the same model gives the same greedy text in-process and served. Other servers get
/// `/v1/completions` (text) or `/v1/chat/completions` (chat).
extension OpenAIModel {
    public func generate(_ requests: [GenerationRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [GenerationResult] {
        try require(.generate, for: "generation")
        if requests.contains(where: { $0.prompt.isChat }) { try require(.chat, for: "chat prompts") }
        return try await concurrentMap(requests, limit: configuration.concurrency, progress: progress) { request in
            guard request.maxTokens > 0 else {
                return GenerationResult(text: "", tokens: [], logProbs: [], finishReason: .length, promptTokens: 0)
            }
            return try await self.llama != nil ? self.generateNative(request) : self.generateOpenAI(request)
        }
    }

    /// The sampling fields every API shares.
    func samplingFields(_ request: GenerationRequest) -> [(String, JSONValue)] {
        let sampling = request.sampling
        var fields: [(String, JSONValue)] = [("temperature", .double(sampling.temperature))]
        if !sampling.isGreedy {
            fields.append(("top_p", .double(sampling.topP)))
            if sampling.topK > 0 { fields.append(("top_k", .int(sampling.topK))) }
            fields.append(("seed", .number(String(sampling.seed & 0x7FFF_FFFF))))
        }
        if !request.stop.isEmpty { fields.append(("stop", .strings(request.stop))) }
        return fields
    }

    /// llama.cpp's `/completion`: token-id prompt, the sampled tokens and their log-probabilities.
    func generateNative(_ request: GenerationRequest) async throws -> GenerationResult {
        let prompt = try await promptTokens(request.prompt)
        let fields: [(String, JSONValue)] = [
            ("prompt", .ints(prompt)), ("n_predict", .int(request.maxTokens)), ("n_probs", .int(1)),
            ("return_tokens", .bool(true)), ("cache_prompt", .bool(configuration.promptCache)),
        ] + samplingFields(request)
        let url = native("completion")
        let answer = try await post(url, .object(JSONObject(fields: fields, line: 0)))
        guard var text = answer["content"]?.string else {
            throw OpenAIModelError.missingField(endpoint: url.absoluteString, field: "content")
        }
        var tokens = (answer["tokens"]?.array ?? []).compactMap { $0.int.map(Int32.init) }
        var logProbs = answer["completion_probabilities"]?.array?.compactMap { $0["logprob"]?.double }
        let reason: FinishReason
        switch answer["stop_type"]?.string {
        case "word": reason = .stop
        case "eos": reason = .endOfText
        default: reason = .length
        }
        // The server returns the end-of-generation token; the in-process backend leaves it out.
        if reason == .endOfText, !tokens.isEmpty {
            tokens.removeLast()
            if logProbs?.count == tokens.count + 1 { logProbs?.removeLast() }
        }
        // A character cut by the token budget arrives as U+FFFD; the in-process backend drops it.
        if reason == .length { while text.hasSuffix("\u{FFFD}") { text.removeLast() } }
        return GenerationResult(text: text, tokens: tokens, tokenCount: tokens.count,
                                logProbs: logProbs?.count == tokens.count ? logProbs : nil, finishReason: reason,
                                promptTokens: answer["tokens_evaluated"]?.int ?? prompt.count)
    }

    /// `/v1/completions` or `/v1/chat/completions` of any OpenAI-compatible server.
    func generateOpenAI(_ request: GenerationRequest) async throws -> GenerationResult {
        var fields: [(String, JSONValue)] = [("model", .string(modelName))]
        let url: URL
        switch request.prompt {
        case .text(let text):
            url = api("completions")
            fields.append(("prompt", .string(text)))
        case .chat(let messages):
            url = api("chat/completions")
            fields.append(("messages", Self.messages(messages)))
        }
        fields.append(("max_tokens", .int(request.maxTokens)))
        fields += samplingFields(request)
        let answer = try await post(url, .object(JSONObject(fields: fields, line: 0)))
        guard let choice = answer["choices"]?.array?.first,
              let text = choice["text"]?.string ?? choice["message"]?["content"]?.string else {
            throw OpenAIModelError.missingField(endpoint: url.absoluteString, field: "choices[0] text")
        }
        // Servers differ on whether the stop string is kept: cut it here too.
        var cut = text
        var stopped = false
        if let first = request.stop.compactMap({ text.range(of: $0)?.lowerBound }).min() {
            cut = String(text[..<first])
            stopped = true
        }
        let reason: FinishReason = choice["finish_reason"]?.string == "length" && !stopped ? .length
            : (stopped || !request.stop.isEmpty && choice["finish_reason"]?.string == "stop" ? .stop : .endOfText)
        let usage = answer["usage"]
        return GenerationResult(text: cut, tokens: [], tokenCount: usage?["completion_tokens"]?.int ?? 0, logProbs: nil,
                                finishReason: reason, promptTokens: usage?["prompt_tokens"]?.int ?? 0)
    }
}
