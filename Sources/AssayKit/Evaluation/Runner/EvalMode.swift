import Foundation

/// How an item is evaluated.
public enum EvalMode: String, Sendable, Codable, CaseIterable {
    /// Multiple choice: every choice scored as a continuation of the prompt; the most likely wins.
    case loglikelihood
    /// Greedy generation, then answer extraction (or ROUGE/BLEU for free-form answers).
    case generate
    /// The item's question and answer scored whole: token- and word-level perplexity.
    case perplexity
    /// HumanEval: sampled completions run against the tests in the sandbox, pass@k.
    case code

    /// The mode an item is evaluated in when none is asked for: multiple-choice items by
    /// log-likelihood, HumanEval as code, everything else generated.
    public static func defaultMode(for item: BenchmarkItem, format: BenchmarkFormat) -> EvalMode {
        if format == .humaneval { return .code }
        return item.isMultipleChoice ? .loglikelihood : .generate
    }

    /// Whether `item` can be evaluated in this mode, and why not.
    public func refusal(for item: BenchmarkItem) -> String? {
        switch self {
        case .loglikelihood where !item.isMultipleChoice:
            return "\(item.id): not a multiple-choice item; use --mode generate or perplexity"
        case .code where item.context == nil:
            return "\(item.id): not a HumanEval item (no test code)"
        default:
            return nil
        }
    }
}

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
            let rouge = Metrics.rouge(candidate: output, reference: item.answer)
            let bleu = Metrics.sentenceBLEU(candidate: output, references: [item.answer]).bleu
            let prediction = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return Grade(prediction: prediction, correct: nil,
                         metrics: ["rouge1": rouge.rouge1, "rouge2": rouge.rouge2, "rougeL": rouge.rougeL, "bleu": bleu])
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
