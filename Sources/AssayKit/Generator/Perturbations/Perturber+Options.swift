/// The multiple-choice perturbations: reordering and relabelling options.
extension Perturber {
    /// The gold option's index, read in the item's current label scheme.
    static func goldIndex(of item: BenchmarkItem) -> Int? {
        guard let choices = item.choices, choices.count >= 2 else { return nil }
        return LabelScheme.current(of: item).labels(count: choices.count).firstIndex(of: item.answer)
    }

    /// Reorders the options so the gold option lands at a different place.
    func shuffleOptions(_ item: inout BenchmarkItem, using rng: inout SeededGenerator) -> Bool {
        guard let gold = Self.goldIndex(of: item), let choices = item.choices else { return false }
        var order = Array(choices.indices)
        repeat { rng.shuffle(&order) } while order.firstIndex(of: gold) == gold
        item.choices = order.map { choices[$0] }
        item.answer = LabelScheme.current(of: item).labels(count: choices.count)[order.firstIndex(of: gold)!]
        return true
    }

    /// Rewrites the gold label in `scheme` (the caller records the scheme in provenance).
    func relabelOptions(_ item: inout BenchmarkItem, to scheme: LabelScheme) -> Bool {
        guard let gold = Self.goldIndex(of: item), LabelScheme.current(of: item) != scheme else { return false }
        item.answer = scheme.labels(count: item.choices!.count)[gold]
        return true
    }
}
