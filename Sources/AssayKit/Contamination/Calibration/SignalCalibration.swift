import Foundation

/// Calibrates items' likelihood signals against a reference population of fresh twins, items
/// the model cannot have seen.
///
/// - Each signal of an item becomes its percentile rank (0-100) among the twins' values of that
///   signal, oriented so higher = more familiar (`AuditSignal.familiarity`). A signal is
///   calibrated when at least `minimumReference` twins have it (all of them when there are
///   fewer): option guessing exists only for multiple-choice texts, n-gram accuracy only past
///   5 tokens.
/// - The item's **suspicion** combines the calibrated signals with weights learned from how the
///   items as a whole sit apart from the twins (`SignalContrast`, cross-fitted): in standard
///   deviations of the twins' own suspicions, 0 being a typical twin. A signal the items do not
///   move on weighs little, so weak signals do not dilute a strong one. Each item also names the
///   signal that contributed most to its suspicion (`drivingSignal`).
/// - The **threshold** is the twins' own suspicion (each twin scored like an item, by weights
///   fitted without it) that an unseen item exceeds with probability about 5%
///   (`conformalThreshold`; at most 5% for a single fit, about 5% as the folds' scores are
///   pooled): a flag's false-positive rate is about 5%.
public struct SignalCalibration: Sendable {
    /// A text's key (`AuditPopulation.key`) and its signals.
    public typealias Text = (key: String, signals: LikelihoodSignals)

    /// The signals used: those measured for at least `minimumReference` twins (or all).
    public let signals: [AuditSignal]
    /// Per signal, the twins' familiarity scores.
    let reference: [AuditSignal: [Double]]
    let contrast: SignalContrast
    /// The suspicion above which an item is flagged.
    public let threshold: Double
    /// The twins whose suspicions set the threshold (those scored).
    public let twinCount: Int
    /// The share of twins expected above the threshold.
    public static let falsePositiveRate = 0.05
    /// The fewest twins a signal needs to be calibrated.
    public static let minimumReference = 10

    /// Calibrates on the twins' signals and weighs the signals by the items' (keys are those of
    /// `suspicion(of:)`); nil when there are no twins.
    public init?(twins: [Text], items: [Text]) {
        guard !twins.isEmpty else { return nil }
        let signals = AuditSignal.allCases.filter { signal in
            twins.count(where: { signal.familiarity($0.signals) != nil }) >= min(Self.minimumReference, twins.count)
        }
        self.signals = signals
        var reference: [AuditSignal: [Double]] = [:]
        for signal in signals { reference[signal] = twins.compactMap { signal.familiarity($0.signals) } }
        self.reference = reference
        let values = { (text: Text) -> SignalContrast.Text in SignalCalibration.values(text, signals) }
        let contrast = SignalContrast(items: items.map(values), twins: twins.map(values),
                                      signed: signals.map { !$0.hasKnownDirection })
        self.contrast = contrast
        let twinScores = twins.map { twin in contrast.model(for: twin.key).score(values(twin).values) }
        threshold = Self.conformalThreshold(twinScores, rate: Self.falsePositiveRate)
        twinCount = twinScores.count
    }

    /// The twins' score that an exchangeable newcomer exceeds with probability at most `rate`:
    /// the ⌈(1 − rate)(n + 1)⌉-th smallest of n (split-conformal), +∞ when n is too small for
    /// any (fewer than 19 twins at 5%). A plain 95th percentile of 40 twins would be exceeded
    /// about 7% of the time.
    static func conformalThreshold(_ scores: [Double], rate: Double) -> Double {
        let rank = conformalRank(count: scores.count, rate: rate)
        guard rank <= scores.count else { return .infinity }
        return scores.sorted()[rank - 1]
    }

    /// ⌈(1 − rate)(count + 1)⌉, the rank of the conformal threshold among `count` scores.
    static func conformalRank(count: Int, rate: Double) -> Int {
        Int(((1 - rate) * Double(count + 1) - 1e-9).rounded(.up))   // 0.95 * 20 is 19, not 19.000…1
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

    /// The text's familiarity per signal, a value that is not finite counting as not measured.
    static func values(_ text: Text, _ signals: [AuditSignal]) -> SignalContrast.Text {
        (text.key, signals.map { $0.familiarity(text.signals).flatMap { $0.isFinite ? $0 : nil } })
    }

    /// The text's combined familiarity (0 = a typical twin, in the twins' standard deviations).
    public func suspicion(of text: Text) -> Double {
        contrast.model(for: text.key).score(Self.values(text, signals).values)
    }

    /// The signal that adds most to the text's suspicion, nil when none adds anything.
    public func drivingSignal(of text: Text) -> AuditSignal? {
        let parts = contrast.model(for: text.key).contributions(Self.values(text, signals).values)
        guard let best = parts.indices.max(by: { parts[$0] < parts[$1] }), parts[best] > 0 else { return nil }
        return signals[best]
    }

    /// Each signal's weight in the suspicion (standardized units, mean over the folds).
    public var weights: [AuditSignal: Double] {
        Dictionary(uniqueKeysWithValues: zip(signals, contrast.meanWeights))
    }

    /// True when the suspicion is strictly above the threshold.
    public func isFlagged(suspicion: Double) -> Bool { suspicion > threshold }

    /// The twins' familiarity scores of one signal (for histograms).
    public func referenceValues(_ signal: AuditSignal) -> [Double] { reference[signal] ?? [] }
}
