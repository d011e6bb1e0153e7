import Foundation

/// Pulls the answer out of a model's generated text, one rule per answer kind, and compares it
/// with the gold answer. Rule-based and deterministic; the known failure modes of each rule are
/// listed in the README.
///
/// - Numbers (GSM8K): `finalNumber(in:)`, `numbersMatch(_:_:)`.
/// - MATH: `boxed(in:)`, `normalizeMath(_:)`, `mathEquivalent(_:_:)`.
/// - Multiple choice in generation mode: `choiceLetter(in:count:choices:)`.
/// - Exact targets (BBH): `targetAnswer(in:)`, `matchesTarget(_:target:)`.
public enum AnswerExtractor {
    /// Every number written in `text`, in order, normalized by `normalizeNumber`: currency
    /// signs and thousands separators dropped ("$1,234.50" -> "1234.5"), a sign kept when the
    /// minus stands alone ("-3", "-$3"; not the dash of "3-4"), a sentence's final period not
    /// taken as a decimal point.
    public static func numbers(in text: String) -> [String] {
        let chars = Array(text)
        var found: [String] = []
        var i = 0
        while i < chars.count {
            let startsNumber = chars[i].isASCIIDigit
                || (chars[i] == "." && i + 1 < chars.count && chars[i + 1].isASCIIDigit && (i == 0 || !chars[i - 1].isASCIIDigit))
            guard startsNumber else { i += 1; continue }
            var negative = false
            var back = i - 1
            if back >= 0, chars[back] == "$" { back -= 1 }
            if back >= 0, chars[back] == "-" || chars[back] == "−" {
                negative = back == 0 || !(chars[back - 1].isLetter || chars[back - 1].isASCIIDigit)
            }
            var digits = ""
            while i < chars.count {
                let c = chars[i]
                if c.isASCIIDigit {
                    digits.append(c)
                } else if c == ",", !digits.isEmpty, isGroupOfThree(chars, from: i + 1), !digits.contains(".") {
                    // A thousands separator: exactly three digits follow.
                } else if c == ".", i + 1 < chars.count, chars[i + 1].isASCIIDigit, !digits.contains(".") {
                    digits.append(c)
                } else {
                    break
                }
                i += 1
            }
            found.append(normalizeNumber((negative ? "-" : "") + digits))
        }
        return found
    }

    private static func isGroupOfThree(_ chars: [Character], from start: Int) -> Bool {
        guard start + 3 <= chars.count, chars[start..<start + 3].allSatisfy(\.isASCIIDigit) else { return false }
        return start + 3 == chars.count || !chars[start + 3].isASCIIDigit
    }

    /// The final numeric answer of a worked solution: the first number after the last answer
    /// marker ("####", "answer is", "answer:", "答案是/为") when one is followed by a number,
    /// else the last number in the text; nil when there is none.
    public static func finalNumber(in text: String) -> String? {
        let lower = text.lowercased()
        var markerEnd: String.Index?
        for marker in ["####", "answer is", "answer:", "答案是", "答案为", "答案："] {
            if let range = lower.range(of: marker, options: .backwards), markerEnd.map({ range.upperBound > $0 }) ?? true {
                markerEnd = range.upperBound
            }
        }
        if let markerEnd, let first = numbers(in: String(lower[markerEnd...])).first { return first }
        return numbers(in: text).last
    }

    /// A number's canonical text: no "+", "$" or commas, no trailing zeros after the point,
    /// no lone trailing point, "0" for "-0", a leading "0" before ".5". Non-numbers come back
    /// trimmed and unchanged.
    public static func normalizeNumber(_ raw: String) -> String {
        var text = raw.trimmingSpaces().replacingOccurrences(of: ",", with: "").replacingOccurrences(of: "$", with: "")
        if text.hasPrefix("+") { text.removeFirst() }
        let negative = text.hasPrefix("-")
        if negative { text.removeFirst() }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCIIDigit || $0 == "." }), text.filter({ $0 == "." }).count <= 1 else {
            return raw.trimmingSpaces()
        }
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        if text.hasPrefix(".") { text = "0" + text }
        while text.count > 1, text.hasPrefix("0"), !text.hasPrefix("0.") { text.removeFirst() }
        if text.isEmpty || text == "0" { return "0" }
        return negative ? "-" + text : text
    }

    /// True when two numeric answers are the same number (after `normalizeNumber`; within a
    /// relative 1e-9 for decimals), or, for non-numbers, the same trimmed text.
    public static func numbersMatch(_ a: String, _ b: String) -> Bool {
        let x = normalizeNumber(a), y = normalizeNumber(b)
        if x == y { return true }
        guard let u = Double(x), let v = Double(y) else { return false }
        return abs(u - v) <= 1e-9 * max(1, abs(u), abs(v))
    }
}

extension Character {
    var isASCIIDigit: Bool { isASCII && isNumber }
}
