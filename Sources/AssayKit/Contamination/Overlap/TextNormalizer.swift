/// Cuts UTF-8 text into normalized tokens for n-gram matching, working on bytes (no `String`)
/// so a corpus streams through at hundreds of MB/s.
///
/// The rules, shared by benchmark items and corpus documents:
/// - ASCII letters are lowercased; other scalars take their Unicode lowercase mapping.
/// - Whitespace separates words. Punctuation, symbols and control/format characters are
///   *stripped*: they neither form tokens nor separate words ("don't" -> "dont", "e-mail" ->
///   "email"), as in lm-evaluation-harness's decontamination normalizer.
/// - Scripts written without spaces (Han, Hiragana, Katakana, Hangul, Thai, Lao, Khmer,
///   Myanmar) form one token per character, even inside a run of Latin letters: mixed text
///   "GPT模型" gives the tokens "gpt", "模", "型".
/// - In `.characters` units, every kept character (letter, digit, mark, unsegmented-script
///   character) is a token of its own, and whitespace only disappears.
///
/// A token is reported as a well-mixed 64-bit hash of its normalized UTF-8 bytes plus the byte
/// range it covers in the source (from its first to its last kept byte).
struct TextNormalizer: Sendable {
    enum Unit: Sendable { case words, characters }

    /// The tokens of one text: parallel arrays, reused between documents to avoid allocation.
    /// Byte ranges are only recorded when `recordsRanges` (the corpus scan skips them and
    /// re-tokenizes the rare document that yields evidence).
    struct Tokens: Sendable {
        var hashes: [UInt64] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        var recordsRanges = true

        init(recordsRanges: Bool = true) {
            self.recordsRanges = recordsRanges
        }

        var count: Int { hashes.count }

        mutating func removeAll() {
            hashes.removeAll(keepingCapacity: true)
            starts.removeAll(keepingCapacity: true)
            ends.removeAll(keepingCapacity: true)
        }

        @inline(__always) mutating func append(_ hash: UInt64, _ start: Int, _ end: Int) {
            hashes.append(TextNormalizer.finalize(hash))
            if recordsRanges {
                starts.append(Int32(truncatingIfNeeded: start))
                ends.append(Int32(truncatingIfNeeded: end))
            }
        }
    }

    let unit: Unit

    private static let fnvOffset: UInt64 = 0xCBF2_9CE4_8422_2325
    private static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    /// ASCII byte classes: 0 separator, 1 stripped, 2 letter or digit.
    private static let asciiClass: [UInt8] = (0..<128).map { byte -> UInt8 in
        switch UInt8(byte) {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return 2
        case 0x09...0x0D, 0x20: return 0
        default: return 1
        }
    }

    /// murmur3's 64-bit finalizer: spreads FNV's weak high bits over the whole word.
    @inline(__always) static func finalize(_ h: UInt64) -> UInt64 {
        var z = h
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return z ^ (z >> 33)
    }

    /// Hashes ASCII word bytes from `i` until a separator or a non-ASCII byte; stripped bytes
    /// are skipped. Returns the hash, the end of the last word byte and where it stopped.
    private static func asciiRun(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, upper: Int, hash: UInt64,
                                 end: Int, classOf: UnsafeBufferPointer<UInt8>) -> (UInt64, Int, Int) {
        var h = hash
        var last = end
        var j = start
        while j < upper {
            let byte = bytes[j]
            if byte >= 0x80 { break }
            let kind = classOf[Int(byte)]
            if kind == 0 { break }
            if kind == 2 {
                h = feed(h, byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
                last = j + 1
            }
            j += 1
        }
        return (h, last, j)
    }

    @inline(__always) private static func feed(_ h: UInt64, _ byte: UInt8) -> UInt64 {
        (h ^ UInt64(byte)) &* fnvPrime
    }

    /// Appends the tokens of `bytes[range]` to `tokens`; token ranges are offsets into `bytes`.
    func tokenize(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, into tokens: inout Tokens) {
        let classes = Self.asciiClass
        var i = range.lowerBound
        let upper = range.upperBound
        var inWord = false
        var hash = Self.fnvOffset
        var start = 0
        var end = 0
        let perCharacter = unit == .characters
        classes.withUnsafeBufferPointer { classOf in
            while i < upper {
                let byte = bytes[i]
                if byte < 0x80 {
                    let kind = classOf[Int(byte)]
                    if kind == 2 {
                        if perCharacter {
                            let lower = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                            tokens.append(Self.feed(Self.fnvOffset, lower), i, i + 1)
                            i += 1
                            continue
                        }
                        if !inWord { inWord = true; start = i; hash = Self.fnvOffset }
                        // The common case, a run of ASCII letters and stripped punctuation,
                        // in a tight loop whose few variables stay in registers.
                        (hash, end, i) = Self.asciiRun(bytes, from: i, upper: upper, hash: hash, end: end, classOf: classOf)
                        continue
                    } else if kind == 0 && inWord {
                        tokens.append(hash, start, end)
                        inWord = false
                    }
                    i += 1
                    continue
                }
                let (scalar, length) = Self.decode(bytes, at: i, upper: upper)
                defer { i += length }
                guard let scalar else { continue }   // invalid UTF-8: stripped
                switch Self.classify(scalar) {
                case .separator:
                    if inWord { tokens.append(hash, start, end); inWord = false }
                case .stripped:
                    break
                case .ownToken:
                    if inWord { tokens.append(hash, start, end); inWord = false }
                    tokens.append(Self.hashLowercased(scalar, into: Self.fnvOffset), i, i + length)
                case .letter:
                    if perCharacter {
                        // Each scalar of the lowercase mapping is a character token.
                        for lower in Self.lowercased(scalar) {
                            tokens.append(Self.hashLowercased(lower, into: Self.fnvOffset), i, i + length)
                        }
                    } else {
                        if !inWord { inWord = true; start = i; hash = Self.fnvOffset }
                        hash = Self.hashLowercased(scalar, into: hash)
                        end = i + length
                    }
                }
            }
        }
        if inWord { tokens.append(hash, start, end) }
    }

    private enum ScalarClass { case separator, stripped, ownToken, letter }

    private static func classify(_ scalar: Unicode.Scalar) -> ScalarClass {
        let properties = scalar.properties
        if properties.isWhitespace { return .separator }
        switch properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation,
             .mathSymbol, .currencySymbol, .modifierSymbol, .otherSymbol,
             .control, .format, .surrogate, .privateUse, .unassigned:
            return .stripped
        default:
            return ScriptRanges.isUnsegmented(scalar.value) ? .ownToken : .letter
        }
    }

    private static func lowercased(_ scalar: Unicode.Scalar) -> [Unicode.Scalar] {
        guard scalar.properties.changesWhenLowercased else { return [scalar] }
        return Array(scalar.properties.lowercaseMapping.unicodeScalars)
    }

    /// Feeds the UTF-8 bytes of the scalar's lowercase mapping into an FNV-1a hash.
    private static func hashLowercased(_ scalar: Unicode.Scalar, into start: UInt64) -> UInt64 {
        var hash = start
        for lower in lowercased(scalar) {
            for byte in UTF8.encode(lower)! { hash = feed(hash, byte) }
        }
        return hash
    }

    /// Decodes one UTF-8 scalar at `i`; nil (length 1) for an invalid sequence.
    @inline(__always)
    private static func decode(_ bytes: UnsafeBufferPointer<UInt8>, at i: Int, upper: Int) -> (Unicode.Scalar?, Int) {
        let lead = bytes[i]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return (nil, 1)
        }
        guard i + length <= upper else { return (nil, 1) }
        for k in 1..<length {
            let next = bytes[i + k]
            guard next & 0xC0 == 0x80 else { return (nil, 1) }
            value = value << 6 | UInt32(next & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return (nil, 1) }
        return (scalar, length)
    }
}
