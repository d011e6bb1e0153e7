/// The tokenization ROUGE and BLEU use: lower-cased words (runs of letters, digits, and
/// apostrophes inside a word), and every CJK character (Han, kana, Hangul) as a token of its
/// own, since Chinese and Japanese do not separate words with spaces. Punctuation is dropped.
public enum MetricTokenizer {
    public static func tokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var word = ""
        func flush() {
            while word.hasSuffix("'") { word.removeLast() }
            if !word.isEmpty { tokens.append(word) }
            word = ""
        }
        for character in text.lowercased() {
            if isCJK(character) {
                flush()
                tokens.append(String(character))
            } else if character.isLetter || character.isNumber {
                word.append(character)
            } else if character == "'" && !word.isEmpty {
                word.append(character)
            } else {
                flush()
            }
        }
        flush()
        return tokens
    }

    /// True for CJK ideographs, kana and Hangul syllables.
    public static func isCJK(_ character: Character) -> Bool {
        let value = character.firstScalarValue
        return ScriptRanges.isIdeograph(value) || ScriptRanges.isKanaOrHangul(value)
    }
}
