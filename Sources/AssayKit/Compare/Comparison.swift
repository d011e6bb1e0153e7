import Foundation

/// `comparison.json`: what `assay compare` found across run folders. Every figure is copied from
/// a run's summary (nothing is re-estimated) and every one of them is shown in `report.html`.
public struct Comparison: Codable, Sendable {
    /// A value with its 95% interval when the run had one.
    public struct Estimate: Codable, Sendable, Equatable {
        public var value: Double
        public var ciLow: Double?
        public var ciHigh: Double?

        enum CodingKeys: String, CodingKey { case value, ciLow = "ci_low", ciHigh = "ci_high" }

        public init(_ value: Double, low: Double? = nil, high: Double? = nil) {
            self.value = value
            ciLow = low
            ciHigh = high
        }

        init(_ interval: EvalSummary.Interval) { self.init(interval.value, low: interval.ciLow, high: interval.ciHigh) }

        /// Whether both intervals are known and do not overlap.
        func separated(from other: Estimate) -> Bool {
            guard let low = ciLow, let high = ciHigh, let otherLow = other.ciLow, let otherHigh = other.ciHigh else { return false }
            return high < otherLow || otherHigh < low
        }
    }

    /// One model, identified by its provenance (the file's SHA-256, or the endpoint and model id).
    public struct Model: Codable, Sendable, Equatable {
        /// The short name every table uses.
        public var name: String
        public var provenance: ModelProvenance
    }

    /// One run that went into the comparison.
    public struct Run: Codable, Sendable, Equatable {
        public var folder: String
        public var command: String
        public var model: String
        /// The benchmark's name, for runs of one benchmark.
        public var benchmark: String?
        public var date: String
        /// The settings that decide whether two runs of one cell are comparable.
        public var settings: [String: String]
    }

    /// One leaderboard cell: a model on a benchmark, by the benchmark's headline metric.
    public struct Cell: Codable, Sendable, Equatable {
        public var model: String
        public var benchmark: String
        public var metric: String
        /// Whether a higher value of the metric is better (false for perplexity).
        public var higherIsBetter: Bool
        public var original: Estimate
        /// The score on the fresh twins, when the run had twins.
        public var twin: Estimate?
        /// Original − twin, with its interval.
        public var gap: Estimate?
        /// The audit's verdict for this model and benchmark, when an audit run was given.
        public var audit: String?
        /// The twin score where the audit is not clean, else the original score (nil when the
        /// audit is not clean and there is no twin score).
        public var adjusted: Double?
        /// Where `adjusted` comes from, in words.
        public var adjustedBasis: String
        /// Rank among the models on this column, by the original and by the twin score (ties share a rank).
        public var originalRank: Int
        public var twinRank: Int?
        /// The run shown (the latest), and how many runs of this cell were given.
        public var folder: String
        public var runs: Int

        enum CodingKeys: String, CodingKey {
            case model, benchmark, metric, original, twin, gap, audit, adjusted, folder, runs
            case higherIsBetter = "higher_is_better", adjustedBasis = "adjusted_basis"
            case originalRank = "original_rank", twinRank = "twin_rank"
        }
    }

    /// Two models whose order on the fresh twins is the reverse of their order on the originals.
    public struct Reordering: Codable, Sendable, Equatable {
        public var benchmark: String
        public var metric: String
        /// Ahead on the original items.
        public var aheadOnOriginal: String
        /// Ahead on the twins.
        public var aheadOnTwin: String
        /// The twins' intervals do not overlap: the reversal is more than noise.
        public var significant: Bool

        enum CodingKeys: String, CodingKey {
            case benchmark, metric, significant, aheadOnOriginal = "ahead_on_original", aheadOnTwin = "ahead_on_twin"
        }
    }

    /// A setting that differs between runs that land in one cell (`model` set) or between the
    /// models of one column (`model` nil): shown, never silently mixed.
    public struct Mismatch: Codable, Sendable, Equatable {
        public var benchmark: String
        public var metric: String
        public var model: String?
        public var setting: String
        /// Who had which value: a run folder (within a cell) or a model (across a column).
        public var values: [String: String]
    }

    /// An audit's verdict and evidence.
    public struct Audit: Codable, Sendable, Equatable {
        public var model: String
        public var benchmark: String
        public var folder: String
        public var verdict: String
        public var pValue: Double?
        public var effectSize: Double?
        public var flagged: Int
        public var items: Int

        enum CodingKeys: String, CodingKey {
            case model, benchmark, folder, verdict, flagged, items, pValue = "p_value", effectSize = "effect_size"
        }
    }

    /// A robustness run: accuracy under each perturbation kind, and CircularEval.
    public struct Robustness: Codable, Sendable, Equatable {
        public struct Kind: Codable, Sendable, Equatable {
            public var kind: String
            public var n: Int
            public var accOriginal: Estimate?
            public var accPerturbed: Estimate?
            /// Performance drop rate.
            public var pdr: Estimate?
            public var consistency: Estimate?

            enum CodingKeys: String, CodingKey {
                case kind, n, pdr, consistency, accOriginal = "acc_original", accPerturbed = "acc_perturbed"
            }
        }

        public var model: String
        public var benchmark: String
        public var folder: String
        public var accuracy: Estimate?
        public var kinds: [Kind]
        public var circularAccuracy: Estimate?

        enum CodingKeys: String, CodingKey {
            case model, benchmark, folder, accuracy, kinds, circularAccuracy = "circular_accuracy"
        }
    }

    /// An attack success rate with its Wilson interval.
    public struct Rate: Codable, Sendable, Equatable {
        public var n: Int
        public var asr: Estimate
    }

    /// An adversarial-instruction run: the overall and per-category attack success rates.
    public struct Attack: Codable, Sendable, Equatable {
        public var model: String
        public var folder: String
        public var overall: Rate
        public var categories: [String: Rate]
    }

    /// An arena run's ratings.
    public struct Arena: Codable, Sendable, Equatable {
        public struct Candidate: Codable, Sendable, Equatable {
            public var name: String
            /// The candidate's model, when the arena recorded it.
            public var model: String?
            /// Bradley-Terry rating (pair modes) or mean grade (single mode), with its interval.
            public var rating: Estimate?
            public var elo: Double?
            public var winRate: Double?

            enum CodingKeys: String, CodingKey { case name, model, rating, elo, winRate = "win_rate" }
        }

        public var folder: String
        public var mode: String
        public var judge: String
        public var battles: Int
        public var candidates: [Candidate]
    }

    /// A perf run: one row per load level.
    public struct Perf: Codable, Sendable, Equatable {
        public struct Level: Codable, Sendable, Equatable {
            public var parallel: Int
            public var rate: Double?
            public var succeeded: Int
            public var failed: Int
            public var requestThroughput: Double
            public var outputThroughput: Double
            /// Seconds: TTFT, TPOT and latency at the 50th and 99th percentiles.
            public var ttftP50: Double?
            public var ttftP99: Double?
            public var tpotP50: Double?
            public var tpotP99: Double?
            public var latencyP50: Double?
            public var latencyP99: Double?

            enum CodingKeys: String, CodingKey {
                case parallel, rate, succeeded, failed
                case requestThroughput = "request_throughput", outputThroughput = "output_throughput"
                case ttftP50 = "ttft_p50_s", ttftP99 = "ttft_p99_s", tpotP50 = "tpot_p50_s", tpotP99 = "tpot_p99_s"
                case latencyP50 = "latency_p50_s", latencyP99 = "latency_p99_s"
            }
        }

        public var model: String
        public var folder: String
        public var levels: [Level]
    }

    /// A folder that could not be used, and why.
    public struct Skipped: Codable, Sendable, Equatable {
        public var folder: String
        public var reason: String
    }

    public var models: [Model]
    public var runs: [Run]
    public var leaderboard: [Cell]
    public var reorderings: [Reordering]
    public var mismatches: [Mismatch]
    public var audits: [Audit]
    public var robustness: [Robustness]
    public var attacks: [Attack]
    public var arenas: [Arena]
    public var perf: [Perf]
    public var skipped: [Skipped]
}
