import Foundation

/// The aggregate of a predictions file (`summary.json`): per split (original, twin) every
/// metric overall (size-weighted, i.e. pooled over items, and macro over subsets) and per
/// subset, each with a seeded bootstrap standard error and 95 % interval; with twins, the gap
/// original − twin of the primary metric with its own bootstrap interval.
public struct EvalSummary: Codable, Sendable {
    /// A value with its bootstrap standard error and percentile interval.
    public struct Interval: Codable, Sendable, Equatable {
        public var value: Double
        public var stderr: Double
        public var ciLow: Double
        public var ciHigh: Double

        enum CodingKeys: String, CodingKey { case value, stderr, ciLow = "ci_low", ciHigh = "ci_high" }

        init(_ estimate: Bootstrap.Estimate) {
            value = estimate.value
            stderr = estimate.standardError
            ciLow = estimate.lower
            ciHigh = estimate.upper
        }
    }

    /// A metric over a whole split.
    public struct MetricSummary: Codable, Sendable, Equatable {
        /// Pooled over items (= the subset-size weighted average for means), with its interval.
        public var weighted: Interval
        /// The mean of the subsets' values, each subset counted once.
        public var macro: Double
        /// Items the metric applies to.
        public var count: Int
    }

    public struct SubsetSummary: Codable, Sendable, Equatable {
        public var count: Int
        public var metrics: [String: Interval]
    }

    public struct SplitSummary: Codable, Sendable, Equatable {
        public var count: Int
        /// The metric the run is judged by (`accuracy`, `pass@1`, `rougeL`, `token_perplexity`).
        public var primaryMetric: String
        /// Shortcuts for the primary metric when it is accuracy.
        public var accuracy: Double?
        public var weightedAccuracy: Double?
        public var macroAccuracy: Double?
        public var metrics: [String: MetricSummary]
        public var subsets: [String: SubsetSummary]

        enum CodingKeys: String, CodingKey {
            case count, primaryMetric = "primary_metric", accuracy, weightedAccuracy = "weighted_accuracy"
            case macroAccuracy = "macro_accuracy", metrics, subsets
        }
    }

    /// The metrics a run's end line shows for a split, as the references report them: every
    /// metric of the protocol; else the primary metric, and TruthfulQA's `mc2` beside mc1's
    /// accuracy.
    public static func headlineMetrics(of split: SplitSummary, evalProtocol: EvalProtocol?) -> [String] {
        if let evalProtocol { return evalProtocol.metrics }
        let mc2 = split.primaryMetric != "mc2" && split.metrics["mc2"] != nil
        return [split.primaryMetric] + (mc2 ? ["mc2"] : [])
    }

    /// Original − twin on the primary metric. Paired (resampling items with their twins) when
    /// every twin names an evaluated original in `provenance.original`; otherwise the two
    /// samples are resampled independently.
    public struct Gap: Codable, Sendable, Equatable {
        public var metric: String
        public var original: Double
        public var twin: Double
        public var difference: Interval
        public var paired: Bool
    }

    /// An item recorded but not evaluated, with the reason.
    public struct Skipped: Codable, Sendable, Equatable {
        public var id: String
        public var split: PredictionRecord.Split
        public var reason: String
    }

    public var manifest: EvalManifest
    public var original: SplitSummary?
    public var twin: SplitSummary?
    public var gap: Gap?
    /// Items left out of every figure (too long for the context...); nil when none were.
    public var skipped: [Skipped]?

    public init(records: [PredictionRecord], manifest: EvalManifest, seed: UInt64, resamples: Int = 1000) {
        let bootstrap = Bootstrap(resamples: resamples, seed: seed)
        let evaluated = records.filter { $0.skipped == nil }
        let originals = evaluated.filter { $0.split == .original }
        let twins = evaluated.filter { $0.split == .twin }
        let skipped = records.compactMap { record in record.skipped.map { Skipped(id: record.id, split: record.split, reason: $0) } }
        self.skipped = skipped.isEmpty ? nil : skipped
        self.manifest = manifest
        self.original = Self.split(originals, bootstrap: bootstrap)
        self.twin = Self.split(twins, bootstrap: bootstrap)
        if let original, let twin, original.primaryMetric == twin.primaryMetric {
            gap = Self.gap(originals, twins, metric: EvalMetric(original.primaryMetric), bootstrap: bootstrap)
        }
    }

    static func split(_ records: [PredictionRecord], bootstrap: Bootstrap) -> SplitSummary? {
        guard !records.isEmpty else { return nil }
        let metrics = EvalMetric.all(in: records)
        let bySubset = Dictionary(grouping: records, by: \.subset)
        var summaries: [String: MetricSummary] = [:]
        for metric in metrics {
            let relevant = metric.relevant(records)
            guard let weighted = metric.estimate(relevant, bootstrap: bootstrap) else { continue }
            let subsetValues = bySubset.values.map(metric.relevant).filter { !$0.isEmpty }.map(metric.value)
            summaries[metric.name] = MetricSummary(weighted: Interval(weighted),
                                                   macro: subsetValues.reduce(0, +) / Double(subsetValues.count),
                                                   count: relevant.count)
        }
        let subsets = bySubset.mapValues { items in
            var values: [String: Interval] = [:]
            for metric in metrics {
                if let estimate = metric.estimate(metric.relevant(items), bootstrap: bootstrap) { values[metric.name] = Interval(estimate) }
            }
            return SubsetSummary(count: items.count, metrics: values)
        }
        let primary = EvalMetric.primary(among: metrics.map(\.name))
        let accuracy = primary == "accuracy" ? summaries["accuracy"] : nil
        return SplitSummary(count: records.count, primaryMetric: primary, accuracy: accuracy?.weighted.value,
                            weightedAccuracy: accuracy?.weighted.value, macroAccuracy: accuracy?.macro,
                            metrics: summaries, subsets: subsets)
    }

    static func gap(_ originals: [PredictionRecord], _ twins: [PredictionRecord], metric: EvalMetric,
                    bootstrap: Bootstrap) -> Gap? {
        let x = metric.relevant(originals), y = metric.relevant(twins)
        guard !x.isEmpty, !y.isEmpty else { return nil }
        let position = Dictionary(x.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
        let partners = y.map { $0.original.flatMap { position[$0] } }
        let paired = partners.allSatisfy { $0 != nil }
        let estimate: Bootstrap.Estimate?
        if paired {
            let pairedOriginals = partners.map { x[$0!] }
            estimate = bootstrap.estimate(indices(y.count), indices(y.count)) { i, j in
                metric.value(i.map { pairedOriginals[Int($0)] }) - metric.value(j.map { y[Int($0)] })
            }
        } else {
            estimate = bootstrap.independentEstimate(x.count, y.count) { i, j in
                metric.value(i.map { x[$0] }) - metric.value(j.map { y[$0] })
            }
        }
        guard let estimate else { return nil }
        return Gap(metric: metric.name, original: metric.value(paired ? partners.map { x[$0!] } : x),
                   twin: metric.value(y), difference: Interval(estimate), paired: paired)
    }

    static func indices(_ count: Int) -> [Double] { (0..<count).map(Double.init) }

    /// Writes `summary.json` (pretty, sorted keys) into `folder`.
    public func write(to folder: String) throws {
        try JSONLinesWriter.writeDocument(self, to: (folder as NSString).appendingPathComponent("summary.json"))
    }
}

extension Bootstrap {
    /// Two independent samples of sizes m and n, each resampled with replacement; `statistic`
    /// gets the drawn indices of both.
    func independentEstimate(_ m: Int, _ n: Int, statistic: ([Int], [Int]) -> Double) -> Estimate? {
        guard m > 0, n > 0 else { return nil }
        var generator = SeededGenerator(seed: seed)
        var values: [Double] = []
        for _ in 0..<resamples {
            let i = (0..<m).map { _ in generator.int(in: 0..<m) }
            let j = (0..<n).map { _ in generator.int(in: 0..<n) }
            values.append(statistic(i, j))
        }
        let sorted = values.sorted()
        let tail = (1 - confidence) / 2
        return Estimate(value: statistic(Array(0..<m), Array(0..<n)), standardError: Descriptive.standardDeviation(values),
                        lower: Descriptive.quantile(sorted: sorted, tail), upper: Descriptive.quantile(sorted: sorted, 1 - tail),
                        confidence: confidence)
    }
}

/// A metric of the summary, computed from the per-item values in `PredictionRecord.metrics`:
/// the mean of one value (accuracy, acc_norm, mc2, ROUGE, BLEU, pass@k), or a perplexity,
/// `exp(-Σ loglikelihood / Σ tokens)` (or words), pooled over items as llama.cpp does.
struct EvalMetric: Sendable, Equatable {
    enum Kind: Sendable, Equatable {
        case mean(key: String)
        case perplexity(per: String)
    }

    var name: String
    var kind: Kind

    /// The per-item values that feed perplexities rather than being averaged themselves.
    static let perplexityParts: Set<String> = ["loglikelihood", "tokens", "words", "bytes"]

    /// The order in which a run's primary metric is chosen.
    static let primaryOrder = ["accuracy", "mc2", "exact_match_strict", "exact_match", "pass@1", "rougeL", "token_perplexity"]

    init(_ name: String) {
        self.name = name
        switch name {
        case "token_perplexity": kind = .perplexity(per: "tokens")
        case "word_perplexity": kind = .perplexity(per: "words")
        default: kind = .mean(key: name)
        }
    }

    /// Every metric the records carry values for, sorted by name.
    static func all(in records: [PredictionRecord]) -> [EvalMetric] {
        var names = Set<String>()
        for record in records {
            for key in record.metrics.keys {
                if key == "loglikelihood" {
                    names.formUnion(["token_perplexity", "word_perplexity"])
                } else if !perplexityParts.contains(key) {
                    names.insert(key)
                }
            }
        }
        return names.sorted().map(EvalMetric.init)
    }

    static func primary(among names: [String]) -> String {
        primaryOrder.first(where: names.contains) ?? names.sorted().first ?? "accuracy"
    }

    /// The records the metric applies to.
    func relevant(_ records: [PredictionRecord]) -> [PredictionRecord] {
        switch kind {
        case .mean(let key): return records.filter { $0.metrics[key] != nil }
        case .perplexity(let per): return records.filter { $0.metrics["loglikelihood"] != nil && $0.metrics[per] != nil }
        }
    }

    /// The metric over relevant records (NaN for none).
    func value(_ records: [PredictionRecord]) -> Double {
        switch kind {
        case .mean(let key):
            return records.reduce(0) { $0 + $1.metrics[key]! } / Double(records.count)
        case .perplexity(let per):
            let loglikelihood = records.reduce(0) { $0 + $1.metrics["loglikelihood"]! }
            let count = records.reduce(0) { $0 + $1.metrics[per]! }
            return count == 0 ? .nan : exp(-loglikelihood / count)
        }
    }

    /// The value with a bootstrap over the relevant records; nil for none.
    func estimate(_ records: [PredictionRecord], bootstrap: Bootstrap) -> Bootstrap.Estimate? {
        bootstrap.estimate(EvalSummary.indices(records.count)) { drawn in value(drawn.map { records[Int($0)] }) }
    }
}
