import Foundation

/// Statistics of one next-token distribution, from its raw logits.
public struct DistributionSummary: Hashable, Sendable {
    /// The largest logit and its token (the greedy choice).
    public var maxLogit: Float
    public var argmax: Int32
    /// log Σ exp(logit): log p(token) = logit(token) - logSumExp.
    public var logSumExp: Double
    /// E[log p(z)] under the distribution (= -entropy).
    public var expectedLogProb: Double
    /// Var[log p(z)] under the distribution.
    public var varianceLogProb: Double
}

/// Computes token scores from a row of logits: two vectorized passes over the vocabulary
/// (max, then exp-sums), partial sums in Float over blocks of 256 entries, totals in Double,
/// plus one comparison pass per scored token for its rank.
public enum LogitStatistics {
    /// Summarizes a logits row (any length ≥ 1).
    public static func summarize(_ logits: UnsafeBufferPointer<Float>) -> DistributionSummary {
        let n = logits.count
        precondition(n > 0, "empty logits")
        let base = UnsafeRawPointer(logits.baseAddress!)
        // Pass 1: maximum and its first index.
        var maxVector = SIMD8<Float>(repeating: -.infinity)
        var i = 0
        while i + 8 <= n {
            maxVector = pointwiseMax(maxVector, base.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self))
            i += 8
        }
        var maxLogit = maxVector.max()
        while i < n { maxLogit = max(maxLogit, logits[i]); i += 1 }
        let argmax = Int32(logits.firstIndex(of: maxLogit) ?? 0)

        // Pass 2: with d = logit - max and e = exp(d): S = Σe, A = Σ e·d, B = Σ e·d².
        var s = 0.0, a = 0.0, b = 0.0
        let m = SIMD8<Float>(repeating: maxLogit)
        i = 0
        while i + 8 <= n {
            var sv = SIMD8<Float>(), av = SIMD8<Float>(), bv = SIMD8<Float>()
            let blockEnd = min(n - (n - i) % 8, i + 256)
            while i < blockEnd {
                let d = base.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self) - m
                let e = expNonPositive(d)
                let ed = e * d
                sv += e
                av += ed
                bv += ed * d
                i += 8
            }
            s += Double(sv.sum()); a += Double(av.sum()); b += Double(bv.sum())
        }
        while i < n {
            let d = Double(logits[i] - maxLogit)
            let e = Foundation.exp(d)
            s += e; a += e * d; b += e * d * d
            i += 1
        }
        let logS = Foundation.log(s)
        let meanD = a / s
        // log p(z) = d_z - log S, so E[log p] = E[d] - log S and Var[log p] = Var[d].
        let variance = max(0, b / s - meanD * meanD)
        return DistributionSummary(maxLogit: maxLogit, argmax: argmax, logSumExp: Double(maxLogit) + logS,
                                   expectedLogProb: meanD - logS, varianceLogProb: variance)
    }

    /// The score of `token` at a position whose logits are `logits` and summary `summary`.
    public static func score(token: Int32, logits: UnsafeBufferPointer<Float>, summary: DistributionSummary) -> TokenScore {
        let value = logits[Int(token)]
        return TokenScore(token: token, logProb: Double(value) - summary.logSumExp, greedyToken: summary.argmax,
                          rank: Int32(countGreater(than: value, in: logits)) + 1,
                          distribution: DistributionMoments(expectedLogProb: summary.expectedLogProb,
                                                            varianceLogProb: summary.varianceLogProb))
    }

    /// Number of logits strictly greater than `value`.
    static func countGreater(than value: Float, in logits: UnsafeBufferPointer<Float>) -> Int {
        let n = logits.count
        let base = UnsafeRawPointer(logits.baseAddress!)
        let threshold = SIMD8<Float>(repeating: value)
        var counts = SIMD8<Int32>()
        var i = 0
        while i + 8 <= n {
            let v = base.loadUnaligned(fromByteOffset: i * 4, as: SIMD8<Float>.self)
            counts &+= SIMD8<Int32>(repeating: 0).replacing(with: 1, where: v .> threshold)
            i += 8
        }
        var total = Int(counts.wrappedSum())
        while i < n { if logits[i] > value { total += 1 }; i += 1 }
        return total
    }

    /// exp(x) for x ≤ 0, eight lanes at a time (Cephes' single-precision polynomial, relative
    /// error about 1e-7; inputs below -87 give about 1e-38 instead of 0, negligible in sums).
    @inline(__always)
    static func expNonPositive(_ input: SIMD8<Float>) -> SIMD8<Float> {
        let x = pointwiseMax(input, SIMD8<Float>(repeating: -87))
        let n = (x * 1.442_695_04).rounded(.toNearestOrEven)
        var r = x - n * 0.693_359_375
        r = r - n * -2.121_944_40e-4
        var p = SIMD8<Float>(repeating: 1.987_569_15e-4)
        p = p * r + 1.398_199_95e-3
        p = p * r + 8.333_451_91e-3
        p = p * r + 4.166_579_59e-2
        p = p * r + 1.666_666_55e-1
        p = p * r + 5.000_000_12e-1
        let y = p * (r * r) + r + 1
        // 2^n through the float's bits: adding 1.5 * 2^23 puts the integer n in the low
        // mantissa bits (exact for |n| < 2^22), read back as Int32 without a slow conversion.
        let integer = unsafeBitCast(n + 12_582_912, to: SIMD8<Int32>.self) &- 0x4B40_0000
        return y * unsafeBitCast((integer &+ 127) &<< 23, to: SIMD8<Float>.self)
    }
}
