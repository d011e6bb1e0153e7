/// HellaSwag's text as lm-evaluation-harness builds its requests (the `hellaswag` task's
/// `process_docs`), so that Assay scores the same strings:
///
/// - the query is `activity_label + ": " + ctx_a + " " + capitalized(ctx_b)`, preprocessed;
/// - every ending is preprocessed.
///
/// Preprocessing removes WikiHow's markup: surrounding whitespace is stripped, " [title]"
/// becomes ". ", every bracketed tag ("[header]", "[step]", ...) is removed (shortest match,
/// not across a line break), then each pair of spaces becomes one (one left-to-right pass, so
/// three spaces leave two). Everything works on Unicode scalars, as Python works on code points.
enum HellaSwagText {
    /// The query of a record. Without an activity label, the preprocessed context alone.
    static func query(activity: String?, context: String) -> String {
        preprocess(activity.map { "\($0): \(context)" } ?? context)
    }

    /// The context of `ctx_a` and `ctx_b` as lm-evaluation-harness joins them: `ctx_b` with its
    /// first character upper-cased and the rest lower-cased.
    static func context(_ a: String, _ b: String) -> String {
        a + " " + capitalized(b)
    }

    /// Python's `str.capitalize()`: the first scalar in title case, the rest in lower case.
    static func capitalized(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        return first.properties.titlecaseMapping + String(text.unicodeScalars.dropFirst()).lowercased()
    }

    /// lm-evaluation-harness's HellaSwag `preprocess` (see the type's comment).
    static func preprocess(_ text: String) -> String {
        var scalars = Array(text.unicodeScalars)
        let start = scalars.firstIndex { !isPythonSpace($0) } ?? scalars.endIndex
        let end = (scalars.lastIndex { !isPythonSpace($0) }).map { $0 + 1 } ?? start
        scalars = Array(scalars[start..<max(start, end)])
        scalars = replacing(Array(" [title]".unicodeScalars), with: Array(". ".unicodeScalars), in: scalars)
        scalars = withoutBracketedTags(scalars)
        scalars = replacing(Array("  ".unicodeScalars), with: [" "], in: scalars)
        var result = String.UnicodeScalarView()
        result.append(contentsOf: scalars)
        return String(result)
    }

    /// Python's `str.isspace()` for one code point: Unicode White_Space, plus the information
    /// separators U+001C...U+001F that Python also counts.
    static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// Every non-overlapping occurrence of `pattern`, left to right, replaced by `replacement`.
    static func replacing(_ pattern: [Unicode.Scalar], with replacement: [Unicode.Scalar],
                          in scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        var i = 0
        while i < scalars.count {
            if scalars.count - i >= pattern.count && scalars[i..<i + pattern.count].elementsEqual(pattern) {
                result += replacement
                i += pattern.count
            } else {
                result.append(scalars[i])
                i += 1
            }
        }
        return result
    }

    /// The text without every "[...]": from a "[" to the first "]" after it, when no line feed
    /// comes between (the regular expression `\[.*?\]`); an unclosed "[" stays.
    static func withoutBracketedTags(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var result: [Unicode.Scalar] = []
        result.reserveCapacity(scalars.count)
        var i = 0
        while i < scalars.count {
            if scalars[i] == "[", let close = scalars[(i + 1)...].firstIndex(where: { $0 == "]" || $0 == "\n" }),
               scalars[close] == "]" {
                i = close + 1
            } else {
                result.append(scalars[i])
                i += 1
            }
        }
        return result
    }
}
