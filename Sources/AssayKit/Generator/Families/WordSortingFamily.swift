/// Sorting a list of lowercase words alphabetically; the answer is the sorted list, separated
/// by single spaces. Higher levels list more words sharing first letters.
public struct WordSortingFamily: ItemFamily {
    public let name = "word-sorting"
    public let summary = "sort a list of words alphabetically"
    public let language = "en"
    public let levels: ClosedRange<Int> = 1...3
    public let knobs = [
        FamilyKnob(name: "words", summary: "words in the list", valuesByLevel: [5, 10, 16]),
        FamilyKnob(name: "shared-letter-pool", summary: "first letters the words are drawn from (fewer = more ties)",
                   valuesByLevel: [26, 10, 6]),
    ]

    public init() {}

    /// The vocabulary by first letter, built once.
    private static let byInitial: [Character: [String]] = Dictionary(grouping: FamilyVocabulary.sortingWords) { $0.first! }

    public func draft(level: Int, slot: Int, using rng: inout SeededGenerator) -> FamilyDraft {
        let count = knob("words", at: level)
        let initials = Self.byInitial.keys.sorted()
        var pool: [String] = []
        for letter in rng.sample(initials, count: min(knob("shared-letter-pool", at: level), initials.count)) {
            pool += Self.byInitial[letter]!
        }
        if pool.count < count { pool = FamilyVocabulary.sortingWords }
        let words = rng.sample(pool, count: count)
        let sorted = Self.alphabetical(words)
        var swapped = sorted
        let i = rng.int(in: 0..<(count - 1))
        swapped.swapAt(i, i + 1)
        var reversedTail = sorted
        reversedTail.replaceSubrange((count / 2)..., with: sorted[(count / 2)...].reversed())
        return FamilyDraft(
            question: "Sort the following words alphabetically and answer with the sorted list separated by spaces: "
                + words.joined(separator: " "),
            answer: sorted.joined(separator: " "),
            distractors: [swapped, reversedTail, words, sorted.reversed()].map { $0.joined(separator: " ") })
    }

    /// Insertion by letter-by-letter comparison of lowercase ASCII words (a prefix comes first).
    static func alphabetical(_ words: [String]) -> [String] {
        var result: [String] = []
        for word in words {
            let w = Array(word.utf8)
            let position = result.firstIndex { other in
                let o = Array(other.utf8)
                for (a, b) in zip(w, o) where a != b { return a < b }
                return w.count < o.count
            } ?? result.count
            result.insert(word, at: position)
        }
        return result
    }
}
