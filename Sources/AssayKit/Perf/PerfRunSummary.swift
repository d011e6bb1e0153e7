import Foundation

/// `summary.json` of a perf run: the manifest, the clock the records use, and one block per
/// level with Assay's metrics beside evalscope's and the seed's names for them.
public struct PerfRunSummary: Sendable, Encodable {
    public var manifest: RunManifest<PerfSettings>
    /// `CLOCK_MONOTONIC` nanoseconds at the run's origin (every record time counts from it).
    public var originMonotonicNanoseconds: UInt64
    /// The run was stopped by Ctrl-C: the levels hold what finished.
    public var interrupted: Bool
    public var levels: [PerfLevelSummary]

    public init(manifest: RunManifest<PerfSettings>, originMonotonicNanoseconds: UInt64, interrupted: Bool,
                levels: [PerfLevelSummary]) {
        self.manifest = manifest
        self.originMonotonicNanoseconds = originMonotonicNanoseconds
        self.interrupted = interrupted
        self.levels = levels
    }

    /// The definitions every figure follows, written into the summary.
    public static let definitions: [String: String] = [
        "wall_time_s": "last end - first start over the level's measured requests (failed ones included)",
        "request_throughput": "succeeded requests / wall time",
        "output_throughput": "sum of completion tokens of succeeded requests / wall time",
        "total_throughput": "sum of prompt + completion tokens of succeeded requests / wall time",
        "latency_s": "end ([DONE], or the end of the body) - start (first byte handed to the socket)",
        "ttft_s": "first event carrying text (content, reasoning_content or text) - start; non-streamed: the latency",
        "ttfb_s": "first event of any kind - start (vLLM's TTFT: a role-only first event counts)",
        "tpot_s": "(latency - ttft) / (completion tokens - 1), per request with at least 2 tokens",
        "itl_s": "gaps between consecutive events carrying text, pooled over requests",
        "output_tokens_per_s": "completion tokens / latency, per request",
        "chunks_per_request": "events per succeeded streamed request ([DONE] not counted)",
        "time_per_chunk_s": "sum of (last event - first event) / sum of (events - 1)",
        "goodput": "succeeded requests meeting every SLO / wall time (DistServe); share = those / completed",
        "percentiles": "nearest rank: the value of rank ceil(n p / 100) of the sorted sample",
        "tokens": "completion and prompt tokens from the server's usage; else completion tokens = events carrying text (tokens_counted)",
    ]

    enum CodingKeys: String, CodingKey {
        case manifest, interrupted, levels, definitions
        case originMonotonicNanoseconds = "origin_monotonic_ns"
    }

    private enum LevelKeys: String, CodingKey { case assay, evalscope, evalscopePercentiles = "evalscope_percentiles", seed }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(manifest, forKey: .manifest)
        try container.encode(originMonotonicNanoseconds, forKey: .originMonotonicNanoseconds)
        try container.encode(interrupted, forKey: .interrupted)
        try container.encode(Self.definitions, forKey: .definitions)
        var list = container.nestedUnkeyedContainer(forKey: .levels)
        for level in levels {
            var block = list.nestedContainer(keyedBy: LevelKeys.self)
            try block.encode(level, forKey: .assay)
            try block.encode(PeerTable(level.evalscopeSummary), forKey: .evalscope)
            try block.encode(PeerTable(level.seedTable), forKey: .seed)
            var rows = block.nestedUnkeyedContainer(forKey: .evalscopePercentiles)
            for row in level.evalscopePercentileRows { try rows.encode(PeerTable(row.values, label: row.label)) }
        }
    }
}

/// A table of figures under another tool's names.
struct PeerTable: Encodable {
    var values: [(key: String, value: Double?)]
    var label: String?

    init(_ values: [(key: String, value: Double?)], label: String? = nil) {
        self.values = values
        self.label = label
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        if let label { try container.encode(label, forKey: DynamicKey("Percentiles")) }
        for (key, value) in values { try container.encode(value, forKey: DynamicKey(key)) }
    }
}
