/// The Mann-Whitney U test (Wilcoxon rank-sum) of two independent samples, two-sided.
public enum MannWhitneyU {
    /// Tests whether `x` and `y` come from the same distribution.
    ///
    /// - U is the number of pairs (x, y) with x > y, ties counting one half; the effect size is
    ///   the rank-biserial correlation 2U/(n1 n2) - 1, equal to Cliff's delta.
    /// - Normal method: z = (|U - n1 n2/2| - c) / sigma with the tie-corrected variance
    ///   sigma^2 = n1 n2/12 ((N+1) - sum(t^3 - t)/(N(N-1))) and c = 1/2 when
    ///   `continuityCorrection` (as SciPy's default) else 0.
    /// - Exact method: the exact distribution of U, valid without ties; `.automatic` uses it
    ///   when there are no ties and the smaller sample has at most 8 values (SciPy's rule).
    /// - Returns: nil when a sample is empty.
    public static func test(_ x: [Double], _ y: [Double], method: RankTestResult.MethodChoice = .automatic,
                            continuityCorrection: Bool = true) -> RankTestResult? {
        let n1 = x.count
        let n2 = y.count
        guard n1 > 0, n2 > 0 else { return nil }
        let (ranks, ties) = Descriptive.ranks(x + y)
        let rankSum = ranks[0..<n1].reduce(0, +)
        let u = rankSum - Double(n1 * (n1 + 1)) / 2
        let product = Double(n1) * Double(n2)
        let effect = 2 * u / product - 1
        let useExact: Bool
        switch method {
        case .exact: useExact = true
        case .normal: useExact = false
        case .automatic: useExact = ties.isEmpty && min(n1, n2) <= 8
        }
        if useExact {
            let distribution = ExactRankDistribution.mannWhitney(n1, n2)
            let p = ExactRankDistribution.twoSidedP(distribution, observed: u)
            return RankTestResult(statistic: u, z: nil, pValue: p, method: .exact, effectSize: effect, count: n1 + n2)
        }
        let total = Double(n1 + n2)
        let tieTerm = ties.reduce(0.0) { $0 + pow3($1) - Double($1) }
        let variance = product / 12 * ((total + 1) - tieTerm / (total * (total - 1)))
        guard variance > 0 else {   // every value tied: no evidence either way
            return RankTestResult(statistic: u, z: 0, pValue: 1, method: .normal, effectSize: effect, count: n1 + n2)
        }
        let distance = max(0, abs(u - product / 2) - (continuityCorrection ? 0.5 : 0))
        let z = (u >= product / 2 ? 1 : -1) * distance / variance.squareRoot()
        return RankTestResult(statistic: u, z: z, pValue: NormalDistribution.twoSidedP(z), method: .normal,
                              effectSize: effect, count: n1 + n2)
    }

    private static func pow3(_ t: Int) -> Double { Double(t) * Double(t) * Double(t) }
}
