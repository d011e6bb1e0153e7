import Foundation

/// Service-level objectives for goodput: a request is good when it succeeded and meets every
/// objective given (DistServe's definition; vLLM's `--goodput`).
public struct PerfSLO: Sendable, Hashable, Codable {
    /// Most seconds to the first token.
    public var ttft: Double?
    /// Most seconds per output token after the first.
    public var tpot: Double?
    /// Most seconds end to end.
    public var e2e: Double?

    public init(ttft: Double? = nil, tpot: Double? = nil, e2e: Double? = nil) {
        self.ttft = ttft
        self.tpot = tpot
        self.e2e = e2e
    }

    /// Parses `ttft=0.5,tpot=40ms,e2e=10s` (seconds unless a value ends in `ms`).
    public init(parsing text: String) throws(PerfError) {
        for part in text.split(separator: ",") {
            let pair = part.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2 else { throw .badOption(name: "slo", value: text, reason: "expected NAME=VALUE pairs, e.g. ttft=0.5,tpot=40ms,e2e=10") }
            var number = pair[1].lowercased()
            var scale = 1.0
            if number.hasSuffix("ms") { number.removeLast(2); scale = 0.001 } else if number.hasSuffix("s") { number.removeLast() }
            guard let value = Double(number), value > 0, value.isFinite else {
                throw .badOption(name: "slo", value: text, reason: "\(pair[1]) is not a positive duration")
            }
            switch pair[0].lowercased() {
            case "ttft": ttft = value * scale
            case "tpot": tpot = value * scale
            case "e2e", "e2el", "latency": e2e = value * scale
            default: throw .badOption(name: "slo", value: text, reason: "unknown objective \(pair[0]) (ttft, tpot, e2e)")
            }
        }
        if ttft == nil && tpot == nil && e2e == nil { throw .badOption(name: "slo", value: text, reason: "no objective given") }
    }

    /// The request succeeded and meets every objective. A request of one token has no TPOT and
    /// meets a TPOT objective (vLLM counts it as 0).
    public func isMet(by record: PerfRequestRecord) -> Bool {
        guard record.succeeded else { return false }
        if let ttft, (record.timeToFirstToken ?? .infinity) > ttft { return false }
        if let tpot, (record.timePerOutputToken ?? 0) > tpot { return false }
        if let e2e, record.latency > e2e { return false }
        return true
    }
}
