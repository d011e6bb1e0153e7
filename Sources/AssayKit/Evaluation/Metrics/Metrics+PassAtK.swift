/// pass@k for code generation (Chen et al., 2021).
extension Metrics {
    /// The unbiased estimate of pass@k from `n` samples of which `correct` passed:
    /// `1 - C(n-c, k) / C(n, k)`, computed as `1 - Π_{i=n-c+1}^{n} (1 - k/i)`, which never
    /// forms the huge binomials. 1 when fewer than k samples failed; requires 1 <= k <= n.
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
}
