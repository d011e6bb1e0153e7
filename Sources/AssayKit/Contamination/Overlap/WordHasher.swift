/// The 64-bit hash of one normalized token, fed its normalized UTF-8 bytes one at a time or up
/// to 8 at once, so that a word of ASCII letters is hashed in one step.
///
/// The bytes are packed little-endian into 64-bit blocks; each full block is mixed into the
/// state, and the last, partial one (zero-padded: no normalized byte is 0) goes through
/// murmur3's 64-bit finalizer with it. The same bytes give the same hash however they were
/// fed, so the fused corpus scan and the byte-by-byte path agree.
struct WordHasher: Sendable {
    private static let seed: UInt64 = 0xCBF2_9CE4_8422_2325
    private var state = seed
    /// The bytes of the block being filled, and their number times 8 (0, 8, ..., 56).
    private var pending: UInt64 = 0
    private var bits: UInt64 = 0

    /// Adds one byte.
    @inline(__always) mutating func feed(_ byte: UInt8) {
        pending |= UInt64(byte) &<< bits
        bits += 8
        if bits == 64 {
            state = Self.mix(state, pending)
            pending = 0
            bits = 0
        }
    }

    /// Adds the `count` (1...8) low bytes of `block`, whose other bytes are 0.
    @inline(__always) mutating func feed(_ block: UInt64, count: Int) {
        pending |= block &<< bits
        let total = bits + UInt64(count) &* 8
        if total >= 64 {
            state = Self.mix(state, pending)
            // The bytes that did not fit: none when the block was empty before.
            pending = (block &>> 1) &>> (63 - bits)
            bits = total - 64
        } else {
            bits = total
        }
    }

    /// The hash of the bytes fed so far.
    @inline(__always) func finish() -> UInt64 {
        Self.finalize(state ^ pending)
    }

    /// The hash of a token of at most 7 bytes, given as one block (as `feed` takes it): the
    /// same as feeding them and calling `finish()`.
    @inline(__always) static func hash(block: UInt64) -> UInt64 {
        finalize(seed ^ block)
    }

    /// The hash of a token given as at most two blocks: `first` (8 bytes) then `second` when
    /// `long`, else `first` alone (at most 7 bytes); the same as feeding them and calling
    /// `finish()`, without a branch on the length.
    ///
    /// Both blocks are mixed and the one that counts is selected with a mask: written with
    /// `long ? mix(...) : seed`, the compiler branches around the multiplication, and that
    /// branch, taken for every word of 8 bytes or more, is mispredicted half the time.
    @inline(__always) static func hash(first: UInt64, second: UInt64, long: Bool) -> UInt64 {
        let all: UInt64 = long ? .max : 0
        let state = seed ^ ((mix(seed, first) ^ seed) & all)
        return finalize(state ^ first ^ ((first ^ second) & all))
    }

    @inline(__always) private static func mix(_ state: UInt64, _ block: UInt64) -> UInt64 {
        let z = (state ^ block) &* 0x9E37_79B9_7F4A_7C15
        return z ^ (z >> 32)
    }

    /// murmur3's 64-bit finalizer (a bijection: distinct one-block tokens never collide).
    @inline(__always) private static func finalize(_ h: UInt64) -> UInt64 {
        var z = h
        z = (z ^ (z >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        z = (z ^ (z >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return z ^ (z >> 33)
    }

    /// The leading letters and digits of 8 ASCII-or-not bytes, found all at once (SWAR):
    /// their number (0...8) and the bytes lowercased (the others zeroed), ready for `feed`.
    ///
    /// No branch: the lanes to keep come from the lowest lane that is not a letter or digit
    /// (all 8 when there is none), not from a shift by 8 × count, which Swift's shift turns
    /// into a branch on count == 8, mispredicted for words of 8 letters or more.
    @inline(__always) static func leadingWordBytes(_ block: UInt64) -> (bytes: UInt64, count: Int) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high = ones &* 0x80
        let ascii = block & ~high   // 7-bit lanes: the additions below never carry across lanes
        let folded = ascii | (ones &* 0x20)
        let letter = (folded &+ ones &* (0x80 - 0x61)) & ~(folded &+ ones &* (0x7F - 0x7A))
        let digit = (ascii &+ ones &* (0x80 - 0x30)) & ~(ascii &+ ones &* (0x7F - 0x39))
        let other = ~((letter | digit) & ~block) & high   // the lanes ending the word
        let kept = ((other & (0 &- other)) >> 7) &- 1   // the lanes below the lowest of them
        // Letters and digits alike have 0x20 set once lowercased (digits already do).
        return ((block | ones &* 0x20) & kept, other.trailingZeroBitCount >> 3)
    }
}
