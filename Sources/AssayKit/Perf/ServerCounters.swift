import Foundation

/// The token counters a server exposes on its Prometheus `/metrics` page: llama.cpp's server
/// (`llamacpp:prompt_tokens_total`, `llamacpp:tokens_predicted_total`, with `--metrics`) and
/// vLLM (`vllm:prompt_tokens_total`, `vllm:generation_tokens_total`, summed over labels).
public struct ServerCounters: Sendable, Hashable {
    /// "llama.cpp" or "vllm".
    public var source: String
    public var promptTokens: Double
    public var generatedTokens: Double
    /// Prompt tokens the server took from its prompt cache (llama.cpp), when it says.
    public var cachedPromptTokens: Double?

    /// Reads the counters from a `/metrics` page; nil when it has neither family.
    public init?(prometheus text: String) {
        var sums: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count >= 2, let value = Double(parts[1]) else { continue }
            let name = parts[0].split(separator: "{", maxSplits: 1)[0]
            sums[String(name), default: 0] += value
        }
        if let prompt = sums["llamacpp:prompt_tokens_total"], let generated = sums["llamacpp:tokens_predicted_total"] {
            source = "llama.cpp"
            cachedPromptTokens = sums["llamacpp:prompt_tokens_cached_total"]
            promptTokens = prompt + (cachedPromptTokens ?? 0)
            generatedTokens = generated
        } else if let prompt = sums["vllm:prompt_tokens_total"], let generated = sums["vllm:generation_tokens_total"] {
            source = "vllm"
            promptTokens = prompt
            generatedTokens = generated
        } else {
            return nil
        }
    }

    /// Reads `/metrics` at the server's root; nil when it has none (llama-server without
    /// `--metrics` answers 501) or it has no known counters.
    public static func fetch(root: URL, client: HTTPClient) async -> ServerCounters? {
        guard let response = try? await client.get(root.appendingPathComponent("metrics")) else { return nil }
        return ServerCounters(prometheus: String(decoding: response.body, as: UTF8.self))
    }
}

/// The server's counters over a level beside the client's own token counts.
public struct ServerCounterCheck: Sendable, Hashable, Codable {
    public var source: String
    /// Prompt tokens the server counted over the level (llama.cpp: processed + cached).
    public var serverPromptTokens: Double
    /// Tokens the server generated over the level.
    public var serverGeneratedTokens: Double
    /// Σ prompt tokens of the level's requests, from their usage.
    public var clientPromptTokens: Int
    /// Σ completion tokens of the level's requests.
    public var clientCompletionTokens: Int
    /// Generated tokens agree exactly (comparable only when no request failed or was cut).
    public var generatedAgree: Bool
    /// Prompt tokens the server took from its cache over the level (llama.cpp): a TTFT
    /// measured on cached prompts is lower than on new ones.
    public var serverCachedPromptTokens: Double?

    enum CodingKeys: String, CodingKey {
        case source
        case serverPromptTokens = "server_prompt_tokens", serverGeneratedTokens = "server_generated_tokens"
        case clientPromptTokens = "client_prompt_tokens", clientCompletionTokens = "client_completion_tokens"
        case generatedAgree = "generated_agree", serverCachedPromptTokens = "server_cached_prompt_tokens"
    }

    /// The check of `records` against counters read before and after them.
    public init(before: ServerCounters, after: ServerCounters, records: [PerfRequestRecord]) {
        source = after.source
        serverPromptTokens = after.promptTokens - before.promptTokens
        serverGeneratedTokens = after.generatedTokens - before.generatedTokens
        clientPromptTokens = records.reduce(0) { $0 + ($1.promptTokens ?? 0) }
        clientCompletionTokens = records.reduce(0) { $0 + $1.completionTokens }
        generatedAgree = serverGeneratedTokens == Double(clientCompletionTokens)
        if let cachedAfter = after.cachedPromptTokens { serverCachedPromptTokens = cachedAfter - (before.cachedPromptTokens ?? 0) }
    }
}
