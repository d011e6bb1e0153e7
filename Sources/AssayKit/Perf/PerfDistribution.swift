import Foundation

/// Summary of one sample (TTFT, latency, ...): count, mean and nearest-rank percentiles.
public struct PerfDistribution: Sendable, Hashable, Codable {
    /// The percentiles reported, as evalscope 1.14 reports them (plus min and max).
    public static let levels: [(name: String, q: Double)] = [
        ("min", 0), ("p1", 1), ("p5", 5), ("p10", 10), ("p25", 25), ("p50", 50),
        ("p75", 75), ("p90", 90), ("p95", 95), ("p99", 99), ("max", 100),
    ]

    public var count: Int
    public var mean: Double?
    /// Percentile name ("min", "p1", ..., "p99", "max") → value; empty without data.
    public var percentiles: [String: Double]

    /// The distribution of `values` (non-finite values are left out).
    public init(_ values: [Double]) {
        let sorted = values.filter(\.isFinite).sorted()
        count = sorted.count
        mean = sorted.isEmpty ? nil : Descriptive.mean(sorted)
        percentiles = [:]
        guard !sorted.isEmpty else { return }
        for level in Self.levels { percentiles[level.name] = Descriptive.nearestRank(sorted: sorted, level.q) }
    }

    /// A percentile by name ("p50").
    public subscript(_ name: String) -> Double? { percentiles[name] }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: DynamicKey.self)
        try container.encode(count, forKey: DynamicKey("count"))
        try container.encode(mean, forKey: DynamicKey("mean"))
        for level in Self.levels {
            try container.encode(percentiles[level.name], forKey: DynamicKey(level.name))
        }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: DynamicKey.self)
        count = try container.decode(Int.self, forKey: DynamicKey("count"))
        mean = try container.decodeIfPresent(Double.self, forKey: DynamicKey("mean"))
        percentiles = [:]
        for level in Self.levels {
            if let value = try container.decodeIfPresent(Double.self, forKey: DynamicKey(level.name)) { percentiles[level.name] = value }
        }
    }
}

/// A coding key made at run time.
struct DynamicKey: CodingKey {
    var stringValue: String
    var intValue: Int? { nil }
    init(_ name: String) { stringValue = name }
    init?(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
