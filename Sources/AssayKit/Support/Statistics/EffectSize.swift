/// Effect sizes that go with rank tests.
public enum EffectSize {
    /// Cliff's delta: P(X > Y) - P(X < Y) over all pairs, in -1...1. Counted directly over
    /// the pairs (through a sorted copy of `y`), so it checks `MannWhitneyU`'s rank-biserial.
    /// NaN when a sample is empty.
    public static func cliffsDelta(_ x: [Double], _ y: [Double]) -> Double {
        guard !x.isEmpty, !y.isEmpty else { return .nan }
        let sorted = y.sorted()
        var greater = 0
        var less = 0
        for value in x {
            let below = firstIndex(in: sorted) { $0 >= value }       // y < value
            let notAbove = firstIndex(in: sorted) { $0 > value }     // y <= value
            greater += below
            less += sorted.count - notAbove
        }
        return Double(greater - less) / (Double(x.count) * Double(y.count))
    }

    /// A conventional label for |delta| (Romano et al. 2006): negligible < 0.147 <= small <
    /// 0.33 <= medium < 0.474 <= large.
    public static func cliffsDeltaMagnitude(_ delta: Double) -> String {
        switch abs(delta) {
        case ..<0.147: return "negligible"
        case ..<0.33: return "small"
        case ..<0.474: return "medium"
        default: return "large"
        }
    }

    /// The first index whose element satisfies a predicate that is false then true along the array.
    static func firstIndex(in sorted: [Double], where predicate: (Double) -> Bool) -> Int {
        var low = 0
        var high = sorted.count
        while low < high {
            let mid = (low + high) / 2
            if predicate(sorted[mid]) { high = mid } else { low = mid + 1 }
        }
        return low
    }
}
