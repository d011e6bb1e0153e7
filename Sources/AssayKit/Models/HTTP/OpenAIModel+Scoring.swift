import Foundation

/// Log-likelihood over HTTP, where the server can give it.
///
/// - llama.cpp's server: the context goes to `/completion` as token ids, tokenized as the
///   in-process backend tokenizes it (lm-evaluation-harness's rules: BOS, trailing spaces of the
///   context moved to the continuation), and a grammar forces the continuation's tokens one by
///   one; `n_probs: 1` returns each forced token's log-probability under the model's
///   distribution (before the grammar) and the greedy token. This agrees with in-process
///   scoring to about 1e-4 nats per token.
/// - Other servers: `/v1/completions` with `echo` and `logprobs` (vLLM), where `connect` found
///   that the server really echoes them; token ids and greedy tokens are not known there.
extension OpenAIModel {
    public func score(_ requests: [ScoreRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [ScoreResult] {
        try require(.tokenLogProbs, for: "scoring (log-likelihood, perplexity)")
        if requests.contains(where: { $0.context?.isChat == true }) { try require(.chat, for: "scoring after a chat prompt") }
        return try await concurrentMap(requests, limit: configuration.concurrency, progress: progress) { request in
            try await self.llama != nil ? self.scoreNative(request) : self.scoreEcho(request)
        }
    }

    /// The (prefix, scored) token split of a request, as `LlamaModel.planRequest` makes it.
    func split(_ request: ScoreRequest) async throws -> (prefix: [Int32], scored: [Int32]) {
        let bos = llama?.bosToken.map { [$0] } ?? []
        switch request.context {
        case nil:
            let tokens = try await tokenize(request.text)
            return bos.isEmpty ? (Array(tokens.prefix(1)), Array(tokens.dropFirst())) : (bos, tokens)
        case .text(var context):
            var continuation = request.text
            while context.last == " " {
                context.removeLast()
                continuation = " " + continuation
            }
            return (bos + (try await tokenize(context)), try await tokenize(continuation))
        case .chat(let messages):
            return (try await tokenize(try await render(messages), parseSpecial: true), try await tokenize(request.text))
        }
    }

    /// One request through llama.cpp's `/completion` with the continuation forced by a grammar.
    func scoreNative(_ request: ScoreRequest) async throws -> ScoreResult {
        let (prefix, scored) = try await split(request)
        guard !scored.isEmpty else { return ScoreResult(tokens: []) }
        let grammar = "root ::= " + scored.map { "<[\($0)]>" }.joined(separator: " ")
        let url = native("completion")
        let answer: JSONValue
        do {
            answer = try await post(url, .object([
                "prompt": .ints(prefix), "n_predict": .int(scored.count), "n_probs": .int(1), "grammar": .string(grammar),
                "temperature": .int(0), "cache_prompt": .bool(configuration.promptCache),
            ]))
        } catch HTTPError.status(let endpoint, 500, let message) where message.contains("grammar") {
            throw OpenAIModelError.partialCharacterTokens(endpoint: endpoint, text: String(request.text.prefix(40)))
        }
        guard let steps = answer["completion_probabilities"]?.array, steps.count == scored.count else {
            // The server withholds the log-probability of a token that ends inside a character.
            throw OpenAIModelError.partialCharacterTokens(endpoint: url.absoluteString, text: String(request.text.prefix(40)))
        }
        var tokens: [TokenScore] = []
        for (step, token) in zip(steps, scored) {
            guard step["id"]?.int == Int(token), let logProb = step["logprob"]?.double else {
                throw HTTPError.invalidResponse(endpoint: url.absoluteString,
                                               reason: "the server did not follow the forcing grammar (token \(token))")
            }
            let greedy = step["top_logprobs"]?.array?.first?["id"]?.int.map(Int32.init)
            tokens.append(TokenScore(token: token, logProb: logProb, greedyToken: greedy))
        }
        return ScoreResult(tokens: tokens)
    }

    /// One request through `/v1/completions` with `echo` (vLLM): the log-probabilities of the
    /// prompt's tokens from the continuation's first character on. Token ids are unknown (-1).
    func scoreEcho(_ request: ScoreRequest) async throws -> ScoreResult {
        let context: String
        switch request.context {
        case nil: context = ""
        case .text(let text): context = text
        case .chat: throw ModelCapabilityError.missing(capability: "chat scoring", purpose: "scoring after a chat prompt",
                                                       model: provenance.displayName, providedBy: "llama.cpp's llama-server or a GGUF model")
        }
        let url = api("completions")
        let answer = try await post(url, .object([
            "model": .string(modelName), "prompt": .string(context + request.text), "max_tokens": .int(1),
            "echo": .bool(true), "logprobs": .int(1), "temperature": .int(0),
        ]))
        guard let logprobs = answer["choices"]?.array?.first?["logprobs"],
              let values = logprobs["token_logprobs"]?.array, let offsets = logprobs["text_offset"]?.array,
              values.count == offsets.count else {
            throw OpenAIModelError.missingField(endpoint: url.absoluteString, field: "echoed logprobs")
        }
        // Offsets count characters of the echoed text as Python does (Unicode scalars); the last
        // token is the generated one. Trailing spaces of the context start the continuation's
        // first token (" Paris"), so they count as the continuation's, as in `split`.
        var stripped = context.unicodeScalars[...]
        while stripped.last == " " { stripped.removeLast() }
        let start = stripped.count, end = context.unicodeScalars.count + request.text.unicodeScalars.count
        var tokens: [TokenScore] = []
        for (value, offset) in zip(values, offsets) {
            guard let at = offset.int, at >= start, at < end else { continue }
            guard let logProb = value.double else { continue }  // the first token has no log-probability
            tokens.append(TokenScore(token: -1, logProb: logProb, greedyToken: nil))
        }
        return ScoreResult(tokens: tokens)
    }
}
