import Foundation

/// A likelihood signal as the audit calibrates it: each read off `LikelihoodSignals` and
/// oriented so that a higher value means "more familiar to the model" (lower perplexity,
/// higher Min-K%, lower ratios, higher probe scores).
public enum AuditSignal: String, Codable, CaseIterable, Sendable {
    case perplexity = "ppl"
    case minK = "min_k"
    case minKPlusPlus = "min_k_pp"
    case zlibRatio = "zlib_ratio"
    case lowercaseRatio = "lowercase_ratio"
    case referenceRatio = "reference_ratio"
    case ngramAccuracy = "ngram_acc"
    case completionRougeL = "completion_rouge_l"
    case optionGuessing = "ts_guessing"

    /// The signal's familiarity score (higher = more familiar), nil when it was not measured.
    public func familiarity(_ signals: LikelihoodSignals) -> Double? {
        switch self {
        case .perplexity: return -log(signals.perplexity)
        case .minK: return signals.minK
        case .minKPlusPlus: return signals.minKPlusPlus
        case .zlibRatio: return -signals.zlibRatio
        case .lowercaseRatio: return signals.lowercaseRatio.map { -$0 }
        case .referenceRatio: return signals.referenceRatio.map { -$0 }
        case .ngramAccuracy: return signals.ngramAccuracy
        case .completionRougeL: return signals.completionRougeL
        case .optionGuessing: return signals.optionGuessing
        }
    }

    /// False for the reference ratio: a reference model that knows a text better than the
    /// audited model makes a familiar text look unfamiliar, so which way points to
    /// contamination depends on the pair of models (the suspicion's weight keeps its sign).
    public var hasKnownDirection: Bool { self != .referenceRatio }

    /// The raw value as written in items.jsonl (not oriented).
    public func raw(_ signals: LikelihoodSignals) -> Double? {
        switch self {
        case .perplexity: return signals.perplexity
        case .minK: return signals.minK
        case .minKPlusPlus: return signals.minKPlusPlus
        case .zlibRatio: return signals.zlibRatio
        case .lowercaseRatio: return signals.lowercaseRatio
        case .referenceRatio: return signals.referenceRatio
        case .ngramAccuracy: return signals.ngramAccuracy
        case .completionRougeL: return signals.completionRougeL
        case .optionGuessing: return signals.optionGuessing
        }
    }

    /// The raw value of a familiarity score (the inverse of `familiarity`).
    public func raw(fromFamiliarity value: Double) -> Double {
        switch self {
        case .perplexity: return exp(-value)
        case .zlibRatio, .lowercaseRatio, .referenceRatio: return -value
        case .minK, .minKPlusPlus, .ngramAccuracy, .completionRougeL, .optionGuessing: return value
        }
    }
}
