import Foundation
import Testing
@testable import AssayKit

/// Reference numbers come from SciPy 1.17.1 / NumPy on this machine, e.g.
/// `python3 -c "import scipy.stats as st; print(st.mannwhitneyu([19,22,16,29,24],[20,11,17,12],method='exact'))"`,
/// or are hand-computed where noted.
@Suite struct StatisticsTests {
    let sample: [Double] = [2, 4, 4, 4, 5, 5, 7, 9]

    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        abs(a - b) <= tolerance * max(1, abs(b))
    }

    @Test func meanVarianceStandardError() {
        // Hand-computed: mean 40/8 = 5, squared deviations sum to 32, 32/7.
        #expect(Descriptive.mean(sample) == 5)
        #expect(close(Descriptive.variance(sample), 32.0 / 7))
        #expect(close(Descriptive.standardError(sample), 0.7559289460184544))   // scipy.stats.sem
        #expect(Descriptive.mean([]).isNaN)
        #expect(Descriptive.variance([1]).isNaN)
    }

    @Test func quantilesInterpolateLinearly() {
        // numpy.quantile (type 7) at 0.1, 0.25, 0.5, 0.9, 1.0.
        let expected = [3.4000000000000004, 4.0, 4.5, 7.6, 9.0]
        for (p, value) in zip([0.1, 0.25, 0.5, 0.9, 1.0], expected) {
            #expect(close(Descriptive.quantile(sample.shuffledDeterministically(), p), value))
        }
        #expect(Descriptive.percentile(sample, 50) == 4.5)
        #expect(Descriptive.median([3, 1, 2]) == 2)
    }

    @Test func percentileRankCountsTiesHalf() {
        // scipy.stats.percentileofscore(kind="mean").
        #expect(Descriptive.percentileRank(of: 4, in: sample) == 31.25)
        #expect(Descriptive.percentileRank(of: 6, in: sample) == 75)
        #expect(Descriptive.percentileRank(of: 1, in: sample) == 0)
        #expect(Descriptive.percentileRank(of: 10, in: sample) == 100)
    }

    @Test func averageRanksWithTies() {
        let (ranks, ties) = Descriptive.ranks([10, 20, 10, 30, 20, 20])
        #expect(ranks == [1.5, 4, 1.5, 6, 4, 4])   // hand-computed
        #expect(ties.sorted() == [2, 3])
    }

    @Test func normalCdfAndInverse() {
        #expect(close(NormalDistribution.cdf(1.96), 0.9750021048517795, 1e-12))
        #expect(close(NormalDistribution.cdf(-8), 6.22096057427174e-16, 1e-9))
        #expect(close(NormalDistribution.inverse(0.975), 1.959963984540054, 1e-12))
        #expect(close(NormalDistribution.inverse(1e-10), -6.361340902404056, 1e-11))
        #expect(close(NormalDistribution.inverse(0.3), -0.5244005127080409, 1e-12))
        #expect(close(NormalDistribution.inverse(1 - 1e-12), 7.0344869100478356, 1e-6))
        #expect(NormalDistribution.inverse(0.5) == 0)
        #expect(NormalDistribution.inverse(0) == -.infinity)
        #expect(NormalDistribution.inverse(1.5).isNaN)
        for p in stride(from: 0.001, to: 1, by: 0.0137) {
            #expect(close(NormalDistribution.cdf(NormalDistribution.inverse(p)), p, 1e-12))
        }
    }

    @Test func mannWhitneyExactSmallSample() throws {
        let result = try #require(MannWhitneyU.test([19, 22, 16, 29, 24], [20, 11, 17, 12]))
        #expect(result.method == .exact)
        #expect(result.statistic == 17)
        #expect(close(result.pValue, 0.1111111111111111))
        // Hand check: 2 * 17/20 - 1.
        #expect(close(result.effectSize, 0.7))
        let normal = try #require(MannWhitneyU.test([19, 22, 16, 29, 24], [20, 11, 17, 12], method: .normal))
        #expect(close(normal.pValue, 0.11134688653314041))
    }

    @Test func mannWhitneyExactLargerSample() throws {
        let x: [Double] = [3.1, 4.5, 2.2, 8.8, 7.1, 6.0, 5.5, 9.9, 1.2, 4.4]
        let y: [Double] = [2.0, 1.5, 3.3, 0.7, 2.8, 4.1, 1.9, 0.4, 2.6, 3.9, 1.1, 5.0]
        let result = try #require(MannWhitneyU.test(x, y, method: .exact))
        #expect(result.statistic == 99)
        #expect(close(result.pValue, 0.00895698728516066))
    }

    @Test func mannWhitneyTieCorrectedNormal() throws {
        let a: [Double] = [1.1, 2.2, 2.2, 3.5, 4.0, 4.0, 4.0, 5.1, 6.3, 7.0, 7.0]
        let b: [Double] = [0.5, 1.1, 2.2, 2.9, 3.0, 3.0, 4.0, 4.4, 5.0]
        let result = try #require(MannWhitneyU.test(a, b))
        #expect(result.method == .normal)
        #expect(result.statistic == 68)
        #expect(close(result.pValue, 0.16871285498131883))
        let plain = try #require(MannWhitneyU.test(a, b, continuityCorrection: false))
        #expect(close(plain.pValue, 0.15719067220270125))
        #expect(close(result.effectSize, EffectSize.cliffsDelta(a, b)))
        #expect(MannWhitneyU.test([], b) == nil)
    }

    @Test func wilcoxonExactAndNormal() throws {
        let x: [Double] = [1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06, 1.30]
        let y: [Double] = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14, 1.29]
        let exact = try #require(WilcoxonSignedRank.test(x, y))
        #expect(exact.method == .exact)
        #expect(exact.statistic == 40)             // scipy reports min(W+, W-) = 5; 45 - 5
        #expect(close(exact.pValue, 0.0390625))
        #expect(close(exact.effectSize, 35.0 / 45))   // hand: (40 - 5) / 45
        let normal = try #require(WilcoxonSignedRank.test(x, y, method: .normal))
        #expect(close(normal.pValue, 0.038151710173415135))
    }

    @Test func wilcoxonDropsZerosAndCorrectsTies() throws {
        let d: [Double] = [3, -1, 2, 2, 0, -4, 5, 2, 6, -1, 3, 4, 0, 7, -2]
        let result = try #require(WilcoxonSignedRank.test(differences: d))
        #expect(result.count == 13)
        #expect(result.method == .normal)
        #expect(result.statistic == 91 - 17)      // scipy's statistic is W- = 17
        #expect(close(result.pValue, 0.04553350188898694))
        let corrected = try #require(WilcoxonSignedRank.test(differences: d, continuityCorrection: true))
        #expect(close(corrected.pValue, 0.04945939793291274))
        #expect(WilcoxonSignedRank.test(differences: [0, 0]) == nil)
    }

    @Test func wilcoxonExactTwenty() throws {
        let d: [Double] = [0.3, -1.2, 2.5, 1.1, -0.4, 3.3, 0.9, 1.7, -0.8, 2.2, 1.4, 0.6, -1.9, 2.8,
                           1.05, 0.15, 3.9, -0.25, 1.55, 2.05]
        let result = try #require(WilcoxonSignedRank.test(differences: d))
        #expect(result.method == .exact)
        #expect(result.statistic == 210 - 36)
        #expect(close(result.pValue, 0.00830841064453125))
    }

    @Test func cliffsDeltaByHand() {
        // Pairs of [1, 2, 3] vs [2]: 3 > 2, 1 < 2, one tie: (1 - 1) / 3 = 0.
        #expect(EffectSize.cliffsDelta([1, 2, 3], [2]) == 0)
        #expect(EffectSize.cliffsDelta([5, 6], [1, 2, 3]) == 1)
        #expect(EffectSize.cliffsDeltaMagnitude(-0.5) == "large")
    }

    @Test func wilsonInterval() throws {
        // scipy.stats.binomtest(8, 10).proportion_ci(0.95, method="wilson").
        let interval = try #require(ProportionInterval.wilson(successes: 8, trials: 10))
        #expect(close(interval.lower, 0.4901624715366418, 1e-9))
        #expect(close(interval.upper, 0.9433178485456248, 1e-9))
        let zero = try #require(ProportionInterval.wilson(successes: 0, trials: 20, confidence: 0.9))
        #expect(zero.lower == 0)
        #expect(close(zero.upper, 0.11915783736096448, 1e-9))
        #expect(ProportionInterval.wilson(successes: 3, trials: 0) == nil)
    }

    @Test func bootstrapIsSeededAndSensible() throws {
        var generator = SeededGenerator(seed: 99)
        let data = (0..<400).map { _ in NormalDistribution.inverse(0.0005 + 0.999 * generator.unitDouble()) }
        let bootstrap = Bootstrap(resamples: 1000, seed: 5)
        let a = try #require(bootstrap.estimate(data, statistic: Descriptive.mean))
        let b = try #require(bootstrap.estimate(data, statistic: Descriptive.mean))
        #expect(a == b)
        // The bootstrap SE of a mean approximates s / sqrt(n).
        #expect(abs(a.standardError / Descriptive.standardError(data) - 1) < 0.1)
        #expect(a.lower < a.value && a.value < a.upper)
        let other = try #require(Bootstrap(resamples: 1000, seed: 6).estimate(data, statistic: Descriptive.mean))
        #expect(other != a)
    }

    @Test func pairedBootstrapKeepsPairs() throws {
        let x: [Double] = [0.1, 0.9, 0.4, 0.7, 0.3, 0.8, 0.2]
        let y = x.map { $0 + 0.25 }
        // Resampling pairs together, the mean difference never moves; unpaired it would.
        let estimate = try #require(Bootstrap(resamples: 200, seed: 1).estimate(x, y) {
            Descriptive.mean($1) - Descriptive.mean($0)
        })
        #expect(close(estimate.lower, 0.25) && close(estimate.upper, 0.25))
        #expect(estimate.standardError < 1e-12)
    }
}

fileprivate extension Array where Element == Double {
    /// A fixed reordering, so quantile tests do not rely on sorted input.
    func shuffledDeterministically() -> [Double] {
        var generator = SeededGenerator(seed: 3)
        return generator.shuffled(self)
    }
}

/// The regularized incomplete beta function and the binomial tail built on it, against SciPy
/// (`scipy.special.betainc`, `scipy.stats.binom.sf`), from ten trials to a million.
@Suite struct BetaFunctionTests {
    @Test(arguments: [(0.3, 2.0, 5.0, 0.5798250000000003), (0.9, 0.5, 0.5, 0.7951672353008665),
                      (0.05, 1.0, 20.0, 0.6415140775914578), (0.5, 500.0, 500.0, 0.5),
                      (0.501, 5e5, 5e5, 0.9772499490383677), (0.049, 50_001.0, 950_000.0, 1.9128079972966913e-06),
                      (1e-5, 1.0, 1.0, 1e-5)])
    func regularizedMatchesSciPy(x: Double, a: Double, b: Double, expected: Double) {
        let value = BetaFunction.regularized(x, a, b)
        #expect(abs(value - expected) <= 1e-9 * max(expected, 1e-300) + 1e-13, "\(value)")
    }

    @Test(arguments: [(52_000, 1_000_000, 0.05, 3.6678683024004417e-20), (50_500, 1_000_000, 0.05, 0.010908923728060226),
                      (114, 1000, 0.05, 2.882731495598872e-16), (0, 10, 0.3, 0.9717524751)])
    func binomialTailMatchesSciPy(k: Int, trials: Int, rate: Double, expected: Double) {
        let value = FlagChance.binomialTail(k, trials: trials, rate: rate)
        #expect(abs(value - expected) <= 1e-8 * expected, "\(value)")
    }

    /// The tail agrees with the terms summed one by one where that sum is exact enough.
    @Test func binomialTailEqualsTheSumOfItsTerms() {
        for (trials, rate) in [(20, 0.05), (40, 0.3), (200, 0.5), (1000, 0.07)] {
            for k in stride(from: 0, to: trials, by: max(1, trials / 10)) {
                let n = Double(trials)
                let terms = ((k + 1)...trials).map { count -> Double in
                    let x = Double(count)
                    let logChoose: Double = lgamma(n + 1) - lgamma(x + 1) - lgamma(n - x + 1)
                    let logPower: Double = x * log(rate) + (n - x) * log(1 - rate)
                    return exp(logChoose + logPower)
                }
                let sum = terms.reduce(0, +)
                #expect(abs(FlagChance.binomialTail(k, trials: trials, rate: rate) - sum) <= 1e-10 * max(sum, 1e-280) + 1e-15,
                        "k \(k) of \(trials) at \(rate)")
            }
        }
    }
}
