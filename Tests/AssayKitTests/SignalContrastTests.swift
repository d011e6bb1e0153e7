import Foundation
import Testing
@testable import AssayKit

/// The audit's combination of signals on planted populations: a strong signal among weak ones,
/// nothing planted at all, and the properties a report relies on (order, missing signals).
@Suite struct SignalContrastTests {
    /// A standard normal deviate from the seeded generator (inverse CDF of a uniform in (0, 1)).
    func normal(_ generator: inout SeededGenerator) -> Double {
        NormalDistribution.inverse((Double(generator.below(1 << 52)) + 0.5) / Double(1 << 52))
    }

    /// Texts with five oriented signals: perplexity, Min-K% and Min-K%++ share a text's
    /// difficulty (correlated, as they are in practice); the others are independent noise.
    /// `familiar` adds `shift` to perplexity alone, and `shift / 4` to Min-K%: the planted
    /// contamination that only one strong and one weak signal see.
    func texts(_ role: String, count: Int, familiar: Int = 0, shift: Double = 2.5,
               generator: inout SeededGenerator) -> [SignalContrast.Text] {
        (0..<count).map { index in
            let difficulty = normal(&generator)
            let planted = index < familiar ? shift : 0
            let values: [Double?] = [difficulty + 0.6 * normal(&generator) + planted,
                                     difficulty + 0.6 * normal(&generator) + planted / 4,
                                     difficulty + normal(&generator),
                                     normal(&generator), normal(&generator)]
            return ("\(role):\(index)", values)
        }
    }

    /// Mann-Whitney's AUROC of `positives` over `negatives` (Cliff's delta rescaled).
    func auroc(_ positives: [Double], _ negatives: [Double]) -> Double {
        (EffectSize.cliffsDelta(positives, negatives) + 1) / 2
    }

    /// Half of the items are familiar by one strong signal. The mean of the signals' percentiles
    /// (the audit's former suspicion) is diluted by the four that see little; the contrast puts
    /// its weight on the strong signal and ranks the items at least as well as it alone.
    @Test func aStrongSignalIsNotDilutedByWeakOnes() {
        var generator = SeededGenerator(seed: 7)
        let items = texts("item", count: 60, familiar: 30, generator: &generator)
        let twins = texts("twin", count: 60, generator: &generator)
        let contrast = SignalContrast(items: items, twins: twins)
        let scores = items.map { contrast.model(for: $0.key).score($0.values) }
        let combined = auroc(Array(scores[..<30]), Array(scores[30...]))
        let perplexity = items.map { $0.values[0]! }
        let alone = auroc(Array(perplexity[..<30]), Array(perplexity[30...]))
        let reference = (0..<5).map { signal in twins.map { $0.values[signal]! } }
        let meanPercentile = items.map { item in
            (0..<5).reduce(0) { $0 + Descriptive.percentileRank(of: item.values[$1]!, in: reference[$1]) } / 5
        }
        let diluted = auroc(Array(meanPercentile[..<30]), Array(meanPercentile[30...]))
        #expect(combined >= alone - 0.01, "contrast \(combined), perplexity alone \(alone)")
        #expect(combined > diluted + 0.03, "contrast \(combined), mean of percentiles \(diluted)")
        let weights = contrast.meanWeights
        #expect(weights[0] == weights.max(), "\(weights)")
        #expect(weights[3...].allSatisfy { abs($0) < weights[0] / 3 }, "\(weights)")
    }

    /// Nothing planted: cross-fitted, items and twins are exchangeable, so the items exceed the
    /// conformal threshold (the 39th of 40 twins) 2 times in 41 (weights fitted on the same
    /// texts would flag more, having been chosen to set the items apart). 100 audits of 40
    /// items and 40 twins.
    @Test func withNothingPlantedItemsAreFlaggedAsOftenAsTwins() {
        var generator = SeededGenerator(seed: 11)
        var flagged = 0
        var total = 0
        for _ in 0..<100 {
            let items = texts("item", count: 40, generator: &generator)
            let twins = texts("twin", count: 40, generator: &generator)
            let contrast = SignalContrast(items: items, twins: twins)
            let threshold = SignalCalibration.conformalThreshold(twins.map { contrast.model(for: $0.key).score($0.values) },
                                                                 rate: 0.05)
            flagged += items.count { contrast.model(for: $0.key).score($0.values) > threshold }
            total += items.count
        }
        let rate = Double(flagged) / Double(total)
        // 2 / 41 = 4.9%; 4,000 items: +-0.7% at 95%.
        #expect(rate > 0.035 && rate < 0.06, "items flagged: \(rate)")
    }

    @Test func foldsAreBalancedAndTheOrderOfTheTextsDoesNotMatter() {
        var generator = SeededGenerator(seed: 3)
        let items = texts("item", count: 30, familiar: 10, generator: &generator)
        let twins = texts("twin", count: 25, generator: &generator)
        let contrast = SignalContrast(items: items, twins: twins)
        #expect(contrast.models.count == SignalContrast.foldCount)
        let shuffled = SignalContrast(items: items.reversed(), twins: twins.reversed())
        for text in items + twins {
            #expect(contrast.model(for: text.key).score(text.values) == shuffled.model(for: text.key).score(text.values))
        }
        let keys = SignalContrast.dealt(items.map(\.key))
        #expect(Set(keys) == Set(items.map(\.key)) && keys.count == 30)
        // Fewer folds when there are not 2 items for each; too few texts: one fit on all.
        #expect(SignalContrast(items: Array(items[..<7]), twins: twins).models.count == 3)
        #expect(SignalContrast(items: Array(items[..<3]), twins: twins).models.count == 1)
    }

    @Test func aSignalNotMeasuredCountsAsTypical() {
        var generator = SeededGenerator(seed: 5)
        let items = texts("item", count: 40, familiar: 20, generator: &generator)
        let twins = texts("twin", count: 40, generator: &generator)
        let model = SignalContrast(items: items, twins: twins).model(for: "item:0")
        var values = items[0].values
        values[0] = nil
        #expect(model.contributions(values)[0] == 0)
        #expect(model.contributions([nil, nil, nil, nil, nil]).allSatisfy { $0 == 0 })
    }

    /// Normal scores: mid-ranks among the reference inside its range, a linear tail in robust
    /// standard deviations beyond it, none when the middle half has no spread.
    @Test func normalScoresRankInsideAndExtendBeyondTheTwins() throws {
        let scores = try #require(NormalScores((1...9).map(Double.init)))
        #expect(abs(scores(5)) < 1e-12)                                      // the median: rank 5 of 10
        #expect(abs(scores(1) - NormalDistribution.inverse(0.1)) < 1e-12)    // (0 + 1/2 + 1/2) / 10
        #expect(abs(scores(4.5) - NormalDistribution.inverse(0.45)) < 1e-12) // between 4 and 5: 4 below
        let top = NormalDistribution.inverse(9.5 / 10)
        #expect(abs(scores(11) - (top + 2 / (4 / 1.349))) < 1e-12)           // interquartile range 7 - 3
        #expect(scores(30) > scores(11) && scores(-20) < scores(0) && scores(0) < scores(1))
        // Mostly zeros (n-gram accuracy): one hit is not five standard deviations out.
        let sparse = try #require(NormalScores([Double](repeating: 0, count: 23) + [0.2]))
        #expect(sparse(0.4) == sparse(0.8) && sparse(0.4) == NormalDistribution.inverse(24.5 / 25))
        // Divided by the spread of 24 distinct scores (0.90), not by the tied ones' own (0.37):
        // the twin with the hit is under 2 standard deviations out, not 5.
        let mean = (23 * sparse(0) + sparse(0.2)) / 24
        #expect(abs(sparse.spread - 0.9037) < 1e-3, "\(sparse.spread)")
        #expect((sparse(0.2) - mean) / sparse.spread < 2)
        #expect(NormalScores([1]) == nil)
    }

    /// Items *less* familiar than the twins on a signal (twins of another make) are no evidence:
    /// that signal's weight is 0 and it never drives a flag, unless its direction is free.
    @Test func lessFamiliarIsNoEvidenceUnlessTheSignIsFree() {
        var generator = SeededGenerator(seed: 13)
        var items = texts("item", count: 40, familiar: 20, generator: &generator)
        for index in items.indices { items[index].values[3] = items[index].values[3]! - 1.5 }
        let twins = texts("twin", count: 40, generator: &generator)
        let constrained = SignalContrast(items: items, twins: twins)
        #expect(constrained.models.allSatisfy { $0.weights[3] == 0 && $0.weights.allSatisfy { $0 >= 0 } })
        #expect(constrained.meanWeights[0] > 0)
        let free = SignalContrast(items: items, twins: twins, signed: [false, false, false, true, false])
        #expect(free.meanWeights[3] < -0.3, "\(free.meanWeights)")
    }

    @Test func nonNegativeSolution() {
        // Unconstrained: x = (1, -1); with x[1] >= 0 it is dropped and x[0] solved alone: 1 / 2.
        let matrix: [[Double]] = [[2, 1], [1, 2]]
        func close(_ x: [Double], _ y: [Double]) -> Bool { zip(x, y).allSatisfy { abs($0 - $1) < 1e-12 } }
        #expect(close(SignalContrast.solve(matrix, [1, -1]), [1, -1]))
        #expect(close(SignalContrast.solveNonNegative(matrix, [1, -1], signed: [false, true]), [1, -1]))
        #expect(close(SignalContrast.solveNonNegative(matrix, [1, -1], signed: []), [0.5, 0]))
        #expect(SignalContrast.solveNonNegative(matrix, [-1, -1], signed: []) == [0, 0])
        // Dropping the most negative component until none is left ends at 0 here; the optimum
        // frees the first again (found by brute force over the active sets): 0.383 / 2.152.
        let three: [[Double]] = [[2.152, -1.297, -1.698], [-1.297, 1.379, 0.574], [-1.698, 0.574, 2.049]]
        #expect(close(SignalContrast.solveNonNegative(three, [0.383, -0.876, -1.514], signed: []), [0.383 / 2.152, 0, 0]))
    }

    /// Three items among 60, familiar on the three likelihood signals as a memorized text is,
    /// barely move the items' mean: the prior still points the weights at "more familiar", so
    /// they stand out; and with every other item *less* familiar than the twins (no weight
    /// survives the data), the prior alone does. The mean of percentiles would find them too:
    /// the contrast must not lose what it found.
    @Test func aFewFamiliarItemsAreFoundWithoutAShiftOfTheWhole() {
        var generator = SeededGenerator(seed: 17)
        var items = texts("item", count: 60, generator: &generator)
        for index in 0..<3 { for signal in 0..<3 { items[index].values[signal]! += 3.5 } }
        let twins = texts("twin", count: 60, generator: &generator)
        func flagged(_ items: [SignalContrast.Text]) -> Set<String> {
            let contrast = SignalContrast(items: items, twins: twins)
            let threshold = SignalCalibration.conformalThreshold(twins.map { contrast.model(for: $0.key).score($0.values) },
                                                                 rate: 0.05)
            return Set(items.filter { contrast.model(for: $0.key).score($0.values) > threshold }.map(\.key))
        }
        let familiar: Set = ["item:0", "item:1", "item:2"]
        #expect(familiar.isSubset(of: flagged(items)), "\(flagged(items))")
        for index in 3..<items.count { items[index].values = items[index].values.map { $0.map { $0 - 1 } } }
        #expect(familiar.isSubset(of: flagged(items)), "\(flagged(items))")
    }

    /// A signal constant among the twins says nothing about the items: weight 0, no part in
    /// any score.
    @Test func aSignalConstantAmongTheTwinsWeighsNothing() {
        var generator = SeededGenerator(seed: 19)
        var items = texts("item", count: 40, familiar: 20, generator: &generator)
        var twins = texts("twin", count: 40, generator: &generator)
        for index in twins.indices { twins[index].values[4] = 0 }
        for index in items.indices { items[index].values[4] = index < 3 ? 1 : 0 }
        let contrast = SignalContrast(items: items, twins: twins)
        #expect(contrast.models.allSatisfy { $0.weights[4] == 0 })
        #expect(contrast.model(for: "item:0").contributions(items[0].values)[4] == 0)
    }

    @Test func solvesALinearSystem() {
        let x = SignalContrast.solve([[4, 1, 0], [1, 3, 1], [0, 1, 2]], [1, 2, 3])
        // Checked by substitution.
        let residual = [4 * x[0] + x[1] - 1, x[0] + 3 * x[1] + x[2] - 2, x[1] + 2 * x[2] - 3]
        #expect(residual.allSatisfy { abs($0) < 1e-12 }, "\(x)")
    }
}
