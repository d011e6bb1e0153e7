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
        let bootstrap = Bootstrap(resamples: resamples, confidence: 0.95, seed: seed)
        let estimate = bootstrap.estimate(itemGaps, twinGaps) { Descriptive.mean($0) - Descriptive.mean($1) }
        ciLower = estimate?.lower ?? .nan
        ciUpper = estimate?.upper ?? .nan
    }
}
