import Foundation

/// The benchmark's verdict, from the difference-in-differences test, the share of items the
/// likelihood flags and the share the n-gram overlap flags.
///
/// Likelihood flags have a 5% false-positive rate by construction, so only an excess over 5%
/// counts; an overlap flag is direct evidence (the item's text is in the corpus), so it counts
/// from the first item. Rules (checked in order):
/// - **contaminated**: the originals' gap exceeds the twins' with p < 0.01 and a large effect
///   (Cliff's delta >= 0.474, Romano et al.); or the likelihood-flagged share is at least 25%
///   (five times the false-positive rate) and more than chance explains at 99% (`FlagChance`;
///   so a clean benchmark is called contaminated by its flags less than 1% of the time); or at
///   least 25% of the items are flagged by overlap;
/// - **suspicious**: the gap exceeds the twins' with p < 0.05 (delta > 0); or more items are
///   flagged by likelihood than chance explains at 95% (`FlagChance`: all items share the
///   twins' threshold, so the count is beta-binomial, wider than Binomial(n, 0.05)); or any
///   item is flagged by overlap;
/// - **clean** otherwise.
///
/// Below `minimumItems` items or `minimumTwins` twins the likelihood evidence means nothing (a
/// percentile among 3 twins is 0, 33, 67 or 100), so the verdict is **insufficient** unless the
/// overlap, which needs no calibration, makes it suspicious or contaminated.
public enum AuditVerdict: String, Codable, Sendable {
    case clean, suspicious, contaminated, insufficient

    /// The fewest items the likelihood evidence is judged on.
    public static let minimumItems = 10
    /// The fewest twins that calibrate a 95th percentile (1 in 20).
    public static let minimumTwins = 20

    /// Why `items` and `twins` are too few, or nil when they are enough.
    public static func shortfall(items: Int, twins: Int) -> String? {
        guard items < minimumItems || twins < minimumTwins else { return nil }
        return "needs at least \(minimumItems) items and \(minimumTwins) twins, has \(items) and \(twins)"
    }

    /// The thresholds, written to summary.json.
    public struct Thresholds: Codable, Sendable, Hashable {
        public var contaminatedP = 0.01
        public var largeEffect = 0.474
        public var suspiciousP = 0.05
        public var contaminatedShare = 0.25
        public var falsePositiveRate = SignalCalibration.falsePositiveRate
        /// The most flagged items chance explains: the 95th percentile of the flags' count when
        /// nothing is contaminated (`FlagChance`, from the items' and the twins' counts); all the
        /// items when the twins are too few to flag any.
        public var chanceFlagged: Int
        /// The same at 99%: flags beyond it (and at least `contaminatedShare`) say contaminated.
        public var chanceFlaggedStrict: Int

        public init(items: Int, twins: Int) {
            let chance = FlagChance(twins: twins)
            chanceFlagged = chance?.quantile(items: items, 0.95) ?? items
            chanceFlaggedStrict = chance?.quantile(items: items, 0.99) ?? items
        }

        enum CodingKeys: String, CodingKey {
            case contaminatedP = "contaminated_p", largeEffect = "large_effect", suspiciousP = "suspicious_p"
            case contaminatedShare = "contaminated_share", falsePositiveRate = "false_positive_rate"
            case chanceFlagged = "chance_flagged", chanceFlaggedStrict = "chance_flagged_99"
        }

        /// Reads summary.json files of audits from before `chance_flagged_99` too (`assay compare`).
        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            contaminatedP = try container.decode(Double.self, forKey: .contaminatedP)
            largeEffect = try container.decode(Double.self, forKey: .largeEffect)
            suspiciousP = try container.decode(Double.self, forKey: .suspiciousP)
            contaminatedShare = try container.decode(Double.self, forKey: .contaminatedShare)
            falsePositiveRate = try container.decode(Double.self, forKey: .falsePositiveRate)
            chanceFlagged = try container.decode(Int.self, forKey: .chanceFlagged)
            chanceFlaggedStrict = try container.decodeIfPresent(Int.self, forKey: .chanceFlaggedStrict) ?? chanceFlagged
        }
    }

    /// The verdict and the evidence that decided it.
    public struct Decision: Sendable, Equatable {
        public var verdict: AuditVerdict
        /// Which rule gave the verdict, with its numbers ("2 of 30 items are in the corpora by
        /// n-gram overlap: any overlap makes it suspicious").
        public var reason: String
    }

    /// The verdict for `likelihood` and `overlap` flagged items of `items` and the test (nil
    /// when no gaps were measured).
    public static func decide(likelihood: Int, overlap: Int = 0, items: Int, twins: Int, test: DifferenceInDifferences?,
                              thresholds: Thresholds) -> AuditVerdict {
        decision(likelihood: likelihood, overlap: overlap, items: items, twins: twins, test: test, thresholds: thresholds).verdict
    }

    /// `decide`, with the rule that fired, in the order the rules are checked.
    public static func decision(likelihood: Int, overlap: Int = 0, items: Int, twins: Int, test: DifferenceInDifferences?,
                                thresholds: Thresholds) -> Decision {
        func share(_ count: Int) -> Double { items > 0 ? Double(count) / Double(items) : 0 }
        func percent(_ value: Double) -> String { ReportDocument.format(value * 100) + "%" }
        let inCorpora = "\(overlap) of \(items) items (\(percent(share(overlap)))) are in the corpora by n-gram overlap"
        let overlapContaminates = share(overlap) >= thresholds.contaminatedShare
        let overlapRule = overlapContaminates
            ? Decision(verdict: .contaminated, reason: inCorpora + " (\(percent(thresholds.contaminatedShare)) or more is contaminated)")
            : Decision(verdict: .suspicious, reason: inCorpora + ": any overlap makes it suspicious, whatever the likelihood says")
        if let shortfall = shortfall(items: items, twins: twins) {
            return overlap > 0 ? overlapRule : Decision(verdict: .insufficient, reason: "the likelihood evidence " + shortfall)
        }
        let measured = test
        let test = test.flatMap { $0.effectSize > 0 ? $0 : nil }
        let gap = test.map { "the originals' gaps exceed the twins' (Mann-Whitney p = \(ReportDocument.format($0.pValue)), Cliff's delta = \(ReportDocument.format($0.effectSize))" }
        if let test, let gap, test.pValue < thresholds.contaminatedP, test.effectSize >= thresholds.largeEffect {
            return Decision(verdict: .contaminated, reason: gap + ": p < \(thresholds.contaminatedP) with a large effect)")
        }
        let likelihoodFlags = "\(likelihood) of \(items) items (\(percent(share(likelihood)))) are flagged by likelihood"
        if share(likelihood) >= thresholds.contaminatedShare && likelihood > thresholds.chanceFlaggedStrict {
            return Decision(verdict: .contaminated, reason: likelihoodFlags + ", at least \(percent(thresholds.contaminatedShare)) "
                            + "and more than the \(thresholds.chanceFlaggedStrict) chance explains at 99%")
        }
        if overlapContaminates { return overlapRule }
        if let test, let gap, test.pValue < thresholds.suspiciousP {
            return Decision(verdict: .suspicious, reason: gap + ": p < \(thresholds.suspiciousP))")
        }
        if likelihood > thresholds.chanceFlagged {
            return Decision(verdict: .suspicious, reason: likelihoodFlags + ", more than the \(thresholds.chanceFlagged) chance explains")
        }
        if overlap > 0 { return overlapRule }
        let gapTest = measured.map { "; the gap test is not significant (p = \(ReportDocument.format($0.pValue)))" } ?? ""
        return Decision(verdict: .clean, reason: likelihoodFlags + ", within the \(thresholds.chanceFlagged) chance explains"
                        + gapTest + "; no item is flagged by overlap")
    }
}
