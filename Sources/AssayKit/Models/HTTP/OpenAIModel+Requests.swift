import Foundation

/// Posting JSON to the server, through the response cache, and the tokenizer endpoints.
extension OpenAIModel {
    /// The server's answer to `body` at `url`, parsed: from the cache when the same request was
    /// answered before, else from the server (and then cached).
    func post(_ url: URL, _ body: JSONValue) async throws -> JSONValue {
        let bytes = try body.data()
        let key = ResponseCache.key(endpoint: url.path, model: modelName, body: bytes)
        if let cache, let cached = await cache.lookup(key), let value = try? JSONValue.parse(cached) { return value }
        let response: HTTPResponse
        do {
            response = try await client.send("POST", url, json: bytes)
        } catch HTTPError.status(let endpoint, 400, let message) where message.contains("context") {
            throw OpenAIModelError.tooLong(endpoint: endpoint, message: message)
        }
        let value: JSONValue
        do {
            value = try JSONValue.parse(response.body)
        } catch {
            throw HTTPError.invalidResponse(endpoint: url.absoluteString, reason: "not JSON: \(error)")
        }
        try await cache?.store(key, response.body)
        return value
    }

    /// A native llama.cpp endpoint (`/completion`, `/tokenize`...) at the server's root.
    func native(_ path: String) -> URL { root.appendingPathComponent(path) }

    /// An endpoint of the OpenAI API (`completions`, `chat/completions`) under the base URL.
    func api(_ path: String) -> URL { configuration.baseURL.appendingPathComponent(path) }

    public func tokenize(_ text: String) async throws -> [Int32] {
        try await tokenize(text, parseSpecial: false)
    }

    /// Token ids through the server's `/tokenize`; `parseSpecial` reads markup such as
    /// `<|im_start|>` as the special tokens it stands for (rendered chat templates).
    func tokenize(_ text: String, parseSpecial: Bool) async throws -> [Int32] {
        try require(.tokenize, for: "tokenization")
        let url = native("tokenize")
        let answer = try await post(url, .object(["content": .string(text), "add_special": .bool(false),
                                                  "parse_special": .bool(parseSpecial)]))
        guard let tokens = answer["tokens"]?.array else {
            throw OpenAIModelError.missingField(endpoint: url.absoluteString, field: "tokens")
        }
        return try tokens.map { value in
            guard let id = value.int else { throw OpenAIModelError.missingField(endpoint: url.absoluteString, field: "token ids") }
            return Int32(id)
        }
    }

    public func detokenize(_ tokens: [Int32]) async throws -> String {
        try require(.tokenize, for: "detokenization")
        let url = native("detokenize")
        let answer = try await post(url, .object(["tokens": .ints(tokens)]))
        guard let text = answer["content"]?.string else {
            throw OpenAIModelError.missingField(endpoint: url.absoluteString, field: "content")
        }
        return text
    }

    /// A chat rendered by the server's own template with the assistant turn opened
    /// (llama.cpp's `/apply-template`).
    func render(_ messages: [ChatMessage]) async throws -> String {
        let url = native("apply-template")
        let answer = try await post(url, .object(["messages": Self.messages(messages)]))
        guard let prompt = answer["prompt"]?.string else {
            throw OpenAIModelError.missingField(endpoint: url.absoluteString, field: "prompt")
        }
        return prompt
    }

    /// The token ids a prompt is sent as to llama.cpp's server, tokenized as in-process
    /// `LlamaModel` does: text after BOS (where the vocabulary has one), a chat as its rendered
    /// template with the template's own special tokens.
    func promptTokens(_ prompt: Prompt) async throws -> [Int32] {
        switch prompt {
        case .text(let text):
            return (llama?.bosToken.map { [$0] } ?? []) + (try await tokenize(text, parseSpecial: true))
        case .chat(let messages):
            return try await tokenize(try await render(messages), parseSpecial: true)
        }
    }

    static func messages(_ messages: [ChatMessage]) -> JSONValue {
        .array(messages.map { .object(["role": .string($0.role.rawValue), "content": .string($0.content)]) })
    }
}
