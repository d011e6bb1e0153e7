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
    /// twice must show the same value both times.
    func bindings(in text: String, variables: [Variable]) -> [Int: Rational]? {
        let normalized = Self.normalizeWhitespace(text)
        let range = NSRange(normalized.startIndex..., in: normalized)
        guard let match = regularExpression().firstMatch(in: normalized, range: range) else { return nil }
        var bindings: [Int: Rational] = [:]
        var group = 0
        for segment in segments {
            if case .literal = segment { continue }
            group += 1
            guard let captured = Range(match.range(at: group), in: normalized).map({ String(normalized[$0]) }) else { return nil }
            var bound: (slot: Int, value: Rational)?
            switch segment {
            case .number(.variable(let slot), _):
                guard let value = try? Rational(parsing: captured) else { return nil }
                bound = (slot, value)
            case .field(let slot, let index):
                guard let entry = variables[slot].entries?.firstIndex(where: { $0[index] == captured }) else { return nil }
                bound = (slot, Rational(entry))
            case .plural(let slot, _):
                guard let entry = variables[slot].entries?.firstIndex(where: { $0[0] == captured || $0[1] == captured }) else { return nil }
                bound = (slot, Rational(entry))
            default:
                break
            }
            if let bound {
                if let earlier = bindings[bound.slot], earlier != bound.value { return nil }
                bindings[bound.slot] = bound.value
            }
        }
        return bindings
    }
}
