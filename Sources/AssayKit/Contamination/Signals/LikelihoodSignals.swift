import CZlib
import Foundation

/// The signals of one text: the likelihood signals, all from one scoring pass (plus an optional
/// pass on the lowercased text and one under a reference model), and the scores of the
/// generation probes when they ran. Each likelihood signal is a pure function of the scored
/// tokens, so it can be checked on hand-computed log-probabilities.
///
/// - `perplexity`: exp(-mean log p).
/// - `zlibRatio`: log-perplexity over the zlib-compressed length of the text in bytes
///   (Carlini et al. 2021): a text that is cheap for the model but not for zlib looks memorized.
/// - `minK`: mean log p of the k% lowest-probability tokens (Shi et al. 2023; k = 20%).
/// - `minKPlusPlus`: mean over the k% lowest of (log p - mu) / sigma, mu and sigma the mean and
///   standard deviation of log p under the model's own next-token distribution (Zhang et al. 2024).
/// - `lowercaseRatio`: log-perplexity over the log-perplexity of the lowercased text.
/// - `referenceRatio`: log-perplexity over the log-perplexity under a reference model.
/// - `ngramAccuracy`: BenBench n-gram accuracy (`NGramAccuracy`), read off the same pass.
/// - `completionRougeL`, `optionGuessing`: the generation probes (`GenerationProbes`), set
///   by the audit with `--probes`.
public struct LikelihoodSignals: Codable, Hashable, Sendable {
    /// Number of scored tokens.
    public var tokens: Int
    public var perplexity: Double
    public var minK: Double
    /// Nil when the backend does not see the full next-token distribution.
    public var minKPlusPlus: Double?
    public var zlibRatio: Double
    public var lowercaseRatio: Double?
    public var referenceRatio: Double?
    public var ngramAccuracy: Double?
    public var completionRougeL: Double?
    public var optionGuessing: Double?

    enum CodingKeys: String, CodingKey {
        case tokens, perplexity = "ppl", minK = "min_k", minKPlusPlus = "min_k_pp", zlibRatio = "zlib_ratio"
        case lowercaseRatio = "lowercase_ratio", referenceRatio = "reference_ratio", ngramAccuracy = "ngram_acc"
        case completionRougeL = "completion_rouge_l", optionGuessing = "ts_guessing"
    }

    /// The default k of Min-K% and Min-K%++: the 20% lowest tokens.
    public static let defaultFraction = 0.2

    public init(tokens: Int, perplexity: Double, minK: Double, minKPlusPlus: Double?, zlibRatio: Double,
                lowercaseRatio: Double? = nil, referenceRatio: Double? = nil, ngramAccuracy: Double? = nil) {
        self.tokens = tokens
        self.perplexity = perplexity
        self.minK = minK
        self.minKPlusPlus = minKPlusPlus
        self.zlibRatio = zlibRatio
        self.lowercaseRatio = lowercaseRatio
        self.referenceRatio = referenceRatio
        self.ngramAccuracy = ngramAccuracy
    }

    /// The signals of `text` from its scored tokens; nil when no token was scored.
    public init?(text: String, tokens scores: [TokenScore], fraction: Double = defaultFraction) {
        guard let perplexity = Self.perplexity(scores) else { return nil }
        tokens = scores.count
        self.perplexity = perplexity
        minK = Self.minK(scores.map(\.logProb), fraction: fraction)
        minKPlusPlus = Self.minKPlusPlus(scores, fraction: fraction)
        zlibRatio = log(perplexity) / Double(Self.compressedLength(text))
        ngramAccuracy = NGramAccuracy.accuracy(scores)
    }

    /// exp(-mean log p); nil for no tokens.
    public static func perplexity(_ scores: [TokenScore]) -> Double? {
        guard !scores.isEmpty else { return nil }
        return exp(-scores.reduce(0) { $0 + $1.logProb } / Double(scores.count))
    }

    /// How many of `count` values the k% lowest are: ceil(k * count), at least one.
    public static func lowestCount(_ count: Int, fraction: Double) -> Int {
        max(1, min(count, Int((fraction * Double(count)).rounded(.up))))
    }

    /// The mean of the k% lowest values (0 for none).
    public static func minK(_ values: [Double], fraction: Double = defaultFraction) -> Double {
        guard !values.isEmpty else { return 0 }
        let lowest = values.sorted().prefix(lowestCount(values.count, fraction: fraction))
        return lowest.reduce(0, +) / Double(lowest.count)
    }

    /// Min-K%++: Min-K% over the per-token standardized scores (log p - mu) / sigma; a
    /// position whose distribution has zero variance (one certain token) contributes 0. Nil
    /// when a score lacks the distribution's moments (a served model).
    public static func minKPlusPlus(_ scores: [TokenScore], fraction: Double = defaultFraction) -> Double? {
        var standardized: [Double] = []
        standardized.reserveCapacity(scores.count)
        for score in scores {
            guard let moments = score.distribution else { return nil }
            let sigma = moments.varianceLogProb.squareRoot()
            standardized.append(sigma > 0 ? (score.logProb - moments.expectedLogProb) / sigma : 0)
        }
        return minK(standardized, fraction: fraction)
    }

    /// log(ppl) / log(other ppl): the lowercase and reference ratios. nil when the other
    /// perplexity is 1 (log 0) or missing.
    public static func logRatio(_ perplexity: Double, over other: Double?) -> Double? {
        guard let other, other > 0, log(other) != 0 else { return nil }
        return log(perplexity) / log(other)
    }

    /// Length in bytes of the UTF-8 text compressed by the system zlib (`compress2`, level 9).
    public static func compressedLength(_ text: String) -> Int {
        var source = Array(text.utf8)
        var length = compressBound(uLong(source.count))
        var destination = [UInt8](repeating: 0, count: Int(length))
        let status = compress2(&destination, &length, &source, uLong(source.count), 9)
        precondition(status == Z_OK, "compress2 failed with status \(status) on a buffer of compressBound size")
        return Int(length)
    }
}
