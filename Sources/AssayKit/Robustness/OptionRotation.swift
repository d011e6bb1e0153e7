/// Cyclic rotations of a multiple-choice item's options, for CircularEval: rotation `r` shows
/// option `(i + r) mod n` at position `i`, so over the `n` rotations the gold option stands once
/// at every position. Rotation 0 is the item itself.
public enum OptionRotation {
    /// The gold option's position (0-based) in the item's current label scheme; nil for items
    /// that are not multiple choice, have fewer than two options, or several gold labels
    /// (TruthfulQA mc2), which have no single gold position to move.
    public static func goldPosition(of item: BenchmarkItem) -> Int? {
        guard let choices = item.choices, choices.count >= 2, !item.answer.contains(",") else { return nil }
        return LabelScheme.current(of: item).labels(count: choices.count).firstIndex(of: item.answer)
    }

    /// Where the gold option at `gold` stands after rotation `r` of `count` options.
    public static func position(ofGold gold: Int, rotation r: Int, count: Int) -> Int {
        ((gold - r) % count + count) % count
    }

    /// The item with its options rotated by `r` (1 ≤ r < number of options): the gold label
    /// follows its option, the id gets `~rotate:r`, and provenance records `rotate:r` and the
    /// original id. Nil when the item has no single gold position or `r` is out of range.
    public static func rotated(_ item: BenchmarkItem, by r: Int) -> BenchmarkItem? {
        guard let gold = goldPosition(of: item), let choices = item.choices, (1..<choices.count).contains(r) else { return nil }
        let count = choices.count
        var result = item
        result.choices = (0..<count).map { choices[($0 + r) % count] }
        result.answer = LabelScheme.current(of: item).labels(count: count)[position(ofGold: gold, rotation: r, count: count)]
        result.id = item.id + "~rotate:\(r)"
        var provenance = item.provenance ?? Provenance()
        provenance.perturbations = (provenance.perturbations ?? []) + ["rotate:\(r)"]
        provenance.original = item.id
        result.provenance = provenance
        return result
    }
}
