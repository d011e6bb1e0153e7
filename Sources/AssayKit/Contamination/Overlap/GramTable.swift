/// An open-addressing hash table from 64-bit n-gram hashes to gram numbers, built once and
/// then only read (by several threads). Linear probing at a load factor of at most 1/2.
///
/// Nearly every lookup during a corpus scan is a miss, and the table (12 bytes a slot) is far
/// larger than a core's cache, so a miss would cost a memory access. A Bloom filter of 16 bits
/// per key of capacity sits in front: about 1 MB for 500k grams, near the L2 cache, it turns
/// nearly all misses into one cheap access.
struct GramTable: Sendable {
    private var keys: [UInt64]
    private var values: [Int32]
    private let shift: UInt64
    private let mask: Int
    private var filter: [UInt64]
    private let filterShift: UInt64

    /// 0 marks an empty slot, so the hash 0 is stored (and looked up) as 1.
    @inline(__always) static func key(_ hash: UInt64) -> UInt64 { hash == 0 ? 1 : hash }

    /// An empty table with room for `capacity` keys.
    init(capacity: Int) {
        var bits: UInt64 = 4
        while (1 << bits) < 2 * max(capacity, 1) { bits += 1 }
        shift = 64 - bits
        mask = (1 << Int(bits)) - 1
        keys = [UInt64](repeating: 0, count: 1 << Int(bits))
        values = [Int32](repeating: -1, count: 1 << Int(bits))
        let filterBits = bits + 3   // 2^bits >= 2 capacity, so 2^(bits+3) >= 16 capacity
        filterShift = 64 - (filterBits - 6)   // selects a 64-bit word
        filter = [UInt64](repeating: 0, count: 1 << Int(filterBits - 6))
    }

    /// Stores `value` for `hash`, replacing an earlier value. At most `capacity` keys.
    mutating func set(_ hash: UInt64, _ value: Int32) {
        let key = Self.key(hash)
        var slot = slotOf(key)
        while keys[slot] != 0 && keys[slot] != key { slot = (slot + 1) & mask }
        keys[slot] = key
        values[slot] = value
        let (word, bits) = filterBits(key)
        filter[word] |= bits
    }

    /// The filter word of a key and the four bits it sets there (a blocked Bloom filter: one
    /// cache access, ~0.3-0.5% false positives at 16+ bits per key). Mixed from other hash bits
    /// than the slot's, so filter and table are independent.
    @inline(__always) private func filterBits(_ key: UInt64) -> (Int, UInt64) {
        let mixed = key &* 0xC2B2_AE3D_27D4_EB4F
        let bits = (1 &<< (mixed & 63)) | (1 &<< ((mixed >> 6) & 63)) | (1 &<< ((mixed >> 12) & 63))
            | (1 &<< ((mixed >> 18) & 63))
        return (Int(truncatingIfNeeded: mixed >> filterShift), bits)
    }

    @inline(__always) private func slotOf(_ key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The value stored for `hash`, or -1.
    @inline(__always) func find(_ hash: UInt64) -> Int32 {
        let key = Self.key(hash)
        let (word, bits) = filterBits(key)
        if filter.withUnsafeBufferPointer({ $0[word] & bits }) != bits { return -1 }
        return keys.withUnsafeBufferPointer { keys in
            var slot = slotOf(key)
            while true {
                let stored = keys[slot]
                if stored == key { return values[slot] }
                if stored == 0 { return -1 }
                slot = (slot + 1) & mask
            }
        }
    }
}

/// Polynomial hashing of token windows over 64-bit token hashes (arithmetic mod 2^64).
/// With prefix sums P[k+1] = P[k]*B + t[k], the window [i, i+L) hashes to
/// P[i+L] - P[i]*B^L, so any window length costs O(1) once the prefixes exist.
enum RollingHash {
    static let base: UInt64 = 0x9E37_79B9_7F4A_7C15 | 1

    /// Fills `prefix` with the count+1 prefix hashes of `tokens`.
    static func prefixes<C: Collection>(of tokens: C, into prefix: inout [UInt64]) where C.Element == UInt64 {
        prefix.removeAll(keepingCapacity: true)
        prefix.append(0)
        var h: UInt64 = 0
        for t in tokens {
            h = h &* base &+ t
            prefix.append(h)
        }
    }

    /// B^length.
    static func power(_ length: Int) -> UInt64 {
        var p: UInt64 = 1
        for _ in 0..<length { p = p &* base }
        return p
    }

    @inline(__always)
    static func window(_ prefix: UnsafeBufferPointer<UInt64>, _ start: Int, _ length: Int, power: UInt64) -> UInt64 {
        prefix[start + length] &- prefix[start] &* power
    }
}
