import Foundation

/// Grades a generated answer against an item: the extraction rule of its format, or ROUGE
/// and BLEU for free-form answers.
public enum AnswerGrader {
    /// The graded answer: what was extracted, whether it is right (nil for free-form answers)
    /// and the per-item metric values.
    public struct Grade: Sendable, Equatable {
        public var prediction: String?
        public var correct: Bool?
        public var metrics: [String: Double]
    }

    public static func grade(_ output: String, item: BenchmarkItem, format: BenchmarkFormat) -> Grade {
        if let choices = item.choices, !choices.isEmpty {
            let letter = AnswerExtractor.choiceLetter(in: output, count: choices.count, choices: choices)
            return decided(letter, letter.map { gold(item).contains($0) } ?? false)
        }
        switch format {
        case .qa, .truthfulqaGen:
            let prediction = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return Grade(prediction: prediction, correct: nil, metrics: freeFormMetrics(output, item: item, format: format))
        case .math:
            let answer = AnswerExtractor.boxed(in: output) ?? statedAnswer(in: output)
            return decided(answer, answer.map { AnswerExtractor.mathEquivalent($0, item.answer) } ?? false)
        case .bbh:
            let answer = AnswerExtractor.targetAnswer(in: output)
            return decided(answer, AnswerExtractor.matchesTarget(output, target: item.answer))
        default:
            if AnswerExtractor.numbers(in: item.answer) == [AnswerExtractor.normalizeNumber(item.answer)] {
                let number = AnswerExtractor.finalNumber(in: output)
                return decided(number, number.map { AnswerExtractor.numbersMatch($0, item.answer) } ?? false)
            }
            let answer = AnswerExtractor.targetAnswer(in: output)
            return decided(answer, AnswerExtractor.matchesTarget(output, target: item.answer))
        }
    }

    /// ROUGE-1/2/L F1 and sentence BLEU of a free-form answer: the best over the true answers
    /// (the answer, and for TruthfulQA every answer of `solution`). With known false answers,
    /// as lm-evaluation-harness's truthfulqa_gen, also `<metric>_acc` (1 when the best true
    /// match beats the best false one) and `<metric>_diff` (their difference).
    static func freeFormMetrics(_ output: String, item: BenchmarkItem, format: BenchmarkFormat) -> [String: Double] {
        var truths = [item.answer]
        if format == .truthfulqaGen, let solution = item.solution {
            truths += TruthfulQAReader.answerList(solution).filter { !truths.contains($0) }
        }
        func best(_ references: [String]) -> [String: Double] {
            var result = ["rouge1": 0.0, "rouge2": 0, "rougeL": 0, "bleu": 0]
            for reference in references {
                let rouge = Metrics.rouge(candidate: output, reference: reference)
                let bleu = Metrics.sentenceBLEU(candidate: output, references: [reference]).bleu
                for (name, value) in [("rouge1", rouge.rouge1), ("rouge2", rouge.rouge2), ("rougeL", rouge.rougeL), ("bleu", bleu)] {
                    result[name] = max(result[name]!, value)
                }
            }
            return result
        }
        var metrics = best(truths)
        if let falses = item.incorrectAnswers, !falses.isEmpty {
            let worst = best(falses)
            for name in ["rouge1", "rouge2", "rougeL", "bleu"] {
                metrics[name + "_acc"] = metrics[name]! > worst[name]! ? 1 : 0
                metrics[name + "_diff"] = metrics[name]! - worst[name]!
            }
        }
        return metrics
    }

    /// The gold labels of a multiple-choice item ("A", or "A,C" for TruthfulQA mc2).
    public static func gold(_ item: BenchmarkItem) -> Set<String> {
        Set(item.answer.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
    }

    private static func decided(_ prediction: String?, _ correct: Bool) -> Grade {
        Grade(prediction: prediction, correct: correct, metrics: ["accuracy": correct ? 1 : 0])
    }

    /// The text after the last "The answer is", up to the end of its sentence.
    private static func statedAnswer(in output: String) -> String? {
        guard let range = output.range(of: "answer is", options: [.caseInsensitive, .backwards]) else { return nil }
        var text = String(output[range.upperBound...])
        if let end = text.firstIndex(where: \.isNewline) { text = String(text[..<end]) }
        text = text.trimmingCharacters(in: CharacterSet(charactersIn: ":$.").union(.whitespaces))
        return text.isEmpty ? nil : text
    }
}

/// Picks an answer from the log-likelihoods of a multiple-choice item's continuations, as
/// lm-evaluation-harness does:
/// - `accuracy`: the choice with the highest summed log-likelihood;
/// - `acc_norm`: the highest log-likelihood divided by the choice's length in characters
///   (Unicode code points, as Python's `len`; the choice text without the delimiter), which
///   removes the bias toward short choices;
/// - `mc2` (TruthfulQA, several true answers): the probability mass of the true choices,
///   normalized over all choices.
/// Ties go to the first choice.
public enum ChoiceScoring {
    public struct Outcome: Sendable, Equatable {
        /// Index of the chosen continuation, by sum and by length-normalized sum.
        public var chosen: Int
        public var chosenNorm: Int
        /// Log-likelihood per character (code point) of each choice.
        public var normalized: [Double]
        /// `accuracy`, `acc_norm`, and `mc2` for items with several gold answers.
        public var metrics: [String: Double]
    }

    /// - Parameters:
    ///   - loglikelihoods: summed log-likelihood of each choice's tokens.
    ///   - choices: the choice texts (their lengths in code points normalize `acc_norm`).
    ///   - gold: indices of the right choices.
    ///   - probabilityMass: also report `mc2`.
    public static func decide(loglikelihoods: [Double], choices: [String], gold: Set<Int>,
                              probabilityMass: Bool) -> Outcome {
        precondition(!loglikelihoods.isEmpty && loglikelihoods.count == choices.count, "one log-likelihood per choice")
        let normalized = zip(loglikelihoods, choices).map { $0 / Double(max(1, $1.unicodeScalars.count)) }
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
