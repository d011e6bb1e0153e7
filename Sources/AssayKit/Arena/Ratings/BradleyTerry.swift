import Foundation

/// Bradley-Terry ratings by maximum likelihood, as Chatbot Arena's leaderboard computes them
/// (`compute_mle_elo`) but with ties counted as half a win for each side (its "ties as half"
/// variant): model i beats model j with probability s_i / (s_i + s_j) =
/// 1 / (1 + exp(theta_j - theta_i)), where theta = log(s) is the log-strength, and a rating is
/// `scale * log_base(s)`, so a gap of `scale` points means odds of `base` to 1. Unlike online
/// Elo the fit does not depend on the order of the battles.
///
/// **Prior.** A model that won (or lost) every battle has no finite maximum-likelihood
/// strength, and models that never met each other, directly or through others, have no
/// defined gap. So every model also plays `priorTies` virtual ties against a virtual opponent
/// at the pool mean (the mean log-strength): the penalised log-likelihood is
///
///     sum over battles of score * log P(win)  +  (priorTies / 2) * sum_i [log sigma(u_i) + log sigma(-u_i)]
///
/// with u_i = theta_i - mean(theta), a symmetric prior on each model's distance from the mean.
/// It is shift-invariant, like the likelihood, so it only decides what the data cannot; its
/// weight, 0.01 battles per model by default, moves well-determined ratings by a fraction of a
/// point (Agresti's baseball example keeps its two printed decimals). A model that won all its
/// n battles ends near log(2n / priorTies) natural units above its opponents: finite, and as
/// uncertain as the bootstrap will show.
///
/// **Algorithm.** Newton's method on the log-strengths, centred to mean zero (the Hessian is
/// made invertible along the constant direction, which a shift-invariant objective does not
/// see), with step halving whenever a step would lower the penalised likelihood; it stops once
/// no log-strength moves by more than `tolerance` (1e-10), or after `maxIterations` steps.
/// Sums run over models in name order: the same battles give the same ratings, whatever
/// their order.
public struct BradleyTerry: Sendable, Hashable {
    /// Rating points per factor of `base` in strength (400: a 400-point gap is 10:1 odds).
    public var scale = 400.0
    /// The base of the rating's logarithm.
    public var base = 10.0
    /// The model whose rating is pinned to `anchorRating`; nil pins the mean rating instead.
    public var anchor: String? = nil
    /// The anchor's rating, or the mean rating when there is no anchor.
    public var anchorRating = 1000.0
    /// Virtual ties per model against the pool mean (must be positive; see the type's notes).
    public var priorTies = 0.01
    /// Convergence: the largest change of a log-strength in the last Newton step.
    public var tolerance = 1e-10
    /// The most Newton steps taken.
    public var maxIterations = 100

    /// Creates a Bradley-Terry fit; the defaults give Chatbot Arena's scale with the mean
    /// rating at 1000.
    public init(scale: Double = 400, base: Double = 10, anchor: String? = nil, anchorRating: Double = 1000,
                priorTies: Double = 0.01) {
        precondition(scale > 0, "the scale must be positive")
        precondition(base > 1, "the base must exceed 1")
        precondition(priorTies > 0, "the prior keeps ratings finite: priorTies must be positive")
        self.scale = scale
        self.base = base
        self.anchor = anchor
        self.anchorRating = anchorRating
        self.priorTies = priorTies
    }

    /// The maximum-likelihood ratings (under the small prior) of every model that fought
    /// another one. Shifted so that `anchor` gets `anchorRating`; when `anchor` is nil, or did
    /// not fight, the mean rating is `anchorRating`.
    public func fit(_ battles: [Battle]) -> [String: Double] {
        ratings(PairwiseTally(battles), requireAnchor: false) ?? [:]
    }

    /// The ratings of a tally, shifted as `fit` describes. With `requireAnchor`, nil when an
    /// anchor is set but absent from the tally (a bootstrap draw that left it out).
    func ratings(_ tally: PairwiseTally, requireAnchor: Bool) -> [String: Double]? {
        let theta = logStrengths(tally)
        let points = scale / log(base)
        var shift = anchorRating   // the log-strengths have mean zero
        if let anchor, let k = tally.models.firstIndex(of: anchor) {
            shift = anchorRating - points * theta[k]
        } else if anchor != nil && requireAnchor {
            return nil
        }
        var result = [String: Double]()
        for (k, model) in tally.models.enumerated() { result[model] = points * theta[k] + shift }
        return result
    }

    /// The fitted log-strengths, in the tally's model order, with mean zero.
    func logStrengths(_ tally: PairwiseTally) -> [Double] {
        let n = tally.models.count
        var theta = [Double](repeating: 0, count: n)
        guard n > 1 else { return theta }
        var current = objective(theta, tally)
        for _ in 0..<maxIterations {
            let (gradient, hessian) = derivatives(theta, tally)
            guard let direction = Self.solve(hessian, gradient, size: n) else { break }
            var step = 1.0
            var accepted = false
            for _ in 0..<60 {
                var candidate = zip(theta, direction).map { $0 + step * $1 }
                Self.centre(&candidate)
                let value = objective(candidate, tally)
                // Near the optimum the change is at rounding level: accept that too.
                if value >= current - 1e-12 * max(1, abs(current)) {
                    theta = candidate
                    current = value
                    accepted = true
                    break
                }
                step /= 2
            }
            // Converged once the full Newton step moves no log-strength by more than the
            // tolerance (halved steps far from the optimum do not count as convergence).
            let largest = direction.reduce(0) { max($0, abs($1)) }
            if !accepted || largest <= tolerance { break }
        }
        return theta
    }

    /// The penalised log-likelihood (see the type's notes).
    func objective(_ theta: [Double], _ tally: PairwiseTally) -> Double {
        var total = 0.0
        for pair in tally.pairs {
            let d = theta[pair.i] - theta[pair.j]
            total += pair.scoreI * Self.logSigmoid(d) + (pair.games - pair.scoreI) * Self.logSigmoid(-d)
        }
        let mean = theta.reduce(0, +) / Double(theta.count)
        for t in theta {
            total += priorTies / 2 * (Self.logSigmoid(t - mean) + Self.logSigmoid(mean - t))
        }
        return total
    }

    /// The gradient, projected on mean-zero vectors, and the negative Hessian plus a positive
    /// multiple of the all-ones matrix (so that it is positive definite while the Newton step
    /// stays the same on mean-zero vectors), row-major; at mean-zero `theta`.
    func derivatives(_ theta: [Double], _ tally: PairwiseTally) -> (gradient: [Double], hessian: [Double]) {
        let n = theta.count
        var g = [Double](repeating: 0, count: n)
        var h = [Double](repeating: 0, count: n * n)
        for pair in tally.pairs {
            let (i, j) = (pair.i, pair.j)
            let p = Self.sigmoid(theta[i] - theta[j])
            let residual = pair.scoreI - pair.games * p
            g[i] += residual
            g[j] -= residual
            let w = pair.games * p * (1 - p)
            h[i * n + i] += w
            h[j * n + j] += w
            h[i * n + j] -= w
            h[j * n + i] -= w
        }
        // Prior: priorTies * P D P, P the centring projection, D = sigma'(theta_i).
        var d = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let s = Self.sigmoid(theta[i])
            g[i] += priorTies / 2 * (1 - 2 * s)
            d[i] = s * (1 - s)
        }
        let size = Double(n)
        let dSum = d.reduce(0, +)
        for k in 0..<n {
            for l in 0..<n {
                let pdp = (k == l ? d[k] : 0) - (d[k] + d[l]) / size + dSum / (size * size)
                h[k * n + l] += priorTies * pdp
            }
        }
        let gMean = g.reduce(0, +) / size
        for i in 0..<n { g[i] -= gMean }
        var trace = 0.0
        for i in 0..<n { trace += h[i * n + i] }
        let ones = max(trace, .leastNormalMagnitude) / (size * size)
        for k in 0..<(n * n) { h[k] += ones }
        return (g, h)
    }

    /// Solves `matrix * x = vector` for a symmetric positive definite matrix (row-major) by
    /// Cholesky factorisation; nil when it is not numerically positive definite.
    static func solve(_ matrix: [Double], _ vector: [Double], size n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var sum = matrix[i * n + j]
                for k in 0..<j { sum -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard sum > 0, sum.isFinite else { return nil }
                    l[i * n + i] = sum.squareRoot()
                } else {
                    l[i * n + j] = sum / l[j * n + j]
                }
            }
        }
        var y = vector
        for i in 0..<n {
            for k in 0..<i { y[i] -= l[i * n + k] * y[k] }
            y[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { y[i] -= l[k * n + i] * y[k] }
            y[i] /= l[i * n + i]
        }
        return y
    }

    /// Subtracts the mean.
    static func centre(_ values: inout [Double]) {
        let mean = values.reduce(0, +) / Double(values.count)
        for k in values.indices { values[k] -= mean }
    }

    /// 1 / (1 + e^-x), without overflow.
    static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }

    /// log(sigmoid(x)), accurate in both tails.
    static func logSigmoid(_ x: Double) -> Double {
        x >= 0 ? -log1p(exp(-x)) : x - log1p(exp(x))
    }
}
