import Foundation

/// Calibrates items' likelihood signals against a reference population of fresh twins, items
/// the model cannot have seen.
///
/// - Each signal of an item becomes its percentile rank (0-100) among the twins' values of that
///   signal, oriented so higher = more familiar (`AuditSignal.familiarity`).
/// - The item's **suspicion** is the mean of those percentiles over the calibrated signals
///   measured for it. A signal is calibrated when at least `minimumReference` twins have it
///   (all of them when there are fewer): option guessing exists only for multiple-choice texts,
///   n-gram accuracy only past 5 tokens, and an item with such a signal is ranked among the
///   twins that have it.
/// - The **threshold** is the 95th percentile of the twins' own suspicions (each twin ranked
///   against all twins), so about 5% of unseen items exceed it by construction: a flag's
///   false-positive rate is 5%.
public struct SignalCalibration: Sendable {
    /// The signals used: those measured for at least `minimumReference` twins (or all).
    public let signals: [AuditSignal]
    /// Per signal, the twins' familiarity scores.
    let reference: [AuditSignal: [Double]]
    /// The suspicion above which an item is flagged.
    public let threshold: Double
    /// The share of twins expected above the threshold.
    public static let falsePositiveRate = 0.05
    /// The fewest twins a signal needs to be calibrated.
    public static let minimumReference = 10

    /// Calibrates on the twins' signals; nil when there are no twins.
    public init?(twins: [LikelihoodSignals]) {
        guard !twins.isEmpty else { return nil }
        signals = AuditSignal.allCases.filter { signal in
            twins.count(where: { signal.familiarity($0) != nil }) >= min(Self.minimumReference, twins.count)
        }
        var reference: [AuditSignal: [Double]] = [:]
        for signal in signals { reference[signal] = twins.compactMap { signal.familiarity($0) } }
        self.reference = reference
        let partial = SignalCalibration(signals: signals, reference: reference, threshold: .infinity)
        threshold = Descriptive.quantile(twins.map { partial.suspicion(of: partial.percentiles(of: $0)) },
                                         1 - Self.falsePositiveRate)
    }

    private init(signals: [AuditSignal], reference: [AuditSignal: [Double]], threshold: Double) {
        self.signals = signals
        self.reference = reference
        self.threshold = threshold
    }

    /// The item's percentile rank among the twins, per calibrated signal.
    public func percentiles(of item: LikelihoodSignals) -> [AuditSignal: Double] {
        var result: [AuditSignal: Double] = [:]
        for signal in signals {
            if let value = signal.familiarity(item), let sample = reference[signal] {
                result[signal] = Descriptive.percentileRank(of: value, in: sample)
            }
        }
        return result
    }

    /// The mean of the percentiles (50 = typical of the twins).
    public func suspicion(of percentiles: [AuditSignal: Double]) -> Double {
        // Summed in the fixed signal order: a Dictionary's order changes between processes,
        // and with it the last bits of a floating-point sum.
        let values = AuditSignal.allCases.compactMap { percentiles[$0] }
        return values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count)
    }

    /// True when the suspicion is strictly above the twins' 95th percentile.
    public func isFlagged(suspicion: Double) -> Bool { suspicion > threshold }

    /// The twins' familiarity scores of one signal (for histograms).
    public func referenceValues(_ signal: AuditSignal) -> [Double] { reference[signal] ?? [] }
}
