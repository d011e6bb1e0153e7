/// ROUGE-1, ROUGE-2 and ROUGE-L F1 (Lin, 2004), on `MetricTokenizer` tokens.
extension Metrics {
    /// The three ROUGE F1 scores of one candidate against one reference.
    public struct ROUGEScores: Codable, Sendable, Equatable {
        public var rouge1: Double
        public var rouge2: Double
        public var rougeL: Double
    }

    /// ROUGE-1/2/L F1 of a candidate against a reference; 0 when either has no n-gram.
    /// ROUGE-N: clipped n-gram overlap m, precision m/|cand n-grams|, recall m/|ref n-grams|.
    /// ROUGE-L: the longest common subsequence of tokens (not the summary-level ROUGE-Lsum).
    public static func rouge(candidate: String, reference: String) -> ROUGEScores {
        let c = MetricTokenizer.tokens(candidate), r = MetricTokenizer.tokens(reference)
        return ROUGEScores(rouge1: rougeN(c, r, n: 1), rouge2: rougeN(c, r, n: 2),
                           rougeL: f1(overlap: longestCommonSubsequence(c, r), candidate: c.count, reference: r.count))
    }

    /// Per-item ROUGE over pairs, each aggregate the mean of its per-item F1.
    public static func rouge(candidates: [String], references: [String]) -> (rouge1: MetricValue, rouge2: MetricValue, rougeL: MetricValue) {
        precondition(candidates.count == references.count, "one reference per candidate")
        let scores = zip(candidates, references).map { rouge(candidate: $0, reference: $1) }
        return (.mean(scores.map(\.rouge1)), .mean(scores.map(\.rouge2)), .mean(scores.map(\.rougeL)))
    }

    static func rougeN(_ candidate: [String], _ reference: [String], n: Int) -> Double {
        let c = ngramCounts(candidate, n: n), r = ngramCounts(reference, n: n)
        return f1(overlap: clippedOverlap(c, r), candidate: c.values.reduce(0, +), reference: r.values.reduce(0, +))
    }

    static func f1(overlap: Int, candidate: Int, reference: Int) -> Double {
        guard overlap > 0, candidate > 0, reference > 0 else { return 0 }
        let precision = Double(overlap) / Double(candidate), recall = Double(overlap) / Double(reference)
        return 2 * precision * recall / (precision + recall)
    }

    /// The LCS length by dynamic programming over two rows.
    static func longestCommonSubsequence(_ a: [String], _ b: [String]) -> Int {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        var previous = [Int](repeating: 0, count: b.count + 1)
        var current = previous
        for x in a {
            for (j, y) in b.enumerated() {
                current[j + 1] = x == y ? previous[j] + 1 : max(previous[j + 1], current[j])
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
