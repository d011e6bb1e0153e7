import Foundation

/// The benchmark-level test: does the model prefer the originals over natural perturbations of
/// them more than it prefers fresh twins over perturbations of the twins?
///
/// A gap is familiarity(x) - familiarity(perturbed x), with familiarity = mean log p per token
/// (-log perplexity). Originals beating their perturbed versions proves nothing alone: a
/// perturbation (new names, resampled numbers, reordered options) can make text less fluent,
/// and any text is more likely than a slightly worse variant of it. The twins, items of the
/// same form the model has never seen, measure that baseline gap; only an excess over it
/// points at memorization.
public struct DifferenceInDifferences: Codable, Sendable, Hashable {
    /// Gaps of the originals and of the twins.
    public var itemGaps: [Double]
    public var twinGaps: [Double]
    /// Two-sided Mann-Whitney U p-value of item gaps vs twin gaps.
    public var pValue: Double
    /// Cliff's delta (= rank-biserial correlation) of item gaps over twin gaps: +1 when every
    /// original's gap exceeds every twin's.
    public var effectSize: Double
    /// Mean item gap - mean twin gap, with a bootstrap confidence interval.
    public var meanDifference: Double
    public var ciLower: Double
    public var ciUpper: Double

    enum CodingKeys: String, CodingKey {
        case itemGaps = "item_gaps", twinGaps = "twin_gaps", pValue = "p_value", effectSize = "effect_size"
        case meanDifference = "mean_difference", ciLower = "ci_lower", ciUpper = "ci_upper"
    }

    /// The familiarity a gap is measured in: mean log p per token.
    public static func familiarity(_ signals: LikelihoodSignals) -> Double { -log(signals.perplexity) }

    /// The test on the two gap samples; nil when either is empty.
    public init?(itemGaps: [Double], twinGaps: [Double], seed: UInt64, resamples: Int = 2000) {
        guard let test = MannWhitneyU.test(itemGaps, twinGaps) else { return nil }
        self.itemGaps = itemGaps
        self.twinGaps = twinGaps
        pValue = test.pValue
        effectSize = EffectSize.cliffsDelta(itemGaps, twinGaps)
        meanDifference = Descriptive.mean(itemGaps) - Descriptive.mean(twinGaps)
        (ciLower, ciUpper) = Self.meanDifferenceInterval(itemGaps, twinGaps, seed: seed, resamples: resamples)
    }

    /// The 95% percentile-bootstrap interval of mean(x) - mean(y) for independent samples: each
    /// sample resampled with replacement on its own (`Bootstrap`'s two-sample form is paired).
    static func meanDifferenceInterval(_ x: [Double], _ y: [Double], seed: UInt64, resamples: Int) -> (Double, Double) {
        var generator = SeededGenerator(seed: seed)
        func resampledMean(_ sample: [Double]) -> Double {
            var sum = 0.0
            for _ in sample.indices { sum += sample[generator.int(in: 0..<sample.count)] }
            return sum / Double(sample.count)
        }
        let values = (0..<resamples).map { _ in resampledMean(x) - resampledMean(y) }.sorted()
        return (Descriptive.quantile(sorted: values, 0.025), Descriptive.quantile(sorted: values, 0.975))
    }
}
