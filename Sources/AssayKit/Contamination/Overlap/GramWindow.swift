/// The fused corpus scan: a `TokenSink` that hashes every window of n tokens as the tokens
/// arrive from the normalizer and looks it up in the benchmark's `GramTable`, with no token
/// array in between.
///
/// The window hash rolls over a ring of the last n token hashes
/// (`H' = H * B + t_new - t_old * B^n`), which equals `RollingHash.window` of the same tokens,
/// so it finds exactly the table entries the straightforward scan finds. It only notes whether
/// a window hash is in the table: that rare document is then scanned the straightforward way,
/// which verifies the tokens, counts the documents and collects the evidence.
///
/// Lookups are batched: nearly all of them miss, each costing a cache miss in the table's
/// filter, and a tight loop over a batch of hashes keeps many of those misses in flight at
/// once, where one lookup per token between the tokenizer's branches would wait for each.
///
/// The ring and the batch are scratch memory owned by the scanner that made the window:
/// `deallocate()` it once, when that scanner goes away.
struct GramWindow: TokenSink {
    private static let batchSize = 64
    private let table: GramTable
    private let n: Int
    /// B^n.
    private let power: UInt64
    /// The ring (`mask + 1` slots), then the batch of hashes waiting for lookup.
    private let scratch: UnsafeMutablePointer<UInt64>
    private let mask: Int
    private var hash: UInt64 = 0
    private var count = 0
    private var waiting = 0
    private var found = false

    /// A window of `n` tokens over `table`.
    init(table: GramTable, n: Int) {
        self.table = table
        self.n = n
        power = RollingHash.power(n)
        var size = 1
        while size < n { size <<= 1 }
        mask = size - 1
        scratch = .allocate(capacity: size + Self.batchSize)
        scratch.initialize(repeating: 0, count: size + Self.batchSize)
    }

    /// Starts a new document: no tokens, nothing found.
    mutating func reset() {
        // Slots not written since the last reset are still 0.
        scratch.update(repeating: 0, count: min(count, mask + 1))
        hash = 0
        count = 0
        waiting = 0
        found = false
    }

    /// True when some window hash of the document is in the table.
    mutating func foundAny() -> Bool {
        lookUp()
        return found
    }

    @inline(__always) mutating func append(_ token: UInt64, from start: Int, to end: Int) {
        // Until n tokens have come, the token leaving is a slot not yet written (0), so the
        // hash is the plain prefix hash, and the first full window's hash is exact.
        let leaving = scratch[(count &- n) & mask]
        hash = hash &* RollingHash.base &+ token &- leaving &* power
        scratch[count & mask] = token
        count += 1
        if count >= n {
            scratch[mask + 1 + waiting] = hash
            waiting += 1
            if waiting == Self.batchSize { lookUp() }
        }
    }

    @inline(__always) private mutating func lookUp() {
        let batch = scratch + mask + 1
        for k in 0..<waiting where table.find(batch[k]) >= 0 { found = true }
        waiting = 0
    }

    func deallocate() {
        scratch.deallocate()
    }
}
