import Foundation

/// Exact-target answers (BIG-Bench Hard): a short string compared after normalization.
extension AnswerExtractor {
    /// The answer part of a reply: the text after the last "the answer is" (or "answer:") up to
    /// the end of that line, else the first non-empty line.
    public static func targetAnswer(in text: String) -> String {
        let lower = text.lowercased()
        var start: String.Index?
        for marker in ["answer is", "answer:"] {
            if let range = lower.range(of: marker, options: .backwards), start.map({ range.upperBound > $0 }) ?? true {
                start = range.upperBound
            }
        }
        let tail = start.map { String(text[$0...]) } ?? text
        let line = tail.split(whereSeparator: \.isNewline).map { String($0).trimmingSpaces() }.first { !$0.isEmpty }
        return line ?? ""
    }

    /// A target in comparable form: trimmed, lower-cased, without surrounding `**`, quotes or a
    /// final period, and "(a)" as "a"; so "True." matches "true" and "(B)" matches "B".
    public static func normalizeTarget(_ raw: String) -> String {
        var s = raw.trimmingSpaces().lowercased()
        var changed = true
        while changed {
            changed = false
            for (open, close) in [("**", "**"), ("\"", "\""), ("'", "'"), ("`", "`")] where s.count >= 2 * open.count
                && s.hasPrefix(open) && s.hasSuffix(close) {
                s = String(s.dropFirst(open.count).dropLast(close.count)).trimmingSpaces()
                changed = true
            }
            if s.hasSuffix(".") || s.hasSuffix("。") {
                s.removeLast()
                s = s.trimmingSpaces()
                changed = true
            }
        }
        if s.count == 3, s.hasPrefix("("), s.hasSuffix(")") { s = String(s.dropFirst().dropLast()) }
        return s.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// True when the reply's answer (`targetAnswer`) equals the target after `normalizeTarget`.
    public static func matchesTarget(_ output: String, target: String) -> Bool {
        normalizeTarget(targetAnswer(in: output)) == normalizeTarget(target)
    }
}
