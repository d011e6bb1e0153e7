import Foundation

/// Text helpers the perturbations share: CJK detection (Chinese is handled by character, never
/// split on spaces), phrase search with word boundaries, and non-overlapping replacement.
enum TextScript {
    /// True for CJK ideographs and CJK punctuation / full-width forms.
    static func isCJK(_ character: Character) -> Bool {
        let value = character.firstScalarValue
        return ScriptRanges.isIdeograph(value) || ScriptRanges.isCJKPunctuationOrWidthForm(value)
    }

    /// True for a CJK ideograph (not punctuation).
    static func isIdeograph(_ character: Character) -> Bool { ScriptRanges.isIdeograph(character.firstScalarValue) }

    /// True when the text contains any CJK character: the item is treated as Chinese.
    static func isChinese(_ text: String) -> Bool { text.contains(where: isCJK) }

    /// A letter of an alphabetic word (not CJK, not a digit).
    static func isWordLetter(_ character: Character) -> Bool { character.isLetter && !isCJK(character) }

    /// Non-overlapping occurrences of `phrases` in `text` (the longest wins at one position).
    /// Alphabetic phrases must stand as whole words; CJK phrases match anywhere.
    static func occurrences(of phrases: [String], in text: String, caseInsensitive: Bool)
        -> [(range: Range<String.Index>, phrase: String)] {
        occurrences(of: phrases, in: text) { _ in caseInsensitive }
    }

    /// Occurrences as above, with case-insensitive matching for the phrases `ignoringCase` picks.
    static func occurrences(of phrases: [String], in text: String, ignoringCase: (String) -> Bool)
        -> [(range: Range<String.Index>, phrase: String)] {
        var found: [(range: Range<String.Index>, phrase: String)] = []
        for phrase in phrases where !phrase.isEmpty {
            let caseInsensitive = ignoringCase(phrase)
            let needsBoundary = !phrase.contains(where: isCJK)
            var start = text.startIndex
            while let range = text.range(of: phrase, options: caseInsensitive ? [.caseInsensitive] : [], range: start..<text.endIndex) {
                start = range.upperBound
                if needsBoundary {
                    if range.lowerBound > text.startIndex, isBoundaryBreaker(text[text.index(before: range.lowerBound)]) { continue }
                    if range.upperBound < text.endIndex, isBoundaryBreaker(text[range.upperBound]) { continue }
                }
                found.append((range, phrase))
            }
        }
        found.sort { $0.range.lowerBound != $1.range.lowerBound ? $0.range.lowerBound < $1.range.lowerBound
                                                                 : text.distance(from: $0.range.lowerBound, to: $0.range.upperBound)
                                                                   > text.distance(from: $1.range.lowerBound, to: $1.range.upperBound) }
        var kept: [(range: Range<String.Index>, phrase: String)] = []
        for match in found where kept.last.map({ $0.range.upperBound <= match.range.lowerBound }) ?? true {
            kept.append(match)
        }
        return kept
    }

    private static func isBoundaryBreaker(_ character: Character) -> Bool {
        isWordLetter(character) || character.isNumber || character == "_"
    }

    /// `text` with the given ascending ranges replaced; a range overlapping the one before it is
    /// left out.
    static func replacing(_ text: String, _ replacements: [(range: Range<String.Index>, with: String)]) -> String {
        var result = ""
        var cursor = text.startIndex
        for replacement in replacements where replacement.range.lowerBound >= cursor {
            result += text[cursor..<replacement.range.lowerBound]
            result += replacement.with
            cursor = replacement.range.upperBound
        }
        result += text[cursor...]
        return result
    }

    /// `replacement` with its first letter upper-cased when `original` starts upper-case.
    static func matchingCase(_ replacement: String, like original: Substring) -> String {
        guard let first = original.first, first.isUppercase, let head = replacement.first else { return replacement }
        return head.uppercased() + replacement.dropFirst()
    }

    /// The lower-cased alphabetic words and the CJK characters of some texts (answer words that
    /// noise must not touch).
    static func protectedTokens(_ texts: [String]) -> Set<String> {
        var tokens = Set<String>()
        for text in texts {
            var word = ""
            for character in text {
                if isWordLetter(character) { word.append(character); continue }
                if !word.isEmpty { tokens.insert(word.lowercased()); word = "" }
                if isIdeograph(character) { tokens.insert(String(character)) }
            }
            if !word.isEmpty { tokens.insert(word.lowercased()) }
        }
        return tokens
    }
}
