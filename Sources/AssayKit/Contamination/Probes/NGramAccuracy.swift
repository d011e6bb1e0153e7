import Foundation

/// BenBench-style n-gram accuracy (Xu et al. 2024, "Benchmarking Benchmark Leakage"): at
/// `points` evenly spaced positions of a text, does the model greedily predict the next `n`
/// tokens exactly? The score is the share of points predicted exactly.
///
/// It needs no generation. Greedy decoding from the true prefix reproduces the true n tokens
/// exactly when, under teacher forcing, the greedy token equals the true token at each of the
/// n positions: as long as every earlier token matched, the generated context *is* the true
/// context. So one scoring pass, which records each position's greedy token, gives the same
/// answer as n greedy steps per point (the integration tests check it against generation).
public enum NGramAccuracy {
    /// The defaults of the audit: 5 points, 5 tokens each.
    public static let defaultPoints = 5
    public static let defaultLength = 5

    /// The start positions (indices into the scored tokens) of the points for a text of
    /// `count` tokens: evenly spaced over 1...count-n, so each point has some prefix and a full
    /// n-gram after it; fewer points (distinct positions) for short texts, none below n + 1 tokens.
    public static func starts(count: Int, points: Int = defaultPoints, length: Int = defaultLength) -> [Int] {
        let last = count - length
        guard last >= 1, points > 0 else { return [] }
        var result: [Int] = []
        for k in 0..<points {
            // k = 0 -> 1, k = points-1 -> last; integer arithmetic keeps it exact.
            let start = points == 1 ? 1 : 1 + k * (last - 1) / (points - 1)
            if result.last != start { result.append(start) }
        }
        return result
    }

    /// The share of points whose n tokens are all the greedy tokens; nil when the text is too
    /// short for a point, or when the backend does not say which tokens are greedy.
    public static func accuracy(_ scores: [TokenScore], points: Int = defaultPoints, length: Int = defaultLength) -> Double? {
        let starts = starts(count: scores.count, points: points, length: length)
        guard !starts.isEmpty, scores.allSatisfy({ $0.greedyToken != nil }) else { return nil }
        let exact = starts.filter { start in
            scores[start..<start + length].allSatisfy { $0.token == $0.greedyToken }
        }.count
        return Double(exact) / Double(starts.count)
    }
}
