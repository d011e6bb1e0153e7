import Foundation

/// The benchmark's verdict, from the difference-in-differences test and the flagged share.
///
/// Rules (checked in order):
/// - **contaminated**: the originals' gap exceeds the twins' with p < 0.01 and a large effect
///   (Cliff's delta >= 0.474, Romano et al.), or the flagged share is at least 25% (five
///   times the 5% false-positive rate) and its Wilson 95% lower bound is above 5%;
/// - **suspicious**: the gap exceeds the twins' with p < 0.05 (delta > 0), or more items are
///   flagged than the 95th percentile of Binomial(n, 0.05), i.e. more than chance explains;
/// - **clean** otherwise.
public enum AuditVerdict: String, Codable, Sendable {
    case clean, suspicious, contaminated

    /// The thresholds, written to summary.json.
    public struct Thresholds: Codable, Sendable, Hashable {
        public var contaminatedP = 0.01
        public var largeEffect = 0.474
        public var suspiciousP = 0.05
        public var contaminatedShare = 0.25
        public var falsePositiveRate = SignalCalibration.falsePositiveRate
        /// The most flagged items chance explains: the 95th percentile of Binomial(n, 0.05).
        public var chanceFlagged: Int

        public init(items: Int) {
            chanceFlagged = Self.binomialQuantile(trials: items, rate: SignalCalibration.falsePositiveRate, 0.95)
        }

        enum CodingKeys: String, CodingKey {
            case contaminatedP = "contaminated_p", largeEffect = "large_effect", suspiciousP = "suspicious_p"
            case contaminatedShare = "contaminated_share", falsePositiveRate = "false_positive_rate"
            case chanceFlagged = "chance_flagged"
        }

        /// The smallest k with P(X <= k) >= q for X ~ Binomial(trials, rate).
        public static func binomialQuantile(trials: Int, rate: Double, _ q: Double) -> Int {
            var cumulative = 0.0
            for k in 0...max(0, trials) {
                let n = Double(trials), x = Double(k)
                let logChoose: Double = lgamma(n + 1) - lgamma(x + 1) - lgamma(n - x + 1)
                let logTerm: Double = logChoose + x * log(rate) + (n - x) * log(1 - rate)
                cumulative += exp(logTerm)
                if cumulative >= q { return k }
            }
            return trials
        }
    }

    /// The verdict for `flagged` of `items` flagged and the test (nil when no gaps were measured).
    public static func decide(flagged: Int, items: Int, test: DifferenceInDifferences?,
                              thresholds: Thresholds) -> AuditVerdict {
        let share = items > 0 ? Double(flagged) / Double(items) : 0
        let lowerBound = ProportionInterval.wilson(successes: flagged, trials: items)?.lower ?? 0
        if let test, test.effectSize > 0, test.pValue < thresholds.contaminatedP, test.effectSize >= thresholds.largeEffect {
            return .contaminated
        }
        if share >= thresholds.contaminatedShare && lowerBound > thresholds.falsePositiveRate { return .contaminated }
        if let test, test.effectSize > 0, test.pValue < thresholds.suspiciousP { return .suspicious }
        if flagged > thresholds.chanceFlagged { return .suspicious }
        return .clean
    }
}
