import Foundation

/// A metric over a set of items: the aggregate value and the per-item values it came from, so
/// a bootstrap standard error can be computed by resampling `perItem`.
public struct MetricValue: Codable, Sendable, Equatable {
    public var value: Double
    public var perItem: [Double]

    public init(value: Double, perItem: [Double]) {
        self.value = value
        self.perItem = perItem
    }

    /// The mean of per-item values (0 for none): the aggregate of every mean-style metric.
    static func mean(_ values: [Double]) -> MetricValue {
        MetricValue(value: values.isEmpty ? 0 : values.reduce(0, +) / Double(values.count), perItem: values)
    }
}

/// Accuracy over subsets (MMLU subjects, C-Eval disciplines...).
public struct SubsetAccuracy: Codable, Sendable, Equatable {
    public struct Subset: Codable, Sendable, Equatable {
        public var name: String
        public var correct: Int
        public var count: Int
        public var accuracy: Double { count == 0 ? 0 : Double(correct) / Double(count) }
    }

    /// Every subset, sorted by name.
    public var subsets: [Subset]
    /// Subset accuracies weighted by subset size: the same as accuracy over all items.
    public var weighted: Double
    /// The unweighted mean of subset accuracies: each subset counts once.
    public var macro: Double
}

/// The rule-based evaluation metrics. Each returns per-item values next to the aggregate.
public enum Metrics {
    /// The fraction of correct items; per item 1 or 0.
    public static func accuracy(_ correct: [Bool]) -> MetricValue {
        .mean(correct.map { $0 ? 1 : 0 })
    }

    /// Accuracy per subset, their size-weighted average (= micro accuracy) and macro average.
    public static func subsetAccuracy(_ results: [(subset: String, correct: Bool)]) -> SubsetAccuracy {
        var table: [String: (correct: Int, count: Int)] = [:]
        for result in results {
            table[result.subset, default: (0, 0)].count += 1
            if result.correct { table[result.subset, default: (0, 0)].correct += 1 }
        }
        let subsets = table.keys.sorted().map { SubsetAccuracy.Subset(name: $0, correct: table[$0]!.correct, count: table[$0]!.count) }
        let total = subsets.reduce(0) { $0 + $1.count }
        let weighted = total == 0 ? 0 : subsets.reduce(0.0) { $0 + $1.accuracy * Double($1.count) } / Double(total)
        let macro = subsets.isEmpty ? 0 : subsets.reduce(0.0) { $0 + $1.accuracy } / Double(subsets.count)
        return SubsetAccuracy(subsets: subsets, weighted: weighted, macro: macro)
    }

    /// Perplexity from per-item sums of token log-likelihoods (natural log) and token counts:
    /// the aggregate is `exp(-Σ logL / Σ tokens)` (token-weighted, as llama.cpp's perplexity
    /// tool), per item `exp(-logL_i / n_i)`. Items with no tokens are skipped.
    public static func perplexity(logLikelihoods: [Double], tokenCounts: [Int]) -> MetricValue {
        precondition(logLikelihoods.count == tokenCounts.count, "one token count per log-likelihood")
        var sum = 0.0, tokens = 0
        var perItem: [Double] = []
        for (ll, n) in zip(logLikelihoods, tokenCounts) where n > 0 {
            sum += ll
            tokens += n
            perItem.append(exp(-ll / Double(n)))
        }
        return MetricValue(value: tokens == 0 ? .nan : exp(-sum / Double(tokens)), perItem: perItem)
    }

    /// pass@k for code generation (Chen et al., 2021): the unbiased estimate from `n` samples
    /// of which `correct` passed, `1 - C(n-c, k) / C(n, k)`, computed as the product
    /// `1 - Π_{i=n-c+1}^{n} (1 - k/i)`, which never forms the huge binomials. 1 when fewer than
    /// k samples failed; requires 1 <= k <= n (a caller's error otherwise).
    public static func passAtK(n: Int, correct: Int, k: Int) -> Double {
        precondition(k >= 1 && k <= n && correct >= 0 && correct <= n, "pass@k needs 1 <= k <= n and 0 <= c <= n")
        if n - correct < k { return 1 }
        if correct == 0 { return 0 }
        var failAll = 1.0
        for i in (n - correct + 1)...n {
            failAll *= 1 - Double(k) / Double(i)
        }
        return 1 - failAll
    }

    /// pass@k over problems, each with its sample count and passing count; the value is the
    /// mean of the per-problem estimates.
    public static func passAtK(_ problems: [(n: Int, correct: Int)], k: Int) -> MetricValue {
        .mean(problems.map { passAtK(n: $0.n, correct: $0.correct, k: k) })
    }

    /// The n-grams of a token list with their counts.
    static func ngramCounts(_ tokens: [String], n: Int) -> [[String]: Int] {
        var counts: [[String]: Int] = [:]
        guard n > 0, tokens.count >= n else { return counts }
        for start in 0...(tokens.count - n) {
            counts[Array(tokens[start..<start + n]), default: 0] += 1
        }
        return counts
    }

    /// The number of n-grams two count tables share, each clipped at its count in `reference`.
    static func clippedOverlap(_ candidate: [[String]: Int], _ reference: [[String]: Int]) -> Int {
        candidate.reduce(0) { $0 + min($1.value, reference[$1.key] ?? 0) }
    }
}
