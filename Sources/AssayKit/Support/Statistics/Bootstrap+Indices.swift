extension Bootstrap {
    /// Resamples the indices `0..<count` with replacement (`count` draws each time) and evaluates
    /// `statistic` on every drawn index list, so any statistic of paired per-item values can be
    /// bootstrapped by resampling items. The statistic may be undefined on a draw (nil, e.g. a
    /// ratio whose denominator came out 0); such draws are left out of the standard error and
    /// the interval.
    ///
    /// The draws depend only on the seed and `count`: several statistics of the same items,
    /// estimated with one `Bootstrap`, share their resamples.
    /// Returns nil for no items, when the statistic is undefined on the sample itself, or when
    /// fewer than two draws define it.
    public func estimate(count: Int, statistic: ([Int]) -> Double?) -> Estimate? {
        guard count > 0, let value = statistic(Array(0..<count)) else { return nil }
        var generator = SeededGenerator(seed: seed)
        var draw = [Int](repeating: 0, count: count)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for k in draw.indices { draw[k] = generator.int(in: 0..<count) }
            if let drawn = statistic(draw) { values.append(drawn) }
        }
        guard values.count >= 2 else { return nil }
        return summarize(value, values)
    }
}
