import Foundation
import Testing
@testable import AssayKit

@Suite struct AuditCalibrationTests {
    /// Signals whose every oriented familiarity equals `f`.
    func signals(_ f: Double) -> LikelihoodSignals {
        LikelihoodSignals(tokens: 10, perplexity: exp(-f), minK: f, minKPlusPlus: f, zlibRatio: -f)
    }

    /// Twins keyed by number.
    func texts(_ values: [Double], role: String = "twin") -> [SignalCalibration.Text] {
        texts(values.map(signals), role: role)
    }

    func texts(_ values: [LikelihoodSignals], role: String = "twin") -> [SignalCalibration.Text] {
        values.enumerated().map { ("\(role):\($0.offset)", $0.element) }
    }

    /// Twins with familiarity 1...20: twin i has percentile (i - 0.5) * 5 on every signal.
    var calibration: SignalCalibration {
        // Items a little less familiar than the twins: the weights come from the prior alone.
        SignalCalibration(twins: texts((1...20).map(Double.init)), items: texts([5, 6], role: "item"))!
    }

    @Test func percentilesAmongTheTwins() {
        let percentiles = calibration.percentiles(of: signals(10))
        #expect(Set(percentiles.keys) == [.perplexity, .minK, .minKPlusPlus, .zlibRatio])
        #expect(percentiles.values.allSatisfy { abs($0 - 47.5) < 1e-9 })
        // Between twins 10 and 11: 10 of 20 below.
        #expect(calibration.percentiles(of: signals(10.5)).values.allSatisfy { abs($0 - 50) < 1e-9 })
    }

    @Test func thresholdIsConformal() {
        let twins = texts((1...20).map(Double.init))
        let suspicions = twins.map { calibration.suspicion(of: $0) }
        // The ⌈0.95 × 21⌉ = 20th smallest of 20: no twin is above it, a newcomer is with 1 / 21.
        #expect(calibration.threshold == suspicions.max())
        #expect(suspicions.count(where: calibration.isFlagged) == 0)
        #expect(SignalCalibration.conformalThreshold([3, 1, 2], rate: 0.05) == .infinity)
        #expect(SignalCalibration.conformalThreshold((1...40).map(Double.init), rate: 0.05) == 39)   // ⌈0.95 × 41⌉
        #expect(SignalCalibration.conformalThreshold((1...19).map(Double.init), rate: 0.05) == 19)
        // Far more familiar than every twin on every signal: flagged, and by a measured signal.
        let item = (key: "item:0", signals: signals(40))
        #expect(calibration.isFlagged(suspicion: calibration.suspicion(of: item)))
        #expect(calibration.drivingSignal(of: item) != nil)
        #expect(!calibration.isFlagged(suspicion: calibration.suspicion(of: (key: "item:1", signals: signals(5)))))
    }

    /// A value that is not finite (a perplexity of +∞) counts as not measured, not as a NaN
    /// that would spread to every score.
    @Test func aValueThatIsNotFiniteCountsAsMissing() throws {
        var twins = (1...20).map { signals(Double($0)) }
        twins[3].perplexity = .infinity
        var item = signals(30)
        item.perplexity = .nan
        let calibration = try #require(SignalCalibration(twins: texts(twins), items: texts([item, signals(12)], role: "item")))
        #expect(calibration.threshold.isFinite)
        #expect(calibration.suspicion(of: (key: "item:0", signals: item)).isFinite)
        #expect(calibration.isFlagged(suspicion: calibration.suspicion(of: (key: "item:0", signals: item))))
    }

    @Test func signalsNeedTenTwinsOrAll() throws {
        var twins = (1...6).map { signals(Double($0)) }
        for index in 0..<5 { twins[index].lowercaseRatio = 0.9 }
        #expect(!SignalCalibration(twins: texts(twins), items: [])!.signals.contains(.lowercaseRatio))   // 5 of 6
        twins[5].lowercaseRatio = 0.5
        #expect(SignalCalibration(twins: texts(twins), items: [])!.signals.contains(.lowercaseRatio))    // all 6
        var many = (1...30).map { signals(Double($0)) }
        for index in 0..<9 { many[index].optionGuessing = Double(index % 2) }
        #expect(!SignalCalibration(twins: texts(many), items: [])!.signals.contains(.optionGuessing))    // 9 of 30
        many[9].optionGuessing = 1
        let calibration = try #require(SignalCalibration(twins: texts(many), items: []))
        #expect(calibration.signals.contains(.optionGuessing))                          // 10 of 30
        // The reference holds the ten measured values only.
        #expect(calibration.referenceValues(.optionGuessing) == [0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
        #expect(SignalCalibration(twins: [], items: texts([1], role: "item")) == nil)
    }

    /// The chance counts against SciPy's `betabinom.ppf(0.95 and 0.99, n, twins + 1 - rank, rank)`.
    @Test(arguments: [(20, 40, 3, 5), (40, 40, 6, 8), (100, 40, 13, 17), (1000, 40, 114, 157), (100, 100, 11, 14),
                      (1000, 1000, 67, 75), (20, 20, 4, 6), (40, 20, 6, 10)])
    func chanceFlagsMatchSciPy(items: Int, twins: Int, expected: Int, strict: Int) throws {
        let chance = try #require(FlagChance(twins: twins))
        #expect(chance.quantile(items: items, 0.95) == expected)
        let thresholds = AuditVerdict.Thresholds(items: items, twins: twins)
        #expect(thresholds.chanceFlagged == expected && thresholds.chanceFlaggedStrict == strict)
    }

    /// A quarter of the items flagged is not enough to say contaminated when chance explains
    /// it at 99%: 10 of 40 with 20 twins (P = 1.1% for a clean benchmark, SciPy's betabinom),
    /// which the binomial Wilson bound used before took for contamination.
    @Test func contaminatedNeedsMoreThanChanceExplainsAt99() {
        let thresholds = AuditVerdict.Thresholds(items: 40, twins: 20)
        #expect(AuditVerdict.decide(likelihood: 10, items: 40, twins: 20, test: nil, thresholds: thresholds) == .suspicious)
        #expect(AuditVerdict.decide(likelihood: 11, items: 40, twins: 20, test: nil, thresholds: thresholds) == .contaminated)
        // With 1,000 twins the 99% count is below a quarter: the share rule decides.
        let many = AuditVerdict.Thresholds(items: 40, twins: 1000)
        #expect(AuditVerdict.decide(likelihood: 9, items: 40, twins: 1000, test: nil, thresholds: many) == .suspicious)
        #expect(AuditVerdict.decide(likelihood: 10, items: 40, twins: 1000, test: nil, thresholds: many) == .contaminated)
    }

    /// summary.json round-trips its thresholds, and one written before `chance_flagged_99` still reads.
    @Test func thresholdsReadOldAndNewSummaries() throws {
        let thresholds = AuditVerdict.Thresholds(items: 40, twins: 20)
        let data = try JSONEncoder().encode(thresholds)
        #expect(try JSONDecoder().decode(AuditVerdict.Thresholds.self, from: data) == thresholds)
        let old = #"{"contaminated_p":0.01,"large_effect":0.474,"suspicious_p":0.05,"contaminated_share":0.25,"false_positive_rate":0.05,"chance_flagged":3}"#
        let read = try JSONDecoder().decode(AuditVerdict.Thresholds.self, from: Data(old.utf8))
        #expect(read.chanceFlagged == 3 && read.chanceFlaggedStrict == 3)
    }

    @Test func chanceLawFromTheTwinsCount() throws {
        let forty = try #require(FlagChance(twins: 40))   // the 39th smallest of 40: U ~ Beta(2, 39)
        #expect(forty.alpha == 2 && forty.beta == 39)
        #expect(FlagChance(twins: 18) == nil && FlagChance(twins: 0) == nil)   // no threshold below 19 twins
        #expect(AuditVerdict.Thresholds(items: 30, twins: 10).chanceFlagged == 30)
        // P(X > 3) = 0.01590 for Binomial(20, 0.05), P(X > 7050) = 0.19666 for Binomial(14000, 0.5).
        #expect(abs(FlagChance.binomialTail(3, trials: 20, rate: 0.05) - 0.015902) < 1e-6)
        #expect(abs(FlagChance.binomialTail(7_050, trials: 14_000, rate: 0.5) - 0.196660) < 1e-5)
        #expect(FlagChance.binomialTail(20, trials: 20, rate: 0.5) == 0 && FlagChance.binomialTail(-1, trials: 20, rate: 0.5) == 1)
    }

    /// Items and twins drawn from one distribution, the threshold the conformal rank of the
    /// twins', the flags counted: more than the chance count in at most about 5% of 2,000
    /// clean audits of 200 items and 40 twins. Binomial(200, 0.05)'s 95th percentile (15)
    /// is exceeded 18.8% of the time.
    @Test func cleanAuditsExceedTheChanceCountAboutFivePercentOfTheTime() {
        var generator = SeededGenerator(seed: 11)
        let chance = AuditVerdict.Thresholds(items: 200, twins: 40).chanceFlagged
        var exceeded = 0, binomialExceeded = 0
        for _ in 0..<2_000 {
            let twins = (0..<40).map { _ in Double(generator.below(1 << 40)) }
            let threshold = SignalCalibration.conformalThreshold(twins, rate: 0.05)
            let flags = (0..<200).count(where: { _ in Double(generator.below(1 << 40)) > threshold })
            if flags > chance { exceeded += 1 }
            if flags > 15 { binomialExceeded += 1 }
        }
        #expect(exceeded >= 40 && exceeded <= 140, "\(exceeded) of 2000")   // SciPy: 4.5%, 90 of 2000
        #expect(binomialExceeded >= 300, "\(binomialExceeded) of 2000")
    }

    @Test func differenceInDifferences() throws {
        let test = try #require(DifferenceInDifferences(itemGaps: [1, 2, 3], twinGaps: [0, 0, 0], seed: 1))
        #expect(test.effectSize == 1)
        #expect(test.meanDifference == 2)
        #expect(test.ciLower >= 1 && test.ciLower <= 2 && test.ciUpper >= 2 && test.ciUpper <= 3)
        #expect(DifferenceInDifferences(itemGaps: [], twinGaps: [1], seed: 1) == nil)
    }

    @Test func verdictRules() throws {
        let thresholds = AuditVerdict.Thresholds(items: 20, twins: 40)   // chance explains up to 3 flags
        #expect(AuditVerdict.decide(likelihood: 1, items: 20, twins: 40, test: nil, thresholds: thresholds) == .clean)
        #expect(AuditVerdict.decide(likelihood: 3, items: 20, twins: 40, test: nil, thresholds: thresholds) == .clean)
        #expect(AuditVerdict.decide(likelihood: 4, items: 20, twins: 40, test: nil, thresholds: thresholds) == .suspicious)
        #expect(AuditVerdict.decide(likelihood: 10, items: 20, twins: 40, test: nil, thresholds: thresholds) == .contaminated)
        // Overlap flags are evidence from the first one; 5 of 20 (25%) make it contaminated.
        #expect(AuditVerdict.decide(likelihood: 0, overlap: 1, items: 20, twins: 40, test: nil, thresholds: thresholds) == .suspicious)
        #expect(AuditVerdict.decide(likelihood: 0, overlap: 4, items: 20, twins: 40, test: nil, thresholds: thresholds) == .suspicious)
        #expect(AuditVerdict.decide(likelihood: 0, overlap: 5, items: 20, twins: 40, test: nil, thresholds: thresholds) == .contaminated)
        // Likelihood flags inside chance stay clean even when overlap flags exist elsewhere.
        #expect(AuditVerdict.decide(likelihood: 3, overlap: 0, items: 20, twins: 40, test: nil, thresholds: thresholds) == .clean)
        var test = try #require(DifferenceInDifferences(itemGaps: [1, 2, 3], twinGaps: [0, 0, 0], seed: 1))
        (test.pValue, test.effectSize) = (0.005, 0.6)
        #expect(AuditVerdict.decide(likelihood: 0, items: 20, twins: 40, test: test, thresholds: thresholds) == .contaminated)
        (test.pValue, test.effectSize) = (0.005, 0.3)
        #expect(AuditVerdict.decide(likelihood: 0, items: 20, twins: 40, test: test, thresholds: thresholds) == .suspicious)
        (test.pValue, test.effectSize) = (0.03, 0.6)
        #expect(AuditVerdict.decide(likelihood: 0, items: 20, twins: 40, test: test, thresholds: thresholds) == .suspicious)
        (test.pValue, test.effectSize) = (0.001, -0.9)   // originals less familiar: no evidence
        #expect(AuditVerdict.decide(likelihood: 0, items: 20, twins: 40, test: test, thresholds: thresholds) == .clean)
        (test.pValue, test.effectSize) = (0.2, 0.6)
        #expect(AuditVerdict.decide(likelihood: 0, items: 20, twins: 40, test: test, thresholds: thresholds) == .clean)
        // Too few items or twins: the likelihood says nothing; overlap still does.
        let one = AuditVerdict.Thresholds(items: 1, twins: 1)
        #expect(AuditVerdict.decide(likelihood: 1, items: 1, twins: 1, test: nil, thresholds: one) == .insufficient)
        #expect(AuditVerdict.decide(likelihood: 10, items: 20, twins: 19, test: nil, thresholds: thresholds) == .insufficient)
        #expect(AuditVerdict.decide(likelihood: 0, overlap: 1, items: 1, twins: 1, test: nil, thresholds: one) == .contaminated)
        #expect(AuditVerdict.decide(likelihood: 0, overlap: 1, items: 9, twins: 30, test: nil, thresholds: thresholds) == .suspicious)
        #expect(AuditVerdict.shortfall(items: 9, twins: 30) == "needs at least 10 items and 20 twins, has 9 and 30")
        #expect(AuditVerdict.shortfall(items: 10, twins: 20) == nil)
    }

    /// Each verdict names the rule that gave it, with its numbers.
    @Test func theReasonNamesTheRuleThatFired() throws {
        let thresholds = AuditVerdict.Thresholds(items: 20, twins: 40)
        func reason(_ likelihood: Int, _ overlap: Int, _ test: DifferenceInDifferences? = nil, twins: Int = 40) -> AuditVerdict.Decision {
            AuditVerdict.decision(likelihood: likelihood, overlap: overlap, items: 20, twins: twins, test: test, thresholds: thresholds)
        }
        // The case the tour showed: overlap flags make it suspicious while the gap test says nothing.
        var test = try #require(DifferenceInDifferences(itemGaps: [1, 2, 3], twinGaps: [0, 0, 0], seed: 1))
        (test.pValue, test.effectSize) = (0.6952, 0.1)
        let byOverlap = reason(2, 3, test)
        #expect(byOverlap.verdict == .suspicious)
        #expect(byOverlap.reason == "3 of 20 items (15%) are in the corpora by n-gram overlap: any overlap makes it suspicious, whatever the likelihood says")
        #expect(reason(0, 5).reason.hasPrefix("5 of 20 items (25%) are in the corpora") && reason(0, 5).verdict == .contaminated)
        #expect(reason(4, 0).reason == "4 of 20 items (20%) are flagged by likelihood, more than the 3 chance explains")
        #expect(reason(10, 0).reason == "10 of 20 items (50%) are flagged by likelihood, at least 25% and more than the 5 chance explains at 99%")
        let clean = reason(2, 0, test)
        #expect(clean.verdict == .clean && clean.reason.contains("within the 3 chance explains") && clean.reason.contains("p = 0.6952"))
        (test.pValue, test.effectSize) = (0.005, 0.6)
        #expect(reason(0, 0, test).verdict == .contaminated && reason(0, 0, test).reason.contains("Mann-Whitney p = 0.005"))
        #expect(reason(10, 0, twins: 19).reason == "the likelihood evidence needs at least 10 items and 20 twins, has 20 and 19")
        // decide and decision agree on every case above.
        for (l, o) in [(2, 3), (0, 5), (4, 0), (10, 0), (2, 0), (0, 0)] {
            #expect(AuditVerdict.decide(likelihood: l, overlap: o, items: 20, twins: 40, test: test, thresholds: thresholds) == reason(l, o, test).verdict)
        }
    }

    /// The smallest contaminated share detected at 80% power, against SciPy: the chance count
    /// `betabinom.ppf(0.95, n, a, b)`, then a bisection of the share on
    /// `quad(lambda u: binom.sf(chance, n, (1 - s) u + s d) * beta.pdf(u, a, b), 0, 1) >= 0.8`.
    @Test(arguments: [(30, 40, 0.17831, 0.37193), (100, 40, 0.13291, 0.27507), (1000, 40, 0.09706, 0.19866),
                      (10, 40, 0.35065, 0.73664), (1000, 1000, 0.02808, 0.05902)])
    func powerMatchesSciPy(items: Int, twins: Int, every: Double, half: Double) {
        let power = AuditVerdict.power(items: items, twins: twins, thresholds: AuditVerdict.Thresholds(items: items, twins: twins))
        #expect(power.map(\.detectionRate) == [1, 0.5])
        #expect(abs((power[0].minimumShare ?? -1) - every) < 3e-4, "\(power)")
        #expect(abs((power[1].minimumShare ?? -1) - half) < 3e-4, "\(power)")
    }

    @Test func noPowerBelowTheMinimumSampleOrForFlagsNoBetterThanChance() {
        let thresholds = AuditVerdict.Thresholds(items: 9, twins: 40)
        #expect(AuditVerdict.power(items: 9, twins: 40, thresholds: thresholds).allSatisfy { $0.minimumShare == nil })
        #expect(AuditVerdict.power(items: 100, twins: 40, thresholds: AuditVerdict.Thresholds(items: 100, twins: 40),
                                   detectionRates: [0.05])[0].minimumShare == nil)
    }
}
