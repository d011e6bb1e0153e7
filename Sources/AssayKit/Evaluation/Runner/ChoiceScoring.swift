import Foundation

/// Picks an answer from the log-likelihoods of a multiple-choice item's continuations, as
/// lm-evaluation-harness does:
/// - `accuracy`: the choice with the highest summed log-likelihood;
/// - `acc_norm`: the highest log-likelihood divided by the choice's length in UTF-8 bytes
///   (the choice text, without the delimiter), which removes the bias toward short choices;
/// - `mc2` (TruthfulQA, several true answers): the probability mass of the true choices,
///   normalized over all choices.
/// Ties go to the first choice.
public enum ChoiceScoring {
    public struct Outcome: Sendable, Equatable {
        /// Index of the chosen continuation, by sum and by length-normalized sum.
        public var chosen: Int
        public var chosenNorm: Int
        /// Log-likelihood per byte of each choice.
        public var normalized: [Double]
        /// `accuracy`, `acc_norm`, and `mc2` for items with several gold answers.
        public var metrics: [String: Double]
    }

    /// - Parameters:
    ///   - loglikelihoods: summed log-likelihood of each choice's tokens.
    ///   - choices: the choice texts (their byte lengths normalize `acc_norm`).
    ///   - gold: indices of the right choices.
    ///   - probabilityMass: also report `mc2`.
    public static func decide(loglikelihoods: [Double], choices: [String], gold: Set<Int>,
                              probabilityMass: Bool) -> Outcome {
        precondition(!loglikelihoods.isEmpty && loglikelihoods.count == choices.count, "one log-likelihood per choice")
        let normalized = zip(loglikelihoods, choices).map { $0 / Double(max(1, $1.utf8.count)) }
        let chosen = argmax(loglikelihoods), chosenNorm = argmax(normalized)
        var metrics = ["accuracy": gold.contains(chosen) ? 1.0 : 0, "acc_norm": gold.contains(chosenNorm) ? 1.0 : 0]
        if probabilityMass { metrics["mc2"] = trueMass(loglikelihoods, gold: gold) }
        return Outcome(chosen: chosen, chosenNorm: chosenNorm, normalized: normalized, metrics: metrics)
    }

    /// The first index of the largest value.
    static func argmax(_ values: [Double]) -> Int {
        var best = 0
        for i in values.indices where values[i] > values[best] { best = i }
        return best
    }

    /// Σ_{gold} p_i / Σ_all p_i with p_i = exp(loglikelihood_i), computed stably.
    static func trueMass(_ loglikelihoods: [Double], gold: Set<Int>) -> Double {
        let top = loglikelihoods.max()!
        let weights = loglikelihoods.map { exp($0 - top) }
        let total = weights.reduce(0, +)
        return weights.indices.filter(gold.contains).reduce(0) { $0 + weights[$1] } / total
    }
}
