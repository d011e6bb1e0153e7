import Foundation

/// A text to score. With no `context`, every token of `text` is scored, the first one
/// conditioned on the BOS token. With a `context`, only the tokens of `text` (the
/// continuation) are scored, conditioned on the context; a chat context is rendered by the
/// backend with the assistant turn opened, so the continuation is the start of the answer.
/// Requests with the same context are evaluated with the context computed once.
public struct ScoreRequest: Hashable, Sendable {
    public var context: Prompt?
    public var text: String

    public init(text: String, context: Prompt? = nil) {
        self.text = text
        self.context = context
    }

    /// A continuation after a plain-text context.
    public init(text: String, context: String) {
        self.init(text: text, context: .text(context))
    }
}

/// The score of one token, with what the backend can see of the model's next-token
/// distribution at that position.
public struct TokenScore: Hashable, Sendable {
    /// The scored token.
    public var token: Int32
    /// log p(token | everything before it), natural log.
    public var logProb: Double
    /// The most likely token at this position (nil where the backend does not say: see
    /// `ModelCapabilities.greedyTokens`).
    public var greedyToken: Int32?
    /// 1-based rank of the actual token among all tokens (1 = it is the greedy token);
    /// tokens with an equal logit share the better rank. Nil without the full distribution.
    public var rank: Int32?
    /// Moments of log p over the whole vocabulary (nil without `.fullDistribution`).
    public var distribution: DistributionMoments?

    public init(token: Int32, logProb: Double, greedyToken: Int32?, rank: Int32? = nil,
                distribution: DistributionMoments? = nil) {
        self.token = token
        self.logProb = logProb
        self.greedyToken = greedyToken
        self.rank = rank
        self.distribution = distribution
    }

    /// True when the token is the greedy choice: rank 1 where the rank is known, else the
    /// greedy token's identity; nil when the backend gives neither.
    public var isGreedy: Bool? {
        if let rank { return rank == 1 }
        return greedyToken.map { $0 == token }
    }
}

/// Moments of log p(z) for z drawn from a next-token distribution (computed in one pass over
/// the vocabulary, accumulated in Double): the normalization Min-K%++ uses.
public struct DistributionMoments: Hashable, Sendable {
    /// E[log p(z)] (equals -entropy).
    public var expectedLogProb: Double
    /// Var[log p(z)].
    public var varianceLogProb: Double

    public init(expectedLogProb: Double, varianceLogProb: Double) {
        self.expectedLogProb = expectedLogProb
        self.varianceLogProb = varianceLogProb
    }

    /// Entropy of the distribution, in nats.
    public var entropy: Double { -expectedLogProb }
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
    /// decoding would produce): lm-evaluation-harness's `is_greedy`; nil when the backend
    /// does not say which token is greedy.
    public var isGreedy: Bool? {
        var all = true
        for token in tokens {
            guard let greedy = token.isGreedy else { return nil }
            all = all && greedy
        }
        return all
    }
}
