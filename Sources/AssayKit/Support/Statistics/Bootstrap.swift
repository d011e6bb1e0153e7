/// Bootstrap estimates of a statistic's uncertainty, drawn with `SeededGenerator` so the same
/// seed gives the same interval.
public struct Bootstrap: Sendable, Hashable {
    /// A statistic with its bootstrap standard error and percentile interval.
    public struct Estimate: Sendable, Hashable, Codable {
        /// The statistic on the original sample.
        public var value: Double
        /// The standard deviation (divisor B - 1) of the statistic over the resamples.
        public var standardError: Double
        /// The percentile interval: the (1-c)/2 and (1+c)/2 type-7 quantiles of the resampled
        /// statistics.
        public var lower: Double
        public var upper: Double
        public var confidence: Double
    }

    public var resamples: Int
    public var confidence: Double
    public var seed: UInt64

    public init(resamples: Int = 2000, confidence: Double = 0.95, seed: UInt64 = 0) {
        precondition(resamples >= 2, "at least 2 resamples")
        precondition(confidence > 0 && confidence < 1, "confidence in (0, 1)")
        self.resamples = resamples
        self.confidence = confidence
        self.seed = seed
    }

    /// Resamples `sample` with replacement (same size) and evaluates `statistic` on each.
    /// Returns nil for an empty sample.
    public func estimate(_ sample: [Double], statistic: ([Double]) -> Double) -> Estimate? {
        guard !sample.isEmpty else { return nil }
        var generator = SeededGenerator(seed: seed)
        var resample = [Double](repeating: 0, count: sample.count)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for k in resample.indices { resample[k] = sample[generator.int(in: 0..<sample.count)] }
            values.append(statistic(resample))
        }
        return summarize(statistic(sample), values)
    }

    /// The paired version: resamples indices, keeping each (x[i], y[i]) pair together, and
    /// evaluates `statistic(x*, y*)` (e.g. the difference of two accuracies on the same items).
    /// Returns nil for empty or unequal samples.
    public func estimate(_ x: [Double], _ y: [Double], statistic: ([Double], [Double]) -> Double) -> Estimate? {
        guard !x.isEmpty, x.count == y.count else { return nil }
        var generator = SeededGenerator(seed: seed)
        var rx = [Double](repeating: 0, count: x.count)
        var ry = [Double](repeating: 0, count: y.count)
        var values: [Double] = []
        values.reserveCapacity(resamples)
        for _ in 0..<resamples {
            for k in rx.indices {
                let i = generator.int(in: 0..<x.count)
                rx[k] = x[i]
                ry[k] = y[i]
            }
            values.append(statistic(rx, ry))
        }
        return summarize(statistic(x, y), values)
    }

    func summarize(_ value: Double, _ values: [Double]) -> Estimate {
        let sorted = values.sorted()
        let tail = (1 - confidence) / 2
        return Estimate(value: value, standardError: Descriptive.standardDeviation(values),
                        lower: Descriptive.quantile(sorted: sorted, tail),
                        upper: Descriptive.quantile(sorted: sorted, 1 - tail), confidence: confidence)
    }
}
