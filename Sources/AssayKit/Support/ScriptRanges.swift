/// The Unicode ranges Assay treats specially, in one place. Each caller combines the ranges
/// its rule needs:
/// - metrics (ROUGE, BLEU) make every ideograph, kana and Hangul syllable a token of its own;
/// - perturbations treat text with ideographs, CJK punctuation or full-width forms as Chinese;
/// - the overlap normalizer also splits Thai, Lao, Khmer and Myanmar into characters
///   (`isUnsegmented`).
public enum ScriptRanges {
    /// Han ideographs: unified, extension A, compatibility, and the supplementary planes.
    public static func isIdeograph(_ value: UInt32) -> Bool {
        switch value {
        case 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3FFFF: return true
        default: return false
        }
    }

    /// Hiragana, Katakana and Hangul syllables.
    public static func isKanaOrHangul(_ value: UInt32) -> Bool {
        switch value {
        case 0x3040...0x30FF, 0xAC00...0xD7AF: return true
        default: return false
        }
    }

    /// CJK symbols and punctuation, and the half-width and full-width forms.
    public static func isCJKPunctuationOrWidthForm(_ value: UInt32) -> Bool {
        switch value {
        case 0x3000...0x303F, 0xFF00...0xFFEF: return true
        default: return false
        }
    }

    /// Scripts written without spaces between words: one token per character.
    public static func isUnsegmented(_ value: UInt32) -> Bool {
        if isIdeograph(value) || isKanaOrHangul(value) { return true }
        switch value {
        case 0x0E00...0x0EFF,          // Thai, Lao
             0x1000...0x109F,          // Myanmar
             0x1100...0x11FF,          // Hangul Jamo
             0x1780...0x17FF,          // Khmer
             0x2E80...0x2FDF,          // CJK radicals, Kangxi radicals
             0x3130...0x318F,          // Hangul compatibility Jamo
             0x31F0...0x31FF,          // Katakana phonetic extensions
             0xFF66...0xFF9F:          // halfwidth Katakana
            return true
        default:
            return false
        }
    }
}

extension Character {
    /// The first scalar's value (0 for an empty character).
    var firstScalarValue: UInt32 { unicodeScalars.first?.value ?? 0 }
}
