import Foundation
import Testing
@testable import AssayKit

/// PDR, consistency, their paired bootstrap intervals and CircularEval, against values worked
/// out by hand (and the exact bootstrap distribution of two-item samples).
@Suite struct RobustnessStatisticsTests {
    let t = true, f = false

    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-12) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    @Test func ratesOnHandComputedPairs() {
        // 3/5 right before and after; pairs TT TF TT FF FT: 3 unchanged.
        let before = [t, t, t, f, f], after = [t, f, t, f, t]
        #expect(close(RobustnessRates.accuracy(before), 0.6))
        #expect(close(RobustnessRates.performanceDropRate(original: before, perturbed: after), 0))
        #expect(close(RobustnessRates.consistency(original: before, perturbed: after), 0.6))
        // All right before, half after: PDR 1 - 0.5/1.
        #expect(close(RobustnessRates.performanceDropRate(original: [t, t, t, t], perturbed: [t, f, f, t]), 0.5))
        #expect(close(RobustnessRates.consistency(original: [t, t, t, t], perturbed: [t, f, f, t]), 0.5))
        // Better once perturbed: 1 - 0.5/0.25 = -1.
        #expect(close(RobustnessRates.performanceDropRate(original: [t, f, f, f], perturbed: [t, t, f, f]), -1))
        // Undefined: nothing right originally, no items, unpaired lengths.
        #expect(RobustnessRates.performanceDropRate(original: [f, f], perturbed: [t, f]) == nil)
        #expect(RobustnessRates.performanceDropRate(original: [], perturbed: []) == nil)
        #expect(RobustnessRates.consistency(original: [], perturbed: []) == nil)
        #expect(RobustnessRates.consistency(original: [t], perturbed: [t, f]) == nil)
        #expect(RobustnessRates.accuracy([]) == nil)
    }

    @Test func kindSummaryCountsFlipsAndEncodesUndefinedPDRAsNull() throws {
        let summary = KindSummary(kind: "typos:0.05", original: [t, t, f, f, t], perturbed: [f, t, t, f, f], skipped: 2,
                                  ungraded: 1, bootstrap: Bootstrap(resamples: 200, seed: 1))
        #expect(summary.n == 5 && summary.skipped == 2 && summary.ungraded == 1)
        #expect(summary.flippedToWrong == 2 && summary.flippedToRight == 1)
        #expect(close(summary.accOriginal?.value, 0.6) && close(summary.accPerturbed?.value, 0.4))
        #expect(close(summary.pdr?.value, 1 - 0.4 / 0.6) && close(summary.consistency?.value, 0.4))

        let hopeless = KindSummary(kind: "distractor", original: [f, f], perturbed: [f, t], skipped: 0, ungraded: 0,
                                   bootstrap: Bootstrap(resamples: 200, seed: 1))
        #expect(hopeless.pdr == nil)
        let json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(hopeless)) as? [String: Any])
        #expect(json["pdr"] is NSNull)
        #expect(json["acc_original"] is [String: Any] && json["flipped_to_right"] as? Int == 1)
    }

    /// With two items a resample is one of four equally likely index pairs, so the bootstrap
    /// distribution of every rate is known exactly.
    @Test func intervalsFollowTheExactTwoItemBootstrap() {
        let bootstrap = Bootstrap(resamples: 4000, seed: 7)
        // One item unchanged, one broken: consistency over draws is 1, 0.5, 0.5, 0 (each 1/4):
        // 2.5 % and 97.5 % quantiles 0 and 1, standard deviation sqrt(1/8).
        let mixed = KindSummary(kind: "k", original: [t, t], perturbed: [t, f], skipped: 0, ungraded: 0, bootstrap: bootstrap)
        let consistency = mixed.consistency!
        #expect(consistency.value == 0.5 && consistency.ciLow == 0 && consistency.ciHigh == 1)
        #expect(abs(consistency.stderr - (1.0 / 8).squareRoot()) < 0.02)
        // Pairs stay paired: identical outcomes are consistent in every resample.
        let same = KindSummary(kind: "k", original: [t, f], perturbed: [t, f], skipped: 0, ungraded: 0, bootstrap: bootstrap)
        #expect(same.consistency!.ciLow == 1 && same.consistency!.ciHigh == 1 && same.consistency!.stderr == 0)
        #expect(same.pdr!.ciLow == 0 && same.pdr!.ciHigh == 0)
        // Right only on item 0 and broken there: draws {0,0} and {0,1} give PDR 1, draw {1,1}
        // leaves it undefined and is left out, so the interval is [1, 1].
        let broken = KindSummary(kind: "k", original: [t, f], perturbed: [f, f], skipped: 0, ungraded: 0, bootstrap: bootstrap)
        #expect(broken.pdr!.value == 1 && broken.pdr!.ciLow == 1 && broken.pdr!.ciHigh == 1 && broken.pdr!.stderr == 0)
        #expect(broken.accOriginal!.ciLow == 0 && broken.accOriginal!.ciHigh == 1)
    }

    @Test func bootstrapOverIndicesIsNilWhereUndefined() {
        let bootstrap = Bootstrap(resamples: 50, seed: 3)
        #expect(bootstrap.estimate(count: 0) { _ in 1 } == nil)
        #expect(bootstrap.estimate(count: 3) { _ in nil } == nil)
        // Defined on the sample only when index 0 is present: every draw without it is dropped.
        let estimate = bootstrap.estimate(count: 3) { drawn in drawn.contains(0) ? 5 : nil }
        #expect(estimate?.value == 5 && estimate?.lower == 5 && estimate?.upper == 5)
    }

    /// Three items, worked through by hand. Gold positions follow each item's rotations
    /// (rotation r moves the gold option from g to g - r mod n).
    @Test func circularEvalOnHandComputedItems() {
        let items: [[RotationOutcome]] = [
            // 4 options, gold at B: positions 1, 0, 3, 2; always right.
            [.init(goldPosition: 1, correct: t), .init(goldPosition: 0, correct: t), .init(goldPosition: 3, correct: t),
             .init(goldPosition: 2, correct: t)],
            // 4 options, gold at A: positions 0, 3, 2, 1; right at A and B only.
            [.init(goldPosition: 0, correct: t), .init(goldPosition: 3, correct: f), .init(goldPosition: 2, correct: f),
             .init(goldPosition: 1, correct: t)],
            // 3 options, gold at C: positions 2, 1, 0; right at B only.
            [.init(goldPosition: 2, correct: f), .init(goldPosition: 1, correct: t), .init(goldPosition: 0, correct: f)],
        ]
        let summary = CircularSummary(items: items, skipped: 4, bootstrap: Bootstrap(resamples: 300, seed: 2))
        #expect(summary.n == 3 && summary.skipped == 4 && summary.answers == 11)
        // A: T T F; B: T T T; C: T F F; D: T F.
        #expect(summary.byGoldPosition.map(\.label) == ["A", "B", "C", "D"])
        #expect(summary.byGoldPosition.map(\.n) == [3, 3, 3, 2])
        #expect(summary.byGoldPosition.map(\.correct) == [2, 3, 1, 1])
        let a = summary.byGoldPosition[0]
        #expect(close(a.accuracy, 2.0 / 3))
        // Wilson 95 % for 2 of 3, from the formula with z = 1.959964 (computed by hand / Python).
        #expect(close(a.ciLow, 0.20765960080204768, 1e-9) && close(a.ciHigh, 0.9385080552796037, 1e-9))
        #expect(close(summary.byGoldPosition[1].ciLow, 0.4385029682449545, 1e-9) && summary.byGoldPosition[1].ciHigh == 1)
        #expect(close(summary.originalAccuracy?.value, 2.0 / 3))
        #expect(close(summary.meanAccuracy?.value, (1 + 0.5 + 1.0 / 3) / 3))
        #expect(close(summary.circularAccuracy?.value, 1.0 / 3))
        let interval = summary.circularAccuracy!
        #expect(interval.ciLow <= interval.value && interval.value <= interval.ciHigh)
    }
}
