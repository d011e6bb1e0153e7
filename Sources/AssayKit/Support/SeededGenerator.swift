/// A deterministic pseudo-random generator (xoshiro256**, seeded through SplitMix64).
///
/// Everything random in Assay draws from this generator, never from the system's, and never
/// through the standard library's `random(in:using:)` / `shuffled(using:)`, whose algorithms
/// are not promised to stay the same across Swift versions. Same seed, same numbers, on every
/// machine and toolchain.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: (UInt64, UInt64, UInt64, UInt64)

    /// Creates a generator from a seed and an optional stream number; different streams of the
    /// same seed are independent sequences (use them for sub-tasks that must not shift each other).
    public init(seed: UInt64, stream: UInt64 = 0) {
        var mix = seed ^ (stream &* 0xD1B5_4A32_D192_ED03)
        func splitMix(_ x: inout UInt64) -> UInt64 {
            x &+= 0x9E37_79B9_7F4A_7C15
            var z = x
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        state = (splitMix(&mix), splitMix(&mix), splitMix(&mix), splitMix(&mix))
    }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        let result = rotl(state.1 &* 5, 7) &* 9
        let t = state.1 << 17
        state.2 ^= state.0
        state.3 ^= state.1
        state.1 ^= state.2
        state.0 ^= state.3
        state.2 ^= t
        state.3 = rotl(state.3, 45)
        return result
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }

    /// A uniform integer in `0..<bound` (unbiased, by rejection). `bound` must be positive.
    public mutating func below(_ bound: UInt64) -> UInt64 {
        precondition(bound > 0, "bound must be positive")
        let limit = UInt64.max - (UInt64.max % bound)   // largest multiple of bound, exclusive
        while true {
            let x = next()
            if x < limit { return x % bound }
        }
    }

    /// A uniform integer in the closed range.
    public mutating func int(in range: ClosedRange<Int>) -> Int {
        let span = UInt64(bitPattern: Int64(range.upperBound) &- Int64(range.lowerBound)) &+ 1
        if span == 0 { return Int(Int64(bitPattern: next())) }    // the full 64-bit range
        return Int(Int64(range.lowerBound) &+ Int64(bitPattern: below(span)))
    }

    /// A uniform integer in the half-open range (which must not be empty).
    public mutating func int(in range: Range<Int>) -> Int {
        precondition(!range.isEmpty, "empty range")
        return int(in: range.lowerBound...(range.upperBound - 1))
    }

    /// A uniform double in `[0, 1)` with 53 random bits.
    public mutating func unitDouble() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with the given probability.
    public mutating func chance(_ probability: Double) -> Bool {
        unitDouble() < probability
    }

    /// A uniformly chosen element (nil for an empty collection).
    public mutating func pick<C: Collection>(_ collection: C) -> C.Element? {
        guard !collection.isEmpty else { return nil }
        let offset = int(in: 0..<collection.count)
        return collection[collection.index(collection.startIndex, offsetBy: offset)]
    }

    /// Fisher-Yates shuffle in place, with this generator's own index draws.
    public mutating func shuffle<T>(_ array: inout [T]) {
        guard array.count > 1 else { return }
        for i in stride(from: array.count - 1, to: 0, by: -1) {
            let j = int(in: 0...i)
            if i != j { array.swapAt(i, j) }
        }
    }

    /// A shuffled copy.
    public mutating func shuffled<T>(_ array: [T]) -> [T] {
        var copy = array
        shuffle(&copy)
        return copy
    }

    /// `count` distinct elements chosen uniformly, in random order.
    public mutating func sample<T>(_ array: [T], count: Int) -> [T] {
        precondition(count <= array.count, "cannot sample \(count) of \(array.count)")
        var copy = array
        for i in 0..<count {
            let j = int(in: i...(copy.count - 1))
            if i != j { copy.swapAt(i, j) }
        }
        return Array(copy[0..<count])
    }
}
