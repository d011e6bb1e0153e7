/// The benchmark side of an overlap check: every item's normalized tokens and the distinct
/// n-grams to look for, in a hash table the corpus scanner probes once per corpus token.
///
/// An item's text is its question, choices and answer joined by newlines. Items with fewer
/// tokens than n have no n-grams (except in `.gpt4` mode, where an item shorter than n
/// characters is looked for as a whole, as in the GPT-4 report). Memory is linear in the
/// benchmark: about 60 bytes per item token.
public struct OverlapIndex: Sendable {
    /// One distinct n-gram (by content) of the benchmark.
    struct Gram: Sendable {
        var hash: UInt64
        var length: Int32
        /// Where its tokens can be read back for verification.
        var item: Int32
        var position: Int32
        /// Its (item, position) occurrences: `occurrences[first..<first+count]`.
        var first: Int32
        var count: Int32
        /// The next gram with the same 64-bit hash (-1: none); collisions are verified away.
        var next: Int32
    }

    struct Occurrence: Sendable, Hashable {
        var item: Int32
        var position: Int32
    }

    public let options: OverlapOptions
    /// The item ids, in input order.
    public let itemIDs: [String]
    let tokenPool: [UInt64]
    let tokenStart: [Int]
    let grams: [Gram]
    let occurrences: [Occurrence]
    /// The distinct gram numbers of each item.
    let itemGrams: [[Int32]]
    let table: GramTable
    /// The distinct gram lengths, ascending (one, except for short items in `.gpt4` mode).
    let lengths: [Int]
    /// Grams left out of matching (too frequent in the corpus).
    private(set) var ignored: [Bool]

    /// The text of an item that is matched: question, choices, answer.
    public static func text(of item: BenchmarkItem) -> String {
        ([item.question] + (item.choices ?? []) + [item.answer]).joined(separator: "\n")
    }

    public init(items: [BenchmarkItem], options: OverlapOptions = OverlapOptions()) {
        self.options = options
        itemIDs = items.map(\.id)
        let normalizer = TextNormalizer(unit: options.normalizerUnit)
        var pool: [UInt64] = []
        var starts: [Int] = [0]
        var tokens = TextNormalizer.Tokens()
        for item in items {
            tokens.removeAll()
            let bytes = Array(Self.text(of: item).utf8)
            bytes.withUnsafeBufferPointer { normalizer.tokenize($0, range: 0..<$0.count, into: &tokens) }
            pool.append(contentsOf: tokens.hashes)
            starts.append(pool.count)
        }
        tokenPool = pool
        tokenStart = starts

        var grams: [Gram] = []
        var heads: [UInt64: Int32] = [:]
        var places: [[Occurrence]] = []
        var perItem: [[Int32]] = Array(repeating: [], count: items.count)
        var lastItem: [Int32] = []
        var prefix: [UInt64] = []
        var powers: [Int: UInt64] = [:]
        for (itemIndex, item) in items.enumerated() {
            let itemTokens = pool[starts[itemIndex]..<starts[itemIndex + 1]]
            RollingHash.prefixes(of: itemTokens, into: &prefix)
            for (position, length) in Self.gramPlaces(count: itemTokens.count, id: item.id, options: options) {
                let power = powers[length] ?? RollingHash.power(length)
                powers[length] = power
                let hash = prefix.withUnsafeBufferPointer { RollingHash.window($0, position, length, power: power) }
                let base = starts[itemIndex]
                let content = pool[(base + position)..<(base + position + length)]
                var candidate = heads[hash] ?? -1
                while candidate >= 0 {
                    let g = grams[Int(candidate)]
                    let gStart = starts[Int(g.item)] + Int(g.position)
                    if Int(g.length) == length && pool[gStart..<(gStart + length)].elementsEqual(content) { break }
                    candidate = g.next
                }
                if candidate < 0 {
                    candidate = Int32(grams.count)
                    grams.append(Gram(hash: hash, length: Int32(length), item: Int32(itemIndex),
                                      position: Int32(position), first: 0, count: 0, next: heads[hash] ?? -1))
                    heads[hash] = candidate
                    places.append([])
                    lastItem.append(-1)
                }
                let g = Int(candidate)
                places[g].append(Occurrence(item: Int32(itemIndex), position: Int32(position)))
                if lastItem[g] != Int32(itemIndex) {
                    lastItem[g] = Int32(itemIndex)
                    perItem[itemIndex].append(candidate)
                }
            }
        }
        var flat: [Occurrence] = []
        for g in grams.indices {
            grams[g].first = Int32(flat.count)
            grams[g].count = Int32(places[g].count)
            flat.append(contentsOf: places[g])
        }
        self.grams = grams
        occurrences = flat
        itemGrams = perItem
        table = GramTable(heads.lazy.map { ($0.key, $0.value) }, count: heads.count)
        lengths = Set(grams.map { Int($0.length) }).sorted()
        ignored = Array(repeating: false, count: grams.count)
    }

    /// The (position, length) of the n-grams looked for in an item of `count` tokens.
    static func gramPlaces(count: Int, id: String, options: OverlapOptions) -> [(Int, Int)] {
        let n = options.n
        guard options.mode == .gpt4 else {
            return count >= n ? (0...(count - n)).map { ($0, n) } : []
        }
        if count == 0 { return [] }
        if count <= n { return [(0, count)] }
        // Seeded per item id, so an item's samples do not depend on the other items.
        var generator = SeededGenerator(seed: options.seed, stream: stableHash(id))
        let starts = Array(0...(count - n))
        let chosen = generator.sample(starts, count: min(options.samplesPerItem, starts.count))
        return chosen.sorted().map { ($0, n) }
    }

    /// FNV-1a of a string's UTF-8 bytes (stable across runs, unlike `hashValue`).
    static func stableHash(_ text: String) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 { h = (h ^ UInt64(byte)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// The number of distinct n-grams looked for.
    public var gramCount: Int { grams.count }

    /// The number of items.
    public var itemCount: Int { itemIDs.count }

    /// The tokens of an item.
    func tokens(ofItem item: Int) -> ArraySlice<UInt64> {
        tokenPool[tokenStart[item]..<tokenStart[item + 1]]
    }

    /// True when the corpus window's token hashes equal the gram's tokens.
    @inline(__always)
    func matches(_ gram: Gram, _ window: UnsafeBufferPointer<UInt64>, at start: Int) -> Bool {
        let base = tokenStart[Int(gram.item)] + Int(gram.position)
        for k in 0..<Int(gram.length) where tokenPool[base + k] != window[start + k] { return false }
        return true
    }

    /// A copy that leaves out the grams found in more than `limit` documents.
    func ignoring(documentFrequencies: [Int32], above limit: Int) -> OverlapIndex {
        var copy = self
        for g in grams.indices where Int(documentFrequencies[g]) > limit { copy.ignored[g] = true }
        return copy
    }
}
