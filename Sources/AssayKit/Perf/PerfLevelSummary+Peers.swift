import Foundation

/// The level's figures under the names other tools print, so a user can set them side by
/// side: evalscope perf ≥ 1.7 (its summary and percentile table; times in ms where it uses ms)
/// and the seed system's original table (LLMuses). Values follow Assay's definitions (stated
/// on `PerfLevelSummary`), which match evalscope 1.14's except where noted in the README.
extension PerfLevelSummary {
    /// evalscope's `benchmark_summary.json` keys.
    public var evalscopeSummary: [(key: String, value: Double?)] {
        func ms(_ x: Double?) -> Double? { x.map { $0 * 1000 } }
        return [
            ("Test Duration (s)", wallTime),
            ("Concurrency", Double(parallel)),
            ("Request Rate (req/s)", rate ?? -1),
            ("Total Requests", Double(completed)),
            ("Success Requests", Double(succeeded)),
            ("Failed Requests", Double(failed)),
            ("Req Throughput (req/s)", requestThroughput),
            ("Output Throughput (tok/s)", outputThroughput),
            ("Total Throughput (tok/s)", totalThroughput),
            ("Avg Latency (s)", latency.mean),
            ("Avg TTFT (ms)", ms(ttft.mean)),
            ("Avg TPOT (ms)", ms(tpot.mean)),
            ("Avg ITL (ms)", ms(itl.mean)),
            ("Avg Input Tokens", inputTokens.mean),
            ("Avg Output Tokens", outputTokens.mean),
        ]
    }

    /// evalscope's `benchmark_percentile.json` rows: one per percentile ("min", "1%", ...,
    /// "max"), TTFT/ITL/TPOT in ms (its "Decode (tok/s)" and "Total (tok/s)" columns are left out).
    public var evalscopePercentileRows: [(label: String, values: [(key: String, value: Double?)])] {
        let labels = ["min", "1%", "5%", "10%", "25%", "50%", "75%", "90%", "95%", "99%", "max"]
        return zip(PerfDistribution.levels, labels).map { level, label in
            func ms(_ x: Double?) -> Double? { x.map { $0 * 1000 } }
            return (label, [
                ("TTFT (ms)", ms(ttft[level.name])), ("ITL (ms)", ms(itl[level.name])), ("TPOT (ms)", ms(tpot[level.name])),
                ("Latency (s)", latency[level.name]), ("Input tokens", inputTokens[level.name]),
                ("Output tokens", outputTokens[level.name]), ("Output (tok/s)", outputTokensPerSecond[level.name]),
            ])
        }
    }

    /// The seed's table (LLMuses perf), in its words and seconds, with its own definitions
    /// where they differ from Assay's: time per output token = wall time / Σ completion
    /// tokens; package latency = Σ (next-to-last event − first) / Σ (events − 2).
    public var seedTable: [(key: String, value: Double?)] {
        [
            ("Time taken for tests (s)", wallTime),
            ("Expected number of requests", Double(expected)),
            ("Number of concurrency", Double(parallel)),
            ("Total requests", Double(completed)),
            ("Succeed requests", Double(succeeded)),
            ("Failed requests", Double(failed)),
            ("Average QPS", requestThroughput),
            ("Average latency (s)", latency.mean),
            ("Average time to first token (s)", ttft.mean),
            ("Throughput (average output tokens per second)", outputThroughput),
            ("Average time per output token (s)", outputThroughput > 0 ? 1 / outputThroughput : nil),
            ("Average package per request", chunksPerRequest),
            ("Average package latency (s)", seedPackageLatency),
            ("Average input tokens per request", inputTokens.mean),
            ("Average output tokens per request", outputTokens.mean),
        ]
    }
}
