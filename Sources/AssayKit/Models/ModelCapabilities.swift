/// What a model backend can do. Commands check the capabilities they need before any work
/// (`LanguageModel.require`), so a served model that cannot give log-probabilities is refused
/// with a message naming what is missing, not after an hour of generation.
public struct ModelCapabilities: OptionSet, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    /// Free generation with stop strings and a token budget, greedy.
    public static let generate = ModelCapabilities(rawValue: 1 << 0)
    /// Sampled generation that a seed reproduces.
    public static let seededSampling = ModelCapabilities(rawValue: 1 << 1)
    /// Chat prompts rendered with the model's own template.
    public static let chat = ModelCapabilities(rawValue: 1 << 2)
    /// The log-probability of each token of a given text or continuation (log-likelihood
    /// multiple choice, perplexity, Min-K%, zlib ratio).
    public static let tokenLogProbs = ModelCapabilities(rawValue: 1 << 3)
    /// The greedy token at each scored position (is_greedy, n-gram accuracy).
    public static let greedyTokens = ModelCapabilities(rawValue: 1 << 4)
    /// Mean and variance of log p over the whole vocabulary at each scored position, and the
    /// actual token's rank (Min-K%++).
    public static let fullDistribution = ModelCapabilities(rawValue: 1 << 5)
    /// Tokenize and detokenize with the model's vocabulary (completion probes, token counts).
    public static let tokenize = ModelCapabilities(rawValue: 1 << 6)

    /// Every capability with its name and what provides it, in a fixed order.
    public static let all: [(capability: ModelCapabilities, name: String, providedBy: String)] = [
        (.generate, "generate", "any backend"),
        (.seededSampling, "seeded sampling", "a GGUF model (--model), or a server that honours a per-request seed"),
        (.chat, "chat", "a model with a chat template (GGUF metadata) or a chat endpoint"),
        (.tokenLogProbs, "token log-probabilities",
         "a GGUF model (--model), llama.cpp's llama-server (/completion), or a server whose /v1/completions echoes prompt logprobs (vLLM)"),
        (.greedyTokens, "greedy tokens", "a GGUF model (--model) or llama.cpp's llama-server"),
        (.fullDistribution, "full next-token distribution", "a GGUF model run in-process (--model)"),
        (.tokenize, "tokenize", "a GGUF model (--model), or a server with /tokenize and /detokenize (llama-server, vLLM)"),
    ]

    /// The names of the capabilities in the set, in a fixed order.
    public var names: [String] { Self.all.filter { contains($0.capability) }.map(\.name) }

    public var description: String { names.joined(separator: ", ") }

    /// Throws `.missing` for the first capability of `needed` that the set lacks.
    public func require(_ needed: ModelCapabilities, for purpose: String, model: String) throws(ModelCapabilityError) {
        for entry in Self.all where needed.contains(entry.capability) && !contains(entry.capability) {
            throw .missing(capability: entry.name, purpose: purpose, model: model, providedBy: entry.providedBy)
        }
    }
}

/// A command asked a model for something its backend cannot do.
public enum ModelCapabilityError: Error, Sendable, Equatable, CustomStringConvertible {
    case missing(capability: String, purpose: String, model: String, providedBy: String)

    public var description: String {
        switch self {
        case .missing(let capability, let purpose, let model, let providedBy):
            return "\(purpose) needs \(capability), which \(model) does not provide (it comes with \(providedBy))"
        }
    }
}
