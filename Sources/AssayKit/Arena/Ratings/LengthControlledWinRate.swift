import Foundation

/// One candidate's win rate against the baseline, raw and length-controlled. JSON keys:
/// `win_rate`, `length_controlled`, `length_coefficient`, `battles`.
public struct LengthControlled: Codable, Hashable, Sendable {
    /// The raw win rate against the baseline: (wins + ties / 2) / battles.
    public var winRate: Double
    /// The win rate the fitted model predicts when the two answers are equally long:
    /// sigmoid(intercept).
    public var lengthControlled: Double
    /// The fitted weight of the length feature on the log-odds of winning; positive when the
    /// judge favoured the longer answer.
    public var lengthCoefficient: Double
    /// The number of battles of the candidate against the baseline.
    public var battles: Int

    /// Creates a result from its four values.
    public init(winRate: Double, lengthControlled: Double, lengthCoefficient: Double, battles: Int) {
        self.winRate = winRate
        self.lengthControlled = lengthControlled
        self.lengthCoefficient = lengthCoefficient
        self.battles = battles
    }

    enum CodingKeys: String, CodingKey {
        case winRate = "win_rate", lengthControlled = "length_controlled"
        case lengthCoefficient = "length_coefficient", battles
    }
}

/// Length-controlled win rates against a baseline, after AlpacaEval 2 (Dubois et al. 2024,
/// "Length-Controlled AlpacaEval: A Simple Way to Debias Automatic Evaluators"): judges tend
/// to prefer the longer answer, so a raw win rate rewards verbosity. For each candidate a
/// logistic regression predicts its outcome against the baseline from the length difference;
/// the length-controlled win rate is the prediction at zero length difference.
///
/// The model, per candidate, over its battles against the baseline:
///
///     P(candidate wins) = sigmoid(intercept + lengthCoefficient * tanh(delta / sd))
///
/// where delta = candidate's answer length - baseline's (characters), and sd is the sample
/// standard deviation (divisor n - 1) of delta over those battles; delta is scaled but not
/// centred, so that zero still means equal lengths. This is AlpacaEval's length term,
/// `np.tanh(std_delta_len)`; its per-instruction difficulty term is left out, so the result
/// is sigmoid(intercept). The tanh bounds the influence of a few very long answers. When
/// every delta is equal (or there is one battle) the feature is 0 and only the intercept is
/// fitted.
///
/// The target is the candidate's score: 1 for a win, 0 for a loss, and 0.5 for a tie, as a
/// fractional target of the Bernoulli log-likelihood. The fit is Newton's method (IRLS) with
/// step halving, to a change below 1e-10 in both weights (at most 100 steps), with an L2
/// penalty of `penalty` / 2 times the squared weights, intercept included: negligible against
/// hundreds of battles, but it keeps the weights finite when a candidate won (or lost)
/// everything, or won exactly when longer.
///
/// Deterministic: sums run in battle order, and the result does not depend on which side
/// (a or b) the baseline was.
public struct LengthControlledWinRate: Sendable {
    /// The L2 penalty weight on the intercept and the length coefficient.
    public static let penalty = 0.01
    /// Convergence of the Newton steps: the largest change of a weight.
    static let tolerance = 1e-10
    /// The most Newton steps taken.
    static let maxIterations = 100

    /// Per candidate, its raw and length-controlled win rates against `baseline`, from the
    /// battles with the baseline on one side and the candidate on the other (other battles
    /// are ignored; a candidate with none is absent). The baseline itself is not a key.
    public static func estimate(_ battles: [Battle], baseline: String) -> [String: LengthControlled] {
        var targets = [String: [Double]]()
        var deltas = [String: [Double]]()
        for battle in battles where !battle.isSelfBattle {
            guard let candidate = battle.opponent(of: baseline),
                  let score = battle.score(of: candidate),
                  let own = battle.length(of: candidate),
                  let other = battle.length(of: baseline) else { continue }
            targets[candidate, default: []].append(score)
            deltas[candidate, default: []].append(Double(own - other))
        }
        var result = [String: LengthControlled]()
        for candidate in targets.keys.sorted() {
            let y = targets[candidate]!
            let delta = deltas[candidate]!
            let sd = Descriptive.standardDeviation(delta)
            let features = delta.map { sd.isFinite && sd > 0 ? tanh($0 / sd) : 0 }
            let (intercept, slope) = fit(targets: y, features: features, penalty: penalty)
            result[candidate] = LengthControlled(winRate: y.reduce(0, +) / Double(y.count),
                                                 lengthControlled: BradleyTerry.sigmoid(intercept),
                                                 lengthCoefficient: slope, battles: y.count)
        }
        return result
    }

    /// The penalised logistic regression of `targets` (in [0, 1]) on an intercept and one
    /// feature: the weights maximising
    /// sum(y log p + (1 - y) log(1 - p)) - penalty / 2 * (intercept^2 + slope^2),
    /// p = sigmoid(intercept + slope * x).
    static func fit(targets: [Double], features: [Double], penalty: Double) -> (intercept: Double, slope: Double) {
        precondition(targets.count == features.count, "one feature per target")
        var beta = (0.0, 0.0)
        var current = objective(beta, targets, features, penalty)
        for _ in 0..<maxIterations {
            // Gradient and negative Hessian of the penalised log-likelihood.
            var g0 = -penalty * beta.0, g1 = -penalty * beta.1
            var h00 = penalty, h01 = 0.0, h11 = penalty
            for (y, x) in zip(targets, features) {
                let p = BradleyTerry.sigmoid(beta.0 + beta.1 * x)
                let w = p * (1 - p)
                g0 += y - p
                g1 += (y - p) * x
                h00 += w
                h01 += w * x
                h11 += w * x * x
            }
            let determinant = h00 * h11 - h01 * h01
            guard determinant > 0, determinant.isFinite else { break }
            let d0 = (h11 * g0 - h01 * g1) / determinant
            let d1 = (h00 * g1 - h01 * g0) / determinant
            var step = 1.0
            var accepted = false
            for _ in 0..<60 {
                let candidate = (beta.0 + step * d0, beta.1 + step * d1)
                let value = objective(candidate, targets, features, penalty)
                if value >= current - 1e-12 * max(1, abs(current)) {
                    beta = candidate
                    current = value
                    accepted = true
                    break
                }
                step /= 2
            }
            if !accepted || max(abs(d0), abs(d1)) <= tolerance { break }
        }
        return beta
    }

    /// The penalised log-likelihood of the weights.
    static func objective(_ beta: (Double, Double), _ targets: [Double], _ features: [Double],
                          _ penalty: Double) -> Double {
        var total = -penalty / 2 * (beta.0 * beta.0 + beta.1 * beta.1)
        for (y, x) in zip(targets, features) {
            let eta = beta.0 + beta.1 * x
            total += y * BradleyTerry.logSigmoid(eta) + (1 - y) * BradleyTerry.logSigmoid(-eta)
        }
        return total
    }
}
