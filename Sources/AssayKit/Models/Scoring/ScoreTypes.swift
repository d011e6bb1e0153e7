import Foundation

/// A text to score. With no `context`, every token of `text` is scored, the first one
/// conditioned on the BOS token. With a `context`, only the tokens of `text` (the
/// continuation) are scored, conditioned on the context. Requests with the same context are
/// evaluated with the context computed once.
public struct ScoreRequest: Hashable, Sendable {
    public var context: String?
    public var text: String
    /// The context is a rendered chat template: its markup (`<|im_start|>`...) becomes the
    /// special tokens it stands for, as in a generation prompt. Otherwise all text is text.
    public var contextHasMarkup: Bool

    public init(text: String, context: String? = nil, contextHasMarkup: Bool = false) {
        self.text = text
        self.context = context
        self.contextHasMarkup = contextHasMarkup
    }
}

/// The score of one token, with statistics of the model's full next-token distribution at
/// that position (computed in one pass over the vocabulary, accumulated in Double).
public struct TokenScore: Hashable, Sendable {
    /// The scored token.
    public var token: Int32
    /// log p(token | everything before it), natural log.
    public var logProb: Double
    /// The most likely token at this position.
    public var greedyToken: Int32
    /// 1-based rank of the actual token among all tokens (1 = it is the greedy token);
    /// tokens with an equal logit share the better rank.
    public var rank: Int32
    /// E[log p(z)] for z drawn from the model's next-token distribution (equals -entropy).
    /// With `varianceLogProb`, the normalization Min-K%++ uses.
    public var expectedLogProb: Double
    /// Var[log p(z)] for z drawn from the model's next-token distribution.
    public var varianceLogProb: Double

    /// Entropy of the next-token distribution, in nats.
    public var entropy: Double { -expectedLogProb }

    public init(token: Int32, logProb: Double, greedyToken: Int32, rank: Int32,
                expectedLogProb: Double, varianceLogProb: Double) {
        self.token = token
        self.logProb = logProb
        self.greedyToken = greedyToken
        self.rank = rank
        self.expectedLogProb = expectedLogProb
        self.varianceLogProb = varianceLogProb
    }
}

/// The scores of one request's tokens, in order.
public struct ScoreResult: Hashable, Sendable {
    public var tokens: [TokenScore]

    public init(tokens: [TokenScore]) { self.tokens = tokens }

    /// Number of scored tokens.
    public var count: Int { tokens.count }
    /// Sum of the tokens' log-probabilities (the log-likelihood of the scored text).
    public var logProbSum: Double { tokens.reduce(0) { $0 + $1.logProb } }
    /// Perplexity: exp(-logProbSum / count); nil when nothing was scored.
    public var perplexity: Double? {
        count == 0 ? nil : exp(-logProbSum / Double(count))
    }
    /// True when every scored token is the greedy choice (the continuation is what greedy
    /// decoding would produce): lm-evaluation-harness's `is_greedy`.
    public var isGreedy: Bool { tokens.allSatisfy { $0.rank == 1 } }
}
