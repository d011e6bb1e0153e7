/// Confidence intervals for a proportion.
public enum ProportionInterval {
    /// The Wilson score interval for `successes` out of `trials` at the given confidence:
    /// (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n). Good at small n and near 0
    /// or 1, unlike the Wald interval. Returns nil for no trials or impossible counts.
    public static func wilson(successes: Int, trials: Int, confidence: Double = 0.95) -> (lower: Double, upper: Double)? {
        guard trials > 0, (0...trials).contains(successes), confidence > 0, confidence < 1 else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let z = NormalDistribution.inverse(1 - (1 - confidence) / 2)
        let z2 = z * z
        let center = p + z2 / (2 * n)
        let margin = z * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        let denominator = 1 + z2 / n
        return (max(0, (center - margin) / denominator), min(1, (center + margin) / denominator))
    }
}
