import Foundation

/// The metrics of one load level, computed from its (non-warm-up) request records. Every
/// formula is stated on its field; times are seconds, token counts per request.
public struct PerfLevelSummary: Sendable, Codable {
    /// The level's index in the run.
    public var level: Int
    /// "closed" (at most `parallel` in flight) or "open" (Poisson arrivals at `rate`).
    public var mode: String
    /// Most requests in flight.
    public var parallel: Int
    /// Open loop: requests per second asked for (-1: all at once).
    public var rate: Double?
    /// Requests the level was to send (the seed's "expected number of requests").
    public var expected: Int
    /// Requests sent.
    public var sent: Int
    /// Requests that ended, succeeded or failed (succeeded + failed).
    public var completed: Int
    public var succeeded: Int
    public var failed: Int
    /// Requests cut short by an interruption (not in `completed`).
    public var interrupted: Int
    /// Failed requests by kind ("connect", "status", "cut", "stall", ...).
    public var failures: [String: Int]
    /// The first failure message of each kind.
    public var failureExamples: [String: String]
    /// Wall time: last end − first start over the level's requests, failed ones included.
    public var wallTime: Double
    /// succeeded / wall time (the seed's QPS).
    public var requestThroughput: Double
    /// Σ completion tokens of succeeded requests / wall time.
    public var outputThroughput: Double
    /// Σ (prompt + completion tokens) of succeeded requests / wall time.
    public var totalThroughput: Double
    /// Latency: end − start ([DONE] or the end of the body).
    public var latency: PerfDistribution
    /// TTFT: first event carrying text − start (evalscope ≥ 1.7; a role-only first event does
    /// not count). Non-streamed requests: the latency.
    public var ttft: PerfDistribution
    /// Time to the first event of any kind − start (vLLM's TTFT).
    public var ttfb: PerfDistribution
    /// TPOT: (latency − TTFT) / (completion tokens − 1), per request with ≥ 2 tokens.
    public var tpot: PerfDistribution
    /// ITL: gaps between consecutive text events, pooled over requests.
    public var itl: PerfDistribution
    /// Prompt tokens per succeeded request (server usage).
    public var inputTokens: PerfDistribution
    /// Completion tokens per succeeded request.
    public var outputTokens: PerfDistribution
    /// completion tokens / latency, per request.
    public var outputTokensPerSecond: PerfDistribution
    /// Events (chunks, "packages") per succeeded request.
    public var chunksPerRequest: Double?
    /// Σ (last event − first event) / Σ (events − 1): the mean gap between events.
    public var timePerChunk: Double?
    /// The seed's "package latency": Σ (next-to-last event − first event) / Σ (events − 2).
    public var seedPackageLatency: Double?
    /// Succeeded requests whose completion tokens came from `usage` / were counted.
    public var tokensFromUsage: Int
    public var tokensCounted: Int
    /// Goodput: requests meeting every objective / wall time, with the objectives and count.
    public var goodput: Goodput?
    /// The server's own token counters over the level, when it exposes `/metrics`.
    public var serverCounters: ServerCounterCheck?

    public struct Goodput: Sendable, Codable, Hashable {
        public var slo: PerfSLO
        public var requests: Int
        public var rate: Double
        public var share: Double
    }

    /// The computation.
    public init(level: Int, mode: String, parallel: Int, rate: Double?, expected: Int, sent: Int,
                records: [PerfRequestRecord], slo: PerfSLO?) {
        let measured = records.filter { !$0.warmup }
        let ended = measured.filter { $0.failure != .interrupted }
        let good = ended.filter(\.succeeded)
        self.level = level
        self.mode = mode
        self.parallel = parallel
        self.rate = rate
        self.expected = expected
        self.sent = sent
        completed = ended.count
        succeeded = good.count
        failed = ended.count - good.count
        interrupted = measured.count - ended.count
        var failures: [String: Int] = [:]
        var examples: [String: String] = [:]
        for record in ended where !record.succeeded {
            let kind = record.failure?.rawValue ?? "unknown"
            failures[kind, default: 0] += 1
            if examples[kind] == nil { examples[kind] = record.error ?? "" }
        }
        self.failures = failures
        failureExamples = examples
        let first = measured.map(\.start).min() ?? 0
        let last = measured.map(\.end).max() ?? 0
        let wall = max(0, last - first)
        wallTime = wall
        let completion = good.reduce(0) { $0 + $1.completionTokens }
        let prompt = good.reduce(0) { $0 + ($1.promptTokens ?? $1.promptTextTokens ?? 0) }
        func per(_ x: Double) -> Double { wall > 0 ? x / wall : 0 }
        requestThroughput = per(Double(good.count))
        outputThroughput = per(Double(completion))
        totalThroughput = per(Double(prompt + completion))
        latency = PerfDistribution(good.map(\.latency))
        ttft = PerfDistribution(good.compactMap(\.timeToFirstToken))
        ttfb = PerfDistribution(good.compactMap(\.timeToFirstChunk))
        tpot = PerfDistribution(good.compactMap(\.timePerOutputToken))
        itl = PerfDistribution(good.flatMap(\.interTokenLatencies))
        inputTokens = PerfDistribution(good.compactMap { ($0.promptTokens ?? $0.promptTextTokens).map(Double.init) })
        outputTokens = PerfDistribution(good.map { Double($0.completionTokens) })
        outputTokensPerSecond = PerfDistribution(good.filter { $0.latency > 0 }.map { Double($0.completionTokens) / $0.latency })
        let streamed = good.filter { !$0.chunkTimes.isEmpty }
        chunksPerRequest = streamed.isEmpty ? nil : Double(streamed.reduce(0) { $0 + $1.chunkTimes.count }) / Double(streamed.count)
        let gaps = streamed.reduce(0) { $0 + $1.chunkTimes.count - 1 }
        let span = streamed.reduce(0.0) { $0 + ($1.chunkTimes.last! - $1.chunkTimes.first!) }
        timePerChunk = gaps > 0 ? span / Double(gaps) : nil
        let seedGaps = streamed.reduce(0) { $0 + max(0, $1.chunkTimes.count - 2) }
        let seedSpan = streamed.reduce(0.0) { $0 + ($1.chunkTimes.count >= 2 ? $1.chunkTimes[$1.chunkTimes.count - 2] - $1.chunkTimes[0] : 0) }
        seedPackageLatency = seedGaps > 0 ? seedSpan / Double(seedGaps) : nil
        tokensFromUsage = good.filter { $0.tokenSource == "usage" }.count
        tokensCounted = good.count - tokensFromUsage
        serverCounters = nil
        goodput = nil
        if let slo {
            let met = good.filter { slo.isMet(by: $0) }.count
            goodput = Goodput(slo: slo, requests: met, rate: per(Double(met)), share: good.isEmpty ? 0 : Double(met) / Double(ended.count))
        }
    }

    enum CodingKeys: String, CodingKey {
        case level, mode, parallel, rate, expected, sent, completed, succeeded, failed, interrupted, failures
        case failureExamples = "failure_examples", wallTime = "wall_time_s", requestThroughput = "request_throughput"
        case outputThroughput = "output_throughput", totalThroughput = "total_throughput"
        case latency = "latency_s", ttft = "ttft_s", ttfb = "ttfb_s", tpot = "tpot_s", itl = "itl_s"
        case inputTokens = "input_tokens", outputTokens = "output_tokens", outputTokensPerSecond = "output_tokens_per_s"
        case chunksPerRequest = "chunks_per_request", timePerChunk = "time_per_chunk_s", seedPackageLatency = "seed_package_latency_s"
        case tokensFromUsage = "tokens_from_usage", tokensCounted = "tokens_counted", goodput
        case serverCounters = "server_counters"
    }
}
