import Foundation

/// Multiple-choice answers in generation mode: which option letter a free-text reply chose.
extension AnswerExtractor {
    /// The option letter ("A"...) a generated reply chose among `count` options, or nil.
    ///
    /// Rules, first match wins:
    /// 1. an explicit statement: "answer is (B)", "Answer: **B**", "correct option is B",
    ///    "答案是B", "答案：（B）", "选B" (the last such statement in the text);
    /// 2. a reply that is just a letter, or starts with one followed by `.`, `)` or `:`:
    ///    "B", "B.", "(B)", "**B**", "B) Paris";
    /// 3. the last letter in parentheses "(C)" or in bold "**C**";
    /// 4. when `choices` are given, the one choice whose text appears in the reply;
    /// 5. the last standalone capital letter among the labels, except an "A" followed by a
    ///    lower-case word (the article in "A cat sat").
    public static func choiceLetter(in text: String, count: Int = 4, choices: [String]? = nil) -> String? {
        guard count > 0, count <= 26 else { return nil }
        let last = Character(UnicodeScalar(UInt8(64 + count)))
        let labels = "A-\(last)"
        let lowerLabels = labels.lowercased()
        let patterns = [
            // A lower-case letter only when nothing follows it but punctuation: "answer: c."
            "(?i:answer|option|choice)\\s*(?i:is|:)?\\s*[\\(\\[*]*([\(lowerLabels)])(?:[\\)\\].*]|\\s*$)",
            "(?i:answer|option|choice)\\s*(?i:is|would be|:|：)?\\s*(?i:option\\s*)?[\\(\\[（*]*([\(labels)])(?![A-Za-z])",
            "(?:答案|选项)\\s*(?:是|为|應為|应为|：|:)?\\s*[\\(（]?\\s*([\(labels)])(?![A-Za-z])",
            "选\\s*([\(labels)])(?![A-Za-z])",
        ]
        if let letter = lastCapture(of: patterns, in: text) { return letter.uppercased() }
        let trimmed = text.trimmingSpaces()
        if let letter = firstCapture(of: "^[\\(\\[（*\\s]*([\(labels)])(?:[\\)\\]）*.:：]|\\s*$)", in: trimmed) { return letter }
        if let letter = lastCapture(of: ["[\\(（]([\(labels)])[\\)）]", "\\*\\*([\(labels)])\\*\\*"], in: text) { return letter }
        if let choices, choices.count == count {
            let lower = text.lowercased()
            let named = choices.indices.filter { !choices[$0].isEmpty && lower.contains(choices[$0].lowercased()) }
            if named.count == 1 { return BenchmarkItem.labels(count: count)[named[0]] }
        }
        // Standalone letters: not part of a word, and not the article "A" before a word.
        let others = count > 1 ? "|[B-\(last)]" : ""
        let standalone = matches(of: "(?<![A-Za-z0-9])(A(?!\\s+[a-z])\(others))(?![A-Za-z0-9'’])", in: text)
        return standalone.last
    }

    /// The capture group 1 of the match of any pattern that ends last in the text.
    private static func lastCapture(of patterns: [String], in text: String) -> String? {
        var best: (end: Int, letter: String)?
        let ns = text as NSString
        for pattern in patterns {
            for match in RegexCache.regex(pattern).matches(in: text, range: NSRange(location: 0, length: ns.length)) {
                let group = match.range(at: 1)
                if best.map({ group.location > $0.end }) ?? true {
                    best = (group.location, ns.substring(with: group))
                }
            }
        }
        return best?.letter
    }

    private static func firstCapture(of pattern: String, in text: String) -> String? {
        matches(of: pattern, in: text).first
    }

    /// Capture group 1 of every match, in order.
    static func matches(of pattern: String, in text: String) -> [String] {
        let ns = text as NSString
        return RegexCache.regex(pattern).matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
            ns.substring(with: $0.range(at: 1))
        }
    }
}
