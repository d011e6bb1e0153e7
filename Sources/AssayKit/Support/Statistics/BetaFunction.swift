import Foundation

/// The beta function and its regularized incomplete form, for binomial and beta-binomial tails
/// that cost the same at a million trials as at ten.
enum BetaFunction {
    /// ln B(a, b).
    static func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }

    /// I_x(a, b), the regularized incomplete beta function, for a, b > 0: by its continued
    /// fraction (evaluated with the modified Lentz method), on the side of x where it converges
    /// fast (x below (a + 1) / (a + b + 2)), else by I_x(a, b) = 1 − I_{1−x}(b, a). The fraction
    /// needs about √max(a, b) terms.
    static func regularized(_ x: Double, _ a: Double, _ b: Double) -> Double {
        guard x > 0 else { return 0 }
        guard x < 1 else { return 1 }
        if x > (a + 1) / (a + b + 2) { return 1 - regularized(1 - x, b, a) }
        let front = exp(a * log(x) + b * log1p(-x) - logBeta(a, b)) / a
        return front * continuedFraction(x, a, b)
    }

    /// 1 / (1 + d₁ / (1 + d₂ / (1 + …))) with d₂ₘ₊₁ = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1))
    /// and d₂ₘ = m (b − m) x / ((a + 2m − 1)(a + 2m)), to relative precision 1e-15.
    private static func continuedFraction(_ x: Double, _ a: Double, _ b: Double) -> Double {
        let tiny = 1e-300
        func guarded(_ value: Double) -> Double { abs(value) < tiny ? tiny : value }
        var c = 1.0
        var d = 1 / guarded(1 - (a + b) * x / (a + 1))
        var result = d
        for m in 1...1_000_000 {
            let step = Double(m)
            let even = step * (b - step) * x / ((a + 2 * step - 1) * (a + 2 * step))
            d = 1 / guarded(1 + even * d)
            c = guarded(1 + even / c)
            result *= d * c
            let odd = -(a + step) * (a + b + step) * x / ((a + 2 * step) * (a + 2 * step + 1))
            d = 1 / guarded(1 + odd * d)
            c = guarded(1 + odd / c)
            let change = d * c
            result *= change
            if abs(change - 1) < 1e-15 { break }
        }
        return result
    }
}
