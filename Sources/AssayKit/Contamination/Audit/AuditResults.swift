import Foundation

/// One line of `items.jsonl`: an item's signals, their percentiles among the twins, its
/// suspicion and the signal that drove it, whether it is flagged and why, and the overlap evidence.
public struct AuditItemResult: Codable, Sendable, Hashable {
    public var id: String
    public var signals: LikelihoodSignals
    /// Percentile rank among the twins per signal name (higher = more familiar).
    public var percentiles: [String: Double]
    /// The signals combined (`SignalCalibration.suspicion`): 0 = a typical twin.
    public var suspicion: Double
    /// The signal adding most to the suspicion (nil when none adds anything).
    public var drivenBy: String?
    public var flagged: Bool
    /// "likelihood" and/or "overlap".
    public var flaggedBy: [String]
    /// familiarity(item) - familiarity(perturbed item), when a perturbation applied.
    public var gap: Double?
    /// Share of the item's n-grams found in the corpora (with `--corpus`).
    public var ngramOverlap: Double?
    public var evidence: [OverlapEvidence]

    enum CodingKeys: String, CodingKey {
        case id, percentiles, suspicion, flagged, gap, evidence
        case flaggedBy = "flagged_by", ngramOverlap = "ngram_overlap", drivenBy = "driven_by"
    }

    public func encode(to encoder: Encoder) throws {
        try signals.encode(to: encoder)   // ppl, min_k, ... at the top level of the line
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(percentiles, forKey: .percentiles)
        try container.encode(suspicion, forKey: .suspicion)
        try container.encodeIfPresent(drivenBy, forKey: .drivenBy)
        try container.encode(flagged, forKey: .flagged)
        try container.encode(flaggedBy, forKey: .flaggedBy)
        try container.encodeIfPresent(gap, forKey: .gap)
        try container.encodeIfPresent(ngramOverlap, forKey: .ngramOverlap)
        try container.encode(evidence, forKey: .evidence)
    }

    public init(from decoder: Decoder) throws {
        signals = try LikelihoodSignals(from: decoder)
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        percentiles = try container.decode([String: Double].self, forKey: .percentiles)
        suspicion = try container.decode(Double.self, forKey: .suspicion)
        drivenBy = try container.decodeIfPresent(String.self, forKey: .drivenBy)
        flagged = try container.decode(Bool.self, forKey: .flagged)
        flaggedBy = try container.decode([String].self, forKey: .flaggedBy)
        gap = try container.decodeIfPresent(Double.self, forKey: .gap)
        ngramOverlap = try container.decodeIfPresent(Double.self, forKey: .ngramOverlap)
        evidence = try container.decode([OverlapEvidence].self, forKey: .evidence)
    }

    public init(id: String, signals: LikelihoodSignals, percentiles: [String: Double], suspicion: Double,
                drivenBy: String? = nil, flaggedBy: [String], gap: Double?, ngramOverlap: Double?,
                evidence: [OverlapEvidence]) {
        self.id = id
        self.signals = signals
        self.percentiles = percentiles
        self.suspicion = suspicion
        self.drivenBy = drivenBy
        self.flagged = !flaggedBy.isEmpty
        self.flaggedBy = flaggedBy
        self.gap = gap
        self.ngramOverlap = ngramOverlap
        self.evidence = evidence
    }
}

/// The contents of `summary.json`.
public struct AuditSummary: Codable, Sendable {
    /// What produced the numbers.
    public typealias Manifest = RunManifest<AuditRunSettings>

    public var verdict: AuditVerdict
    /// The rule that gave the verdict, with its numbers (`AuditVerdict.Decision.reason`).
    public var verdictReason: String? = nil
    /// Why the sample is too small for the likelihood evidence, when it is.
    public var shortfall: String?
    /// The smallest contaminated share the likelihood flags detect at 80% power.
    public var power: [AuditVerdict.Power]? = nil
    public var pValue: Double?
    public var effectSize: Double?
    public var meanGapDifference: Double?
    public var ci: [Double]?
    public var items: Int
    public var twins: Int
    public var itemsWithoutTwin: Int
    public var itemGaps: Int
    public var twinGaps: Int
    public var flagged: Int
    public var flaggedByLikelihood: Int
    public var flaggedByOverlap: Int
    public var flaggedShare: Double
    public var signals: [String]
    /// Each signal's weight in the suspicion (`SignalCalibration.weights`).
    public var signalWeights: [String: Double]? = nil
    public var suspicionThreshold: Double
    public var overlapThreshold: Double?
    public var verdictThresholds: AuditVerdict.Thresholds
    /// With `--evaluate`: accuracy (or the primary metric) of originals vs twins and the gap.
    public var accuracyGap: EvalSummary.Gap?
    public var manifest: Manifest

    enum CodingKeys: String, CodingKey {
        case verdict, shortfall, power, ci, items, twins, flagged, signals, manifest
        case verdictReason = "verdict_reason"
        case pValue = "p_value", effectSize = "effect_size", meanGapDifference = "mean_gap_difference"
        case itemsWithoutTwin = "items_without_twin", itemGaps = "item_gaps", twinGaps = "twin_gaps"
        case flaggedByLikelihood = "flagged_by_likelihood", flaggedByOverlap = "flagged_by_overlap"
        case flaggedShare = "flagged_share", suspicionThreshold = "suspicion_threshold", signalWeights = "signal_weights"
        case overlapThreshold = "overlap_threshold", verdictThresholds = "verdict_thresholds"
        case accuracyGap = "accuracy_gap"
    }
}

/// The settings of an audit that its manifest records.
public struct AuditRunSettings: Codable, Sendable, Equatable {
    public var benchmark: String
    public var twins: String?
    public var corpus: [String]
    /// The capabilities the model lacked, so the signals they feed were skipped.
    public var skippedSignals: [String]
    /// The benchmark file whose items were scored with their text in the model's context
    /// (`AuditRun.positiveControl`), nil for a plain audit.
    public var positiveControl: String?

    enum CodingKeys: String, CodingKey {
        case benchmark, twins, corpus, skippedSignals = "skipped_signals", positiveControl = "positive_control"
    }

    public init(benchmark: String, twins: String?, corpus: [String], skippedSignals: [String] = [],
                positiveControl: String? = nil) {
        self.benchmark = benchmark
        self.twins = twins
        self.corpus = corpus
        self.skippedSignals = skippedSignals
        self.positiveControl = positiveControl
    }
}
