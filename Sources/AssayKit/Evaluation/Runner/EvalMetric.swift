import Foundation

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
    static let primaryOrder = ["accuracy", "pass@1", "rougeL", "token_perplexity"]

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
