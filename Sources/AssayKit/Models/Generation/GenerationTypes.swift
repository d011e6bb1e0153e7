/// How tokens are chosen during generation.
public struct SamplingParameters: Hashable, Sendable, Codable {
    /// 0 means greedy decoding (argmax); above 0, logits are divided by it before sampling.
    public var temperature: Double
    /// Keep only the k most likely tokens (0 = no limit).
    public var topK: Int
    /// Keep the smallest set of most likely tokens whose probability reaches p (1 = no limit).
    public var topP: Double
    /// Seed of the request's own random stream: the same seed gives the same text whatever
    /// else is generated in the same batch.
    public var seed: UInt64

    public init(temperature: Double = 0, topK: Int = 0, topP: Double = 1, seed: UInt64 = 0) {
        self.temperature = temperature
        self.topK = topK
        self.topP = topP
        self.seed = seed
    }

    /// Greedy decoding.
    public static let greedy = SamplingParameters()

    /// True when tokens are chosen by argmax.
    public var isGreedy: Bool { temperature <= 0 }
}

/// A prompt to continue.
public struct GenerationRequest: Hashable, Sendable {
    /// Plain text to continue, or a chat whose assistant turn the model writes.
    public var prompt: Prompt
    /// Stop after this many new tokens.
    public var maxTokens: Int
    /// Stop when the text contains one of these; the returned text ends before it.
    public var stop: [String]
    public var sampling: SamplingParameters

    public init(prompt: Prompt, maxTokens: Int = 128, stop: [String] = [], sampling: SamplingParameters = .greedy) {
        self.prompt = prompt
        self.maxTokens = maxTokens
        self.stop = stop
        self.sampling = sampling
    }

    /// A request to continue plain text.
    public init(text: String, maxTokens: Int = 128, stop: [String] = [], sampling: SamplingParameters = .greedy) {
        self.init(prompt: .text(text), maxTokens: maxTokens, stop: stop, sampling: sampling)
    }
}

/// Why generation ended.
public enum FinishReason: String, Hashable, Sendable, Codable {
    /// A stop string appeared.
    case stop
    /// The model produced an end-of-generation token.
    case endOfText = "eos"
    /// `maxTokens` was reached.
    case length
}

/// A generated continuation.
public struct GenerationResult: Hashable, Sendable {
    /// The text, cut before the stop string that ended it.
    public var text: String
    /// The generated tokens (the end-of-generation token excluded); empty where the backend
    /// does not return token ids (`tokenCount` still counts them).
    public var tokens: [Int32]
    /// Number of generated tokens.
    public var tokenCount: Int
    /// log p of each generated token under the model (before temperature and truncation);
    /// nil where the backend does not return them.
    public var logProbs: [Double]?
    public var finishReason: FinishReason
    /// Number of prompt tokens (as the backend counted them).
    public var promptTokens: Int

    public init(text: String, tokens: [Int32], tokenCount: Int? = nil, logProbs: [Double]?,
                finishReason: FinishReason, promptTokens: Int) {
        self.text = text
        self.tokens = tokens
        self.tokenCount = tokenCount ?? tokens.count
        self.logProbs = logProbs
        self.finishReason = finishReason
        self.promptTokens = promptTokens
    }
}
