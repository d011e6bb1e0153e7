import Foundation

/// A signal's values as normal scores among reference values (the twins'): the value's mid-rank
/// among them, `Φ⁻¹((below + ties / 2 + 1/2) / (n + 1))`, so every signal is on one scale
/// whatever its distribution. Beyond the reference's extremes the score goes on linearly, in
/// units of the reference's robust spread (interquartile range / 1.349), so texts far outside
/// the twins keep their order; a reference without spread in its middle half has no such tail
/// (beyond its extremes the score stops). `spread` is the standard deviation the scores of n
/// distinct values would have: dividing by it rather than by the reference's own standard
/// deviation keeps a discrete signal that is 0 for nearly every twin (n-gram accuracy) from
/// putting a text with one hit five standard deviations out.
struct NormalScores: Sendable {
    private let sorted: [Double]
    private let tailScale: Double
    private let top: Double, bottom: Double
    /// The standard deviation of Φ⁻¹(i / (n + 1)), i = 1…n.
    let spread: Double

    /// Nil with fewer than 2 reference values.
    init?(_ reference: [Double]) {
        guard reference.count >= 2 else { return nil }
        sorted = reference.sorted()
        let interquartile = Descriptive.quantile(sorted: sorted, 0.75) - Descriptive.quantile(sorted: sorted, 0.25)
        tailScale = interquartile / 1.349
        let n = Double(sorted.count)
        top = NormalDistribution.inverse((n + 0.5) / (n + 1))
        bottom = -top
        spread = Descriptive.standardDeviation((1...sorted.count).map { NormalDistribution.inverse(Double($0) / (n + 1)) })
    }

    func callAsFunction(_ value: Double) -> Double {
        if let last = sorted.last, value > last {
            return tailScale > 0 ? top + (value - last) / tailScale : top
        }
        if let first = sorted.first, value < first {
            return tailScale > 0 ? bottom - (first - value) / tailScale : bottom
        }
        let below = EffectSize.firstIndex(in: sorted) { $0 >= value }
        let notAbove = EffectSize.firstIndex(in: sorted) { $0 > value }
        let rank = Double(below) + Double(notAbove - below) / 2 + 0.5
        return NormalDistribution.inverse(rank / Double(sorted.count + 1))
    }
}
