/// The Wilcoxon signed-rank test of paired samples (or of differences against zero), two-sided.
public enum WilcoxonSignedRank {
    /// Tests whether paired `x` and `y` differ, on the differences x - y.
    public static func test(_ x: [Double], _ y: [Double], method: RankTestResult.MethodChoice = .automatic,
                            continuityCorrection: Bool = false) -> RankTestResult? {
        precondition(x.count == y.count, "paired samples must have the same length")
        return test(differences: zip(x, y).map { $0 - $1 }, method: method, continuityCorrection: continuityCorrection)
    }

    /// Tests whether the differences are symmetric around zero.
    ///
    /// - Zero differences are dropped before ranking (Wilcoxon's rule, SciPy's default
    ///   `zero_method="wilcox"`); `count` is the number left.
    /// - The statistic is W+, the sum of the ranks of |d| over positive d, ties sharing their
    ///   mean rank; the effect size is the matched-pairs rank-biserial (W+ - W-) / (W+ + W-).
    /// - Normal method: z = (W+ - n(n+1)/4) / sigma with sigma^2 = n(n+1)(2n+1)/24 -
    ///   sum(t^3 - t)/48, and a 1/2 continuity correction only when asked (SciPy's default is
    ///   none).
    /// - Exact method: the exact null distribution of W+, valid without ties; `.automatic`
    ///   uses it for n <= 20 without ties.
    /// - Returns: nil when no non-zero difference is left.
    public static func test(differences: [Double], method: RankTestResult.MethodChoice = .automatic,
                            continuityCorrection: Bool = false) -> RankTestResult? {
        let nonZero = differences.filter { $0 != 0 }
        let n = nonZero.count
        guard n > 0 else { return nil }
        let (ranks, ties) = Descriptive.ranks(nonZero.map(abs))
        var positive = 0.0
        for (d, rank) in zip(nonZero, ranks) where d > 0 { positive += rank }
        let total = Double(n * (n + 1)) / 2
        let effect = (positive - (total - positive)) / total
        let useExact: Bool
        switch method {
        case .exact: useExact = true
        case .normal: useExact = false
        case .automatic: useExact = ties.isEmpty && n <= 20
        }
        if useExact {
            let p = ExactRankDistribution.twoSidedP(ExactRankDistribution.signedRank(n), observed: positive)
            return RankTestResult(statistic: positive, z: nil, pValue: p, method: .exact, effectSize: effect, count: n)
        }
        let nn = Double(n)
        let tieTerm = ties.reduce(0.0) { $0 + Double($1) * Double($1) * Double($1) - Double($1) }
        let variance = nn * (nn + 1) * (2 * nn + 1) / 24 - tieTerm / 48
        let mean = total / 2
        guard variance > 0 else {
            return RankTestResult(statistic: positive, z: 0, pValue: 1, method: .normal, effectSize: effect, count: n)
        }
        let distance = max(0, abs(positive - mean) - (continuityCorrection ? 0.5 : 0))
        let z = (positive >= mean ? 1 : -1) * distance / variance.squareRoot()
        return RankTestResult(statistic: positive, z: z, pValue: NormalDistribution.twoSidedP(z), method: .normal,
                              effectSize: effect, count: n)
    }
}
