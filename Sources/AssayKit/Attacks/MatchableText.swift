/// Text folded for rule-based matching, with every kept scalar mapped back to the character of
/// the original it came from, so a match reports its evidence span in the original text.
///
/// Folding, per character: Unicode compatibility normalization (NFKC: full-width letters,
/// digits and punctuation become their ASCII forms, ligatures split), lowercasing, curly quotes
/// made straight, format characters (zero-width spaces, joiners) removed. Then:
/// - `compact`: whitespace, punctuation, symbols and control characters are removed too, so
///   `KQZP-4829`, `kqzp 4829` and `ＫＱＺＰ４８２９` all read `kqzp4829`;
/// - otherwise: each run of whitespace becomes one space, or one newline when it holds one.
struct MatchableText: Sendable {
    let original: String
    private(set) var scalars: [Unicode.Scalar] = []
    /// For each kept scalar, the range of the original character it came from.
    private(set) var origins: [Range<String.Index>] = []

    init(_ text: String, compact: Bool) {
        original = text
        var index = text.startIndex
        for character in text {
            let next = text.index(after: index)
            let range = index..<next
            index = next
            for scalar in String(character).precomposedStringWithCompatibilityMapping.lowercased().unicodeScalars {
                let properties = scalar.properties
                if properties.isWhitespace {
                    if compact { continue }
                    let separator: Unicode.Scalar = properties.generalCategory == .spaceSeparator || scalar == "\t" ? " " : "\n"
                    if let last = scalars.last, last == " " || last == "\n" {
                        if separator == "\n" { scalars[scalars.count - 1] = "\n" }
                        continue
                    }
                    append(separator, range)
                    continue
                }
                switch properties.generalCategory {
                case .format, .control: continue
                case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation, .initialPunctuation,
                     .finalPunctuation, .otherPunctuation, .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol:
                    if compact { continue }
                default: break
                }
                switch scalar {
                case "\u{2018}", "\u{2019}": append("'", range)
                case "\u{201C}", "\u{201D}": append("\"", range)
                default: append(scalar, range)
                }
            }
        }
    }

    private mutating func append(_ scalar: Unicode.Scalar, _ range: Range<String.Index>) {
        scalars.append(scalar)
        origins.append(range)
    }

    /// Every occurrence of `needle` (a folded text), within `window` when given. With `bounded`, an
    /// occurrence must not continue a word or number: an ASCII letter or digit at the
    /// needle's edge may not touch another (so `47` is not found in `147` or `47.5`, nor
    /// `not` in `note`); Chinese and other scripts match anywhere.
    func occurrences(of needle: [Unicode.Scalar], bounded: Bool, within window: Range<Int>? = nil) -> [Range<Int>] {
        let window = window ?? scalars.indices
        guard !needle.isEmpty, needle.count <= window.count else { return [] }
        var found: [Range<Int>] = []
        for start in window.lowerBound...(window.upperBound - needle.count) where scalars[start] == needle[0] {
            let end = start + needle.count
            guard scalars[start..<end].elementsEqual(needle) else { continue }
            if bounded && (continues(from: start - 1, away: -1, edge: needle[0]) || continues(from: end, away: 1, edge: needle[needle.count - 1])) {
                continue
            }
            found.append(start..<end)
        }
        return found
    }

    /// Whether the scalar at `position` glues onto a needle edge: a letter or digit next to a
    /// letter or digit, or a decimal point or thousands comma followed by a digit.
    private func continues(from position: Int, away step: Int, edge: Unicode.Scalar) -> Bool {
        guard Self.isWordScalar(edge), scalars.indices.contains(position) else { return false }
        let neighbour = scalars[position]
        if Self.isWordScalar(neighbour) { return true }
        let beyond = position + step
        return (neighbour == "." || neighbour == ",") && ("0"..."9").contains(edge)
            && scalars.indices.contains(beyond) && ("0"..."9").contains(scalars[beyond])
    }

    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (("a"..."z").contains(scalar) || ("0"..."9").contains(scalar))
    }

    /// The original text a range of folded scalars came from.
    func span(_ range: Range<Int>) -> Substring {
        original[origins[range.lowerBound].lowerBound..<origins[range.upperBound - 1].upperBound]
    }

    /// The span's position in the original, in Unicode scalars (the indexing of Python and
    /// most JSON tools): start and end offset.
    func scalarOffsets(_ range: Range<Int>) -> [Int] {
        let scalarsView = original.unicodeScalars
        let start = scalarsView.distance(from: scalarsView.startIndex, to: origins[range.lowerBound].lowerBound)
        let end = scalarsView.distance(from: scalarsView.startIndex, to: origins[range.upperBound - 1].upperBound)
        return [start, end]
    }
}
