import Foundation

/// Descriptive statistics of a sample of numbers. Pure functions; an empty sample (or one too
/// small for the statistic) gives NaN rather than a crash.
public enum Descriptive {
    /// The arithmetic mean.
    public static func mean(_ sample: [Double]) -> Double {
        guard !sample.isEmpty else { return .nan }
        return sample.reduce(0, +) / Double(sample.count)
    }

    /// The unbiased sample variance (divisor n - 1), computed around the mean in two passes.
    public static func variance(_ sample: [Double]) -> Double {
        guard sample.count > 1 else { return .nan }
        let m = mean(sample)
        let squares = sample.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        return squares / Double(sample.count - 1)
    }

    /// The sample standard deviation (divisor n - 1).
    public static func standardDeviation(_ sample: [Double]) -> Double {
        variance(sample).squareRoot()
    }

    /// The standard error of the mean: s / sqrt(n).
    public static func standardError(_ sample: [Double]) -> Double {
        standardDeviation(sample) / Double(sample.count).squareRoot()
    }

    /// The `p`-quantile (0...1) by linear interpolation between order statistics: the value at
    /// rank h = (n - 1) p of the sorted sample, interpolating between floor(h) and ceil(h).
    /// This is Hyndman & Fan's type 7, the default of R, NumPy and spreadsheets.
    public static func quantile(_ sample: [Double], _ p: Double) -> Double {
        quantile(sorted: sample.sorted(), p)
    }

    /// `quantile` of an already sorted sample (ascending), to take many quantiles at once.
    public static func quantile(sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty, (0...1).contains(p) else { return .nan }
        let h = Double(sorted.count - 1) * p
        let low = Int(h.rounded(.down))
        let high = min(low + 1, sorted.count - 1)
        return sorted[low] + (h - Double(low)) * (sorted[high] - sorted[low])
    }

    /// The `q`-th percentile (0...100), as `quantile(sample, q / 100)`.
    public static func percentile(_ sample: [Double], _ q: Double) -> Double {
        quantile(sample, q / 100)
    }

    /// The `q`-th percentile (0...100) by nearest rank, as load-testing tools report it: the
    /// value of rank ceil(n q / 100) of the sorted sample (ascending); q = 0 gives the minimum.
    /// Always one of the observed values (no interpolation).
    public static func nearestRank(sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty, (0...100).contains(q) else { return .nan }
        let rank = Int((Double(sorted.count) * q / 100).rounded(.up))
        return sorted[min(sorted.count - 1, max(0, rank - 1))]
    }

    /// The median (type-7 0.5-quantile: the mean of the middle two for an even count).
    public static func median(_ sample: [Double]) -> Double {
        quantile(sample, 0.5)
    }

    /// The empirical percentile rank (0...100) of `value` within a reference sample: the share
    /// of the reference strictly below it plus half the share equal to it (SciPy's
    /// `percentileofscore(kind="mean")`). 50 means "in the middle of the reference".
    public static func percentileRank(of value: Double, in reference: [Double]) -> Double {
        guard !reference.isEmpty else { return .nan }
        var below = 0
        var equal = 0
        for x in reference {
            if x < value { below += 1 } else if x == value { equal += 1 }
        }
        return 100 * (Double(below) + 0.5 * Double(equal)) / Double(reference.count)
    }

    /// Average ranks (1-based) of the values, ties sharing the mean of their ranks, and the
    /// sizes of the tie groups (groups of one left out).
    public static func ranks(_ values: [Double]) -> (ranks: [Double], ties: [Int]) {
        let order = values.indices.sorted { values[$0] < values[$1] }
        var ranks = [Double](repeating: 0, count: values.count)
        var ties: [Int] = []
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && values[order[end]] == values[order[start]] { end += 1 }
            let rank = Double(start + end + 1) / 2   // mean of ranks start+1 ... end
            for k in start..<end { ranks[order[k]] = rank }
            if end - start > 1 { ties.append(end - start) }
            start = end
        }
        return (ranks, ties)
    }
}
