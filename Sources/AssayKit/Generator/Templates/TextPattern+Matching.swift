import Foundation

/// Reading the values back out of a rendered text: placeholders become wildcards, literal text
/// must be equal after whitespace normalization.
extension TextPattern {
    /// Collapses every run of whitespace to one space and trims the ends.
    static func normalizeWhitespace(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }

    /// A number as `canonical` or `fixed` prints it.
    private static let numberPattern = "(-?[0-9]+(?:\\.[0-9]+)?(?:/[0-9]+)?)"

    /// The anchored regular expression of this pattern: one capture group per placeholder.
    func regularExpression() -> NSRegularExpression {
        var pattern = "^"
        var pendingLiteral = ""
        func flush() {
            let normalized = pendingLiteral.replacingOccurrences(of: "\\s+", with: " ", options: .regularExpression)
            pattern += NSRegularExpression.escapedPattern(for: normalized)
            pendingLiteral = ""
        }
        for segment in segments {
            switch segment {
            case .literal(let literal): pendingLiteral += literal
            case .number:
                flush()
                pattern += Self.numberPattern
            case .field, .plural:
                flush()
                pattern += "(.+?)"
            case .words(let singular, let plural, _):
                flush()
                pattern += "(" + NSRegularExpression.escapedPattern(for: singular) + "|" + NSRegularExpression.escapedPattern(for: plural) + ")"
            }
        }
        flush()
        // The pattern is built from escaped text and fixed pieces, so it always compiles.
        return try! NSRegularExpression(pattern: pattern.trimmingCharacters(in: .whitespaces) + "$", options: [.dotMatchesLineSeparators])
    }

    /// The slot values a text shows, or nil when it does not match: numbers shown by a bare
    /// variable placeholder, and lexicon entries (as indices) shown by name. A variable shown
    /// twice must show the same value; an entry shown by several fields (a measure word and a
    /// name) must be one entry that has them all.
    /// `matcher` is this pattern's `regularExpression()`, compiled once by the caller.
    func bindings(in text: String, matcher: NSRegularExpression, variables: [Variable]) -> [Int: Rational]? {
        let normalized = Self.normalizeWhitespace(text)
        let range = NSRange(normalized.startIndex..., in: normalized)
        guard let match = matcher.firstMatch(in: normalized, range: range) else { return nil }
        var numbers: [Int: Rational] = [:]
        var entries: [Int: Set<Int>] = [:]
        var group = 0
        for segment in segments {
            if case .literal = segment { continue }
            group += 1
            guard let captured = Range(match.range(at: group), in: normalized).map({ String(normalized[$0]) }) else { return nil }
            var fitting: (slot: Int, entries: Set<Int>)?
            switch segment {
            case .number(.variable(let slot), _):
                guard let value = try? Rational(parsing: captured) else { return nil }
                if let earlier = numbers[slot], earlier != value { return nil }
                numbers[slot] = value
            case .field(let slot, let index):
                fitting = (slot, Set(variables[slot].entries!.indices.filter { variables[slot].entries![$0][index] == captured }))
            case .plural(let slot, _):
                let all = variables[slot].entries!
                fitting = (slot, Set(all.indices.filter { all[$0][0] == captured || all[$0][1] == captured }))
            default:
                break
            }
            if let fitting {
                let remaining = entries[fitting.slot].map { $0.intersection(fitting.entries) } ?? fitting.entries
                if remaining.isEmpty { return nil }
                entries[fitting.slot] = remaining
            }
        }
        for (slot, candidates) in entries { numbers[slot] = Rational(candidates.min()!) }
        return numbers
    }
}
