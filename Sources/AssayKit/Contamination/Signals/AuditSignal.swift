import Foundation

/// A likelihood signal as the audit calibrates it: each read off `LikelihoodSignals` and
/// oriented so that a higher value means "more familiar to the model" (lower perplexity,
/// higher Min-K%, lower ratios).
public enum AuditSignal: String, Codable, CaseIterable, Sendable {
    case perplexity = "ppl"
    case minK = "min_k"
    case minKPlusPlus = "min_k_pp"
    case zlibRatio = "zlib_ratio"
    case lowercaseRatio = "lowercase_ratio"
    case referenceRatio = "reference_ratio"

    /// The signal's familiarity score (higher = more familiar), nil when it was not measured.
    public func familiarity(_ signals: LikelihoodSignals) -> Double? {
        switch self {
        case .perplexity: return -log(signals.perplexity)
        case .minK: return signals.minK
        case .minKPlusPlus: return signals.minKPlusPlus
        case .zlibRatio: return -signals.zlibRatio
        case .lowercaseRatio: return signals.lowercaseRatio.map { -$0 }
        case .referenceRatio: return signals.referenceRatio.map { -$0 }
        }
    }

    /// The raw value as written in items.jsonl (not oriented).
    public func raw(_ signals: LikelihoodSignals) -> Double? {
        switch self {
        case .perplexity: return signals.perplexity
        case .minK: return signals.minK
        case .minKPlusPlus: return signals.minKPlusPlus
        case .zlibRatio: return signals.zlibRatio
        case .lowercaseRatio: return signals.lowercaseRatio
        case .referenceRatio: return signals.referenceRatio
        }
    }
}
