/// Where a tokenizer puts its tokens: the hash of each and the byte range it covers.
protocol TokenSink {
    mutating func append(_ hash: UInt64, from start: Int, to end: Int)
}

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
/// A token is reported as the `WordHasher` hash of its normalized UTF-8 bytes plus the byte
/// range it covers in the source (from its first to its last kept byte). Runs of ASCII letters
/// and digits are read 8 bytes at a time; any other byte takes the byte-by-byte path.
struct TextNormalizer: Sendable {
    enum Unit: Sendable { case words, characters }

    /// The tokens of one text: parallel arrays, reused between documents to avoid allocation.
    /// Byte ranges are only recorded when `recordsRanges` (the corpus scan skips them and
    /// re-tokenizes the rare document that yields evidence).
    struct Tokens: Sendable, TokenSink {
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

        @inline(__always) mutating func append(_ hash: UInt64, from start: Int, to end: Int) {
            hashes.append(hash)
            if recordsRanges {
                starts.append(Int32(truncatingIfNeeded: start))
                ends.append(Int32(truncatingIfNeeded: end))
            }
        }
    }

    let unit: Unit

    /// Byte classes: 0 ASCII separator, 1 ASCII stripped, 2 ASCII letter or digit, 3 not ASCII.
    private static let byteClass: [UInt8] = (0..<256).map { byte -> UInt8 in
        switch UInt8(byte) {
        case 0x30...0x39, 0x41...0x5A, 0x61...0x7A: return 2
        case 0x09...0x0D, 0x20: return 0
        case 0x80...: return 3
        default: return 1
        }
    }

    @inline(__always) private static func lowercasedASCII(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// Appends the tokens of `bytes[range]` to `sink`; token ranges are offsets into `bytes`.
    func tokenize<Sink: TokenSink>(_ bytes: UnsafeBufferPointer<UInt8>, range: Range<Int>, into sink: inout Sink) {
        guard let base = bytes.baseAddress else { return }
        var i = range.lowerBound
        let upper = range.upperBound
        let lastBlock = upper - 8   // 8 bytes can be read at i while i <= lastBlock
        var inWord = false
        var hasher = WordHasher()
        var start = 0
        var end = 0
        let perCharacter = unit == .characters
        Self.byteClass.withUnsafeBufferPointer { classOf in
            while i < upper {
                let byte = base[i]
                let kind = classOf[Int(byte)]
                if kind == 2 {
                    if perCharacter {
                        sink.append(WordHasher.hash(block: UInt64(Self.lowercasedASCII(byte))), from: i, to: i + 1)
                        i += 1
                        continue
                    }
                    if !inWord {
                        // A run of common words, one after the other without going round
                        // this loop: `shortWord` checks its first byte itself.
                        var next = i
                        while next <= lastBlock &- 8, let (hash, length, skip) = Self.shortWord(at: base + next, classOf) {
                            sink.append(hash, from: next, to: next &+ length)
                            next &+= length &+ skip
                        }
                        if next != i { i = next; continue }
                    }
                    if i <= lastBlock {
                        // Up to 8 letters and digits in one step.
                        let block = Self.block(at: base + i)
                        let (word, count) = WordHasher.leadingWordBytes(block)
                        if !inWord { inWord = true; start = i; hasher = WordHasher() }
                        hasher.feed(word, count: count)
                        i += count
                    } else {
                        if !inWord { inWord = true; start = i; hasher = WordHasher() }
                        hasher.feed(Self.lowercasedASCII(byte))
                        i += 1
                    }
                    end = i
                    continue
                }
                if kind < 2 {
                    if kind == 0 && inWord {
                        sink.append(hasher.finish(), from: start, to: end)
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
                    if inWord { sink.append(hasher.finish(), from: start, to: end); inWord = false }
                case .stripped:
                    break
                case .ownToken:
                    if inWord { sink.append(hasher.finish(), from: start, to: end); inWord = false }
                    var own = WordHasher()
                    Self.feedLowercased(scalar, into: &own)
                    sink.append(own.finish(), from: i, to: i + length)
                case .letter:
                    if perCharacter {
                        // Each scalar of the lowercase mapping is a character token.
                        for lower in Self.lowercased(scalar) {
                            var own = WordHasher()
                            Self.feedLowercased(lower, into: &own)
                            sink.append(own.finish(), from: i, to: i + length)
                        }
                    } else {
                        if !inWord { inWord = true; start = i; hasher = WordHasher() }
                        Self.feedLowercased(scalar, into: &hasher)
                        end = i + length
                    }
                }
            }
        }
        if inWord { sink.append(hasher.finish(), from: start, to: end) }
    }

    @inline(__always) private static func block(at p: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(p).loadUnaligned(as: UInt64.self))
    }

    /// The common case, without a branch on the word's length: a whole word of 1 to 14
    /// ASCII letters and digits at `p`, ended by whitespace, or by one stripped byte and then
    /// whitespace ("word, "). Its hash, its length and the bytes after it to skip; nil when the
    /// text at `p` is not such a word (also when `p` is not a letter or digit). 16 bytes must
    /// be readable at `p`.
    @inline(__always)
    private static func shortWord(at p: UnsafePointer<UInt8>, _ classOf: UnsafeBufferPointer<UInt8>)
        -> (hash: UInt64, length: Int, skip: Int)? {
        let (first, count) = WordHasher.leadingWordBytes(block(at: p))
        let (second, more) = WordHasher.leadingWordBytes(block(at: p + 8))
        let long = count == 8
        let length = long ? 8 + more : count
        guard UInt(bitPattern: length &- 1) < 14 else { return nil }   // 1...14
        let hash = WordHasher.hash(first: first, second: second, long: long)
        let after = classOf[Int(p[length])]
        if after == 0 { return (hash, length, 1) }
        if after == 1 && classOf[Int(p[length + 1])] == 0 { return (hash, length, 2) }
        return nil
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

    /// Feeds the UTF-8 bytes of the scalar's lowercase mapping into `hasher`.
    private static func feedLowercased(_ scalar: Unicode.Scalar, into hasher: inout WordHasher) {
        for lower in lowercased(scalar) {
            for byte in UTF8.encode(lower)! { hasher.feed(byte) }
        }
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
