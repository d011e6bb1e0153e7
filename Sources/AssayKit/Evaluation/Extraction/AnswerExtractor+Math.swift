import Foundation

/// MATH-style answers: the content of the last `\boxed{}` and a normalization under which
/// equal answers written differently compare equal.
extension AnswerExtractor {
    /// The content of the last `\boxed{...}` or `\fbox{...}` in `text`, braces matched with
    /// nesting (`\boxed{\frac{1}{2}}` -> `\frac{1}{2}`), or of `\boxed 5` (up to a space or `$`).
    /// Nil when there is none or its braces never close.
    public static func boxed(in text: String) -> String? {
        var best: (start: String.Index, content: String)?
        for command in ["\\boxed", "\\fbox"] {
            guard let range = text.range(of: command, options: .backwards) else { continue }
            if let best, best.start > range.lowerBound { continue }
            guard let content = argument(after: range.upperBound, in: text) else { continue }
            best = (range.lowerBound, content)
        }
        return best?.content
    }

    /// The `{...}` argument starting at `index` (nesting respected), or a bare `\boxed 5` token.
    private static func argument(after index: String.Index, in text: String) -> String? {
        var i = index
        if i < text.endIndex, text[i] == " " {
            let rest = text[text.index(after: i)...]
            let token = rest.prefix { $0 != " " && $0 != "$" && $0 != "\n" }
            return token.isEmpty ? nil : String(token)
        }
        guard i < text.endIndex, text[i] == "{" else { return nil }
        var depth = 0
        let start = text.index(after: i)
        while i < text.endIndex {
            switch text[i] {
            case "{": depth += 1
            case "}":
                depth -= 1
                if depth == 0 { return String(text[start..<i]) }
            default: break
            }
            i = text.index(after: i)
        }
        return nil
    }

    /// A MATH answer in a canonical text: no spaces, `\left`/`\right`, `\!`-style spacing,
    /// `$`, degree signs or a trailing unit in `\text{}`/`\mbox{}`; `\dfrac`/`\tfrac` as
    /// `\frac`, `\frac12` as `\frac{1}{2}`, `\sqrt2` as `\sqrt{2}`, integer `a/b` as
    /// `\frac{a}{b}`; a leading "x=" dropped; numbers through `normalizeNumber`.
    public static func normalizeMath(_ raw: String) -> String {
        var s = raw.trimmingSpaces()
        for (from, to) in [("\\left", ""), ("\\right", ""), ("\\!", ""), ("\\,", ""), ("\\;", ""), ("\\:", ""),
                           ("\\dfrac", "\\frac"), ("\\tfrac", "\\frac"), ("^\\circ", ""), ("^{\\circ}", ""),
                           ("\\%", ""), ("%", ""), ("$", ""), ("\\displaystyle", "")] {
            s = s.replacingOccurrences(of: from, with: to)
        }
        s = stripTrailingUnit(s)
        for command in ["\\text", "\\mbox", "\\textbf", "\\mathrm"] {
            s = unwrap(command, in: s)
        }
        s = s.filter { !$0.isWhitespace }
        if s.hasSuffix(".") { s.removeLast() }
        // "x=5", "k=3": drop a single-letter left-hand side.
        if s.count > 2, let eq = s.firstIndex(of: "="), s.distance(from: s.startIndex, to: eq) == 1, s.first!.isLetter {
            s = String(s[s.index(after: eq)...])
        }
        s = braceShortArguments(s, command: "\\frac", count: 2)
        s = braceShortArguments(s, command: "\\sqrt", count: 1)
        if let slash = s.firstIndex(of: "/") {
            let a = s[..<slash], b = s[s.index(after: slash)...]
            if Int(a) != nil, Int(b) != nil { s = "\\frac{\(a)}{\(b)}" }
        }
        return normalizeNumber(s)
    }

    /// True when two MATH answers are equal after `normalizeMath`, or both are simple numbers
    /// (decimals, `\frac{a}{b}` with integer a and b, optionally negated) of equal value.
    public static func mathEquivalent(_ a: String, _ b: String) -> Bool {
        let x = normalizeMath(a), y = normalizeMath(b)
        if x == y { return true }
        guard let u = simpleValue(x), let v = simpleValue(y) else { return false }
        return abs(u - v) <= 1e-9 * max(1, abs(u), abs(v))
    }

    /// The value of a decimal or of `\frac{a}{b}` / `-\frac{a}{b}` with integers a, b.
    static func simpleValue(_ s: String) -> Double? {
        if let value = Double(s), s.allSatisfy({ $0.isASCIIDigit || $0 == "." || $0 == "-" }) { return value }
        var body = Substring(s)
        let negative = body.hasPrefix("-")
        if negative { body = body.dropFirst() }
        guard body.hasPrefix("\\frac{"), body.hasSuffix("}") else { return nil }
        let parts = String(body.dropFirst(6).dropLast()).components(separatedBy: "}{")
        guard parts.count == 2, let n = Double(parts[0]), let d = Double(parts[1]), d != 0 else { return nil }
        return (negative ? -1 : 1) * n / d
    }

    /// Drops a `\text{...}`/`\mbox{...}` at the end when something precedes it ("5\text{ cm}").
    private static func stripTrailingUnit(_ s: String) -> String {
        for command in ["\\text{", "\\mbox{"] {
            guard let range = s.range(of: command, options: .backwards), s.hasSuffix("}") else { continue }
            let head = String(s[..<range.lowerBound]).trimmingSpaces()
            let open = s.index(before: range.upperBound)
            if !head.isEmpty, let unit = argument(after: open, in: s), s.distance(from: open, to: s.endIndex) == unit.count + 2 {
                return head
            }
        }
        return s
    }

    /// Replaces every `\command{X}` by `X`.
    private static func unwrap(_ command: String, in text: String) -> String {
        var s = text
        while let range = s.range(of: command + "{") {
            let open = s.index(before: range.upperBound)
            guard let content = argument(after: open, in: s) else { break }
            let end = s.index(open, offsetBy: content.count + 2)
            s.replaceSubrange(range.lowerBound..<end, with: content)
        }
        return s
    }

    /// Adds braces to single-character arguments: `\frac12` -> `\frac{1}{2}`, `\sqrt3` -> `\sqrt{3}`.
    private static func braceShortArguments(_ text: String, command: String, count: Int) -> String {
        var out = ""
        var rest = Substring(text)
        while let range = rest.range(of: command) {
            out += rest[..<range.upperBound]
            rest = rest[range.upperBound...]
            for _ in 0..<count {
                guard let first = rest.first else { break }
                if first == "{" {
                    let tail = String(rest)
                    guard let content = argument(after: tail.startIndex, in: tail) else { break }
                    out += "{\(content)}"
                    rest = rest.dropFirst(content.count + 2)
                } else if first != "\\" {
                    out += "{\(first)}"
                    rest = rest.dropFirst()
                }
            }
        }
        return out + rest
    }
}
