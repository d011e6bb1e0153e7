import Foundation

/// How many items chance flags when nothing is contaminated.
///
/// Every item is compared with the same threshold, the `rank`-th smallest of the twins'
/// suspicions (`SignalCalibration.conformalRank`). For items exchangeable with the twins, the
/// share of them above that threshold is itself random, U ~ Beta(twins + 1 − rank, rank) (mean
/// about 5%), and the number of `n` items flagged is BetaBinomial(n, twins + 1 − rank, rank):
/// the flags are not independent. With 40 twins, 95% of clean benchmarks of 1,000 items get at
/// most 114 flags, not the 62 of Binomial(1000, 0.05); reading them as binomial would call about
/// 28% of clean benchmarks `suspicious`. More twins narrow U towards 5%.
public struct FlagChance: Sendable {
    /// The parameters of U, the share of clean items above the threshold.
    public let alpha: Double, beta: Double
    /// U's law on a grid: midpoints and normalized weights, the negligible ones left out.
    private let grid: [(u: Double, weight: Double)]

    /// The law for `twins` twins at `rate`; nil when the twins are too few for any threshold
    /// (then nothing is flagged).
    public init?(twins: Int, rate: Double = SignalCalibration.falsePositiveRate) {
        let rank = SignalCalibration.conformalRank(count: twins, rate: rate)
        guard twins > 0, rank <= twins else { return nil }
        alpha = Double(twins + 1 - rank)
        beta = Double(rank)
        grid = Self.grid(alpha, beta)
    }

    /// The smallest k with P(X <= k) >= q for X ~ BetaBinomial(items, alpha, beta).
    public func quantile(items: Int, _ q: Double) -> Int {
        let n = Double(items)
        let logNorm = BetaFunction.logBeta(alpha, beta)
        var cumulative = 0.0
        for k in 0..<max(0, items) {
            let x = Double(k)
            let logChoose: Double = lgamma(n + 1) - lgamma(x + 1) - lgamma(n - x + 1)
            cumulative += exp(logChoose + BetaFunction.logBeta(x + alpha, n - x + beta) - logNorm)
            if cumulative >= q { return k }
        }
        return max(0, items)
    }

    /// P(more than `chance` of `items` are flagged) when a `share` of them is contaminated and
    /// flagged with probability `detectionRate` (independently), the rest at the threshold's
    /// share U: the binomial tail averaged over U's law.
    public func exceedance(_ chance: Int, items: Int, share: Double, detectionRate: Double) -> Double {
        var total = 0.0
        for (u, weight) in grid {
            total += weight * Self.binomialTail(chance, trials: items, rate: (1 - share) * u + share * detectionRate)
        }
        return min(1, max(0, total))
    }

    /// Midpoints and normalized weights of Beta(alpha, beta)'s density over its mean ± 12
    /// standard deviations, without the points of weight below 1e-12 (each costs a binomial sum).
    private static func grid(_ alpha: Double, _ beta: Double) -> [(u: Double, weight: Double)] {
        let mean = alpha / (alpha + beta)
        let sd = (alpha * beta / ((alpha + beta) * (alpha + beta) * (alpha + beta + 1))).squareRoot()
        let low = max(0, mean - 12 * sd), high = min(1, mean + 12 * sd), points = 2_000
        let step = (high - low) / Double(points)
        let us = (0..<points).map { low + (Double($0) + 0.5) * step }
        let logDensity = us.map { (alpha - 1) * log($0) + (beta - 1) * log(1 - $0) }
        let peak = logDensity.max() ?? 0
        let weights = logDensity.map { exp($0 - peak) }
        let sum = weights.reduce(0, +)
        return zip(us, weights).map { ($0, $1 / sum) }.filter { $0.weight >= 1e-12 }
    }

    /// P(X > k) for X ~ Binomial(trials, rate): I_rate(k + 1, trials − k), as cheap at a
    /// million trials as at ten.
    static func binomialTail(_ k: Int, trials: Int, rate: Double) -> Double {
        guard k >= 0 else { return 1 }
        guard k < trials, rate > 0 else { return 0 }
        guard rate < 1 else { return 1 }
        return min(1, max(0, BetaFunction.regularized(rate, Double(k + 1), Double(trials - k))))
    }
}
