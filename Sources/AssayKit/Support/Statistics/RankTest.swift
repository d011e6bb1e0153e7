/// The outcome of a two-sided rank test (Mann-Whitney U, Wilcoxon signed-rank).
public struct RankTestResult: Sendable, Hashable {
    /// How the p-value was obtained.
    public enum Method: String, Sendable, Hashable, Codable {
        /// From the exact null distribution of the statistic (small samples without ties).
        case exact
        /// From the normal approximation with the tie-corrected variance.
        case normal
    }

    /// Which p-value computation to use.
    public enum MethodChoice: Sendable, Hashable {
        /// Exact where the test allows it (see each test), normal otherwise.
        case automatic
        case exact
        case normal
    }

    /// The test statistic: U of the first sample, or W+ (the sum of the positive ranks).
    public var statistic: Double
    /// The standardized statistic (normal method only).
    public var z: Double?
    /// The two-sided p-value.
    public var pValue: Double
    public var method: Method
    /// The rank-biserial correlation, -1...1 (positive: the first sample, or the differences,
    /// tend to be larger).
    public var effectSize: Double
    /// The observations the test used (pairs with a zero difference are not counted).
    public var count: Int
}

/// Exact null distributions of rank statistics, as probabilities indexed by the statistic.
enum ExactRankDistribution {
    /// The distribution of Mann-Whitney's U (pairs with x > y) for sample sizes m and n, by
    /// the recursion on the largest observation: p(m, n, u) = m/(m+n) p(m-1, n, u-n) +
    /// n/(m+n) p(m, n-1, u). Probabilities stay positive, so there is no cancellation.
    static func mannWhitney(_ m: Int, _ n: Int) -> [Double] {
        var previous = (0...m).map { _ in [1.0] }        // n' = 0: U is 0
        for j in stride(from: 1, through: n, by: 1) {
            var current: [[Double]] = [[1.0]]                 // m' = 0: U is 0
            for i in stride(from: 1, through: m, by: 1) {
                var p = [Double](repeating: 0, count: i * j + 1)
                let fromX = Double(i) / Double(i + j)
                let fromY = Double(j) / Double(i + j)
                for u in p.indices {
                    if u >= j && u - j < current[i - 1].count { p[u] += fromX * current[i - 1][u - j] }
                    if u < previous[i].count { p[u] += fromY * previous[i][u] }
                }
                current.append(p)
            }
            previous = current
        }
        return previous[m]
    }

    /// The distribution of W+ for n untied, non-zero differences: each rank 1...n is positive
    /// with probability 1/2, so count the subsets of {1...n} by their sum.
    static func signedRank(_ n: Int) -> [Double] {
        var counts = [Double](repeating: 0, count: n * (n + 1) / 2 + 1)
        counts[0] = 1
        var top = 0
        for rank in stride(from: 1, through: n, by: 1) {
            top += rank
            for s in stride(from: top, through: rank, by: -1) { counts[s] += counts[s - rank] }
        }
        let total = counts.reduce(0, +)   // 2^n
        return counts.map { $0 / total }
    }

    /// Two-sided p-value of an observed statistic under a discrete distribution:
    /// twice the smaller tail, capped at 1.
    static func twoSidedP(_ distribution: [Double], observed: Double) -> Double {
        var lower = 0.0
        var upper = 0.0
        for (value, p) in distribution.enumerated() {
            if Double(value) <= observed + 1e-9 { lower += p }
            if Double(value) >= observed - 1e-9 { upper += p }
        }
        return min(1, 2 * min(lower, upper))
    }
}
