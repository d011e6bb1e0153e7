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
        guard let scalar = character.unicodeScalars.first else { return false }
        switch scalar.value {
        case 0x3040...0x30FF,   // Hiragana, Katakana
             0x3400...0x4DBF,   // CJK Extension A
             0x4E00...0x9FFF,   // CJK Unified Ideographs
             0xAC00...0xD7AF,   // Hangul syllables
             0xF900...0xFAFF,   // CJK Compatibility Ideographs
             0x20000...0x2FA1F: // CJK Extensions B-F, supplement
            return true
        default:
            return false
        }
    }
}
