import Foundation

extension AuditVerdict {
    /// How much contamination the likelihood flags can reveal in a benchmark of this size: the
    /// smallest share of contaminated items that makes the audit at least `suspicious` (more
    /// items flagged than chance explains) with probability `target`, when each contaminated
    /// item is flagged with probability `detectionRate` and every other item at the share of
    /// twins above the threshold (random: `FlagChance`). Overlap needs no such figure: one item
    /// in the corpora counts.
    public struct Power: Codable, Sendable, Equatable {
        /// The assumed chance that a contaminated item is flagged (the signal's sensitivity).
        public var detectionRate: Double
        /// The smallest detectable share, or nil when even a fully contaminated benchmark
        /// would not reach the target (or the sample is below the minimum).
        public var minimumShare: Double?

        enum CodingKeys: String, CodingKey {
            case detectionRate = "detection_rate", minimumShare = "minimum_share"
        }
    }

    /// The power the summary reports: for flags that catch every contaminated item, and half.
    public static let reportedDetectionRates = [1.0, 0.5]

    /// `Power` for each detection rate, at 80% by default.
    public static func power(items: Int, twins: Int, thresholds: Thresholds, detectionRates: [Double] = reportedDetectionRates,
                             target: Double = 0.8) -> [Power] {
        detectionRates.map { rate in
            guard shortfall(items: items, twins: twins) == nil else { return Power(detectionRate: rate, minimumShare: nil) }
            guard let chance = FlagChance(twins: twins), rate > thresholds.falsePositiveRate else {
                return Power(detectionRate: rate, minimumShare: nil)
            }
            func detected(_ share: Double) -> Double {
                chance.exceedance(thresholds.chanceFlagged, items: items, share: share, detectionRate: rate)
            }
            guard detected(1) >= target else { return Power(detectionRate: rate, minimumShare: nil) }
            // The chance of detection grows with the share: bisect to 1e-4.
            var low = 0.0, high = 1.0
            while high - low > 1e-4 {
                let middle = (low + high) / 2
                if detected(middle) >= target { high = middle } else { low = middle }
            }
            return Power(detectionRate: rate, minimumShare: high)
        }
    }
}
