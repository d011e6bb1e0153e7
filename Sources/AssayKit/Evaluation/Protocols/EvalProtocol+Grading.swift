import Foundation

extension EvalProtocol {
    /// Grades a generated answer as the reference does: its regex filters pick the answer out
    /// of the output (the fallback "[invalid]" when nothing matches), then exact match against
    /// the item's answer, after GSM8K's normalization for the GSM8K protocols. Nil for the
    /// protocols that score choices by log-likelihood.
    public func grade(_ output: String, item: BenchmarkItem) -> AnswerGrader.Grade? {
        switch scoring {
        case .gsm8k(let strictPattern):
            let strict = Self.filter(output, Self.strictPatterns[strictPattern] ?? Self.regex(strictPattern), last: false)
            let flexible = Self.filter(output, Self.lastNumber, last: true)
            let reference = Self.gsm8kNormalized(item.answer)
            let strictRight = Self.gsm8kNormalized(strict) == reference
            return AnswerGrader.Grade(prediction: strict, correct: strictRight,
                                      metrics: ["exact_match_strict": strictRight ? 1 : 0,
                                                "exact_match_flexible": Self.gsm8kNormalized(flexible) == reference ? 1 : 0])
        case .answerIs:
            let answer = Self.filter(output, Self.afterTheAnswerIs, last: false)
            let right = answer == item.answer
            return AnswerGrader.Grade(prediction: answer, correct: right, metrics: ["exact_match": right ? 1 : 0])
        case .choices, .accuracy, .mc2:
            return nil
        }
    }

    /// lm-eval's patterns (Python `re` syntax that ICU reads the same way).
    static let lastNumber = regex("(-?[$0-9.,]{2,})|(-?[0-9]+)")
    static let afterTheAnswerIs = regex("(?<=the answer is )(.*)(?=.)")
    static let gsm8kIgnored = [",", "\\$", "(?s).*#### ", "\\.$"].map(regex)
    /// The catalog's strict-match patterns, compiled once (not per graded answer).
    static let strictPatterns: [String: NSRegularExpression] = Dictionary(catalog.compactMap { evalProtocol in
        if case .gsm8k(let strict) = evalProtocol.scoring { return (strict, regex(strict)) }
        return nil
    }, uniquingKeysWith: { first, _ in first })

    /// A pattern of the catalog, compiled; the catalog's patterns are constants (a test
    /// compiles every one), so a failure is a programming error.
    static func regex(_ pattern: String) -> NSRegularExpression {
        do { return try NSRegularExpression(pattern: pattern) } catch { preconditionFailure("invalid pattern \(pattern): \(error)") }
    }

    /// What lm-eval's regex filter returns: the first (or last) match's first non-empty group
    /// (the whole match for a pattern without groups), stripped; "[invalid]" for no match.
    static func filter(_ output: String, _ regex: NSRegularExpression, last: Bool) -> String {
        let matches = regex.matches(in: output, range: NSRange(output.startIndex..., in: output))
        guard let match = last ? matches.last : matches.first else { return "[invalid]" }
        // One group (or none): its text, even empty. Several (Python's tuples): the first non-empty.
        let groups = match.numberOfRanges > 2 ? Array(1..<match.numberOfRanges) : [match.numberOfRanges - 1]
        for group in groups {
            guard let found = Range(match.range(at: group), in: output), groups.count == 1 || !found.isEmpty else { continue }
            return output[found].trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return "[invalid]"
    }

    /// lm-eval's exact_match options of the GSM8K tasks: commas, dollar signs, everything up to
    /// "#### " and a final period removed; case ignored.
    static func gsm8kNormalized(_ text: String) -> String {
        var text = text
        for regex in gsm8kIgnored {
            text = regex.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "")
        }
        return text.lowercased()
    }
}
