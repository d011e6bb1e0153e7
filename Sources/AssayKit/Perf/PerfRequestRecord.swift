import Foundation

/// One request of a perf run, as appended to `requests.jsonl` when it finishes. Times are
/// seconds on the monotonic clock since the run's origin (`summary.json` gives the origin),
/// to the microsecond.
public struct PerfRequestRecord: Sendable, Hashable, Codable {
    /// Why a request failed.
    public enum FailureKind: String, Sendable, Hashable, Codable {
        /// The connection could not be made (refused, unreachable).
        case connect
        /// The server answered with a non-2xx status.
        case status
        /// The server reported an error inside the stream.
        case serverError = "server_error"
        /// The connection ended before the response did.
        case cut
        /// No byte for the idle timeout.
        case stall
        /// The whole request took longer than the request timeout.
        case timeout
        /// The answer was not HTTP or not the expected JSON.
        case invalid
        /// The run was interrupted while the request was in flight.
        case interrupted
    }

    /// Index of the load level (a concurrency or a rate) in the run.
    public var level: Int
    /// Request number within the level (warm-up requests first).
    public var index: Int
    /// A warm-up request: sent before the level's measurement, never in its metrics.
    public var warmup: Bool
    /// The prompt's id in the prompt set.
    public var promptID: String
    /// When the schedule wanted the request sent (open loop: its Poisson arrival).
    public var scheduled: Double
    /// When its first byte was handed to the socket (or the connection was started).
    public var start: Double
    /// When the first event of the stream arrived (nil without one).
    public var firstChunk: Double?
    /// When the first event with generated text arrived (for a non-streamed request: the end).
    public var firstContent: Double?
    /// When the response was complete (`[DONE]`, or the end of the body), or the failure.
    public var end: Double
    /// The HTTP status (0 when none arrived).
    public var status: Int
    /// The request succeeded: a 2xx answer, complete, without an error event.
    public var succeeded: Bool
    /// What went wrong, for a failed request.
    public var failure: FailureKind?
    /// The failure in words.
    public var error: String?
    /// Prompt tokens: the server's `usage`, when it sent one.
    public var promptTokens: Int?
    /// Completion tokens: the server's `usage`, else the events with text.
    public var completionTokens: Int
    /// Where `completionTokens` comes from: "usage" or "counted" (events with text).
    public var tokenSource: String
    /// Tokens of the prompt text as the prompt set counted them (random prompts), else nil.
    public var promptTextTokens: Int?
    /// `finish_reason` of the last choice event.
    public var finishReason: String?
    /// Arrival time of every event of the stream (except `[DONE]`).
    public var chunkTimes: [Double]
    /// Arrival time of every event that carried text.
    public var contentTimes: [Double]

    enum CodingKeys: String, CodingKey {
        case level, index, warmup, promptID = "prompt_id", scheduled, start, firstChunk = "first_chunk"
        case firstContent = "first_content", end, status, succeeded, failure, error
        case promptTokens = "prompt_tokens", completionTokens = "completion_tokens", tokenSource = "token_source"
        case promptTextTokens = "prompt_text_tokens", finishReason = "finish_reason"
        case chunkTimes = "chunk_times", contentTimes = "content_times"
    }

    /// Seconds from start to the first text event (time to first token).
    public var timeToFirstToken: Double? { firstContent.map { $0 - start } }
    /// Seconds from start to the first event of any kind.
    public var timeToFirstChunk: Double? { firstChunk.map { $0 - start } }
    /// Seconds from start to end.
    public var latency: Double { end - start }
    /// (latency − TTFT) / (completion tokens − 1); nil below two tokens.
    public var timePerOutputToken: Double? {
        guard completionTokens > 1, let ttft = timeToFirstToken else { return nil }
        return (latency - ttft) / Double(completionTokens - 1)
    }
    /// Gaps between consecutive text events.
    public var interTokenLatencies: [Double] {
        guard contentTimes.count > 1 else { return [] }
        return (1..<contentTimes.count).map { contentTimes[$0] - contentTimes[$0 - 1] }
    }

    /// The record as one JSON line (with its newline), written by hand: the load client
    /// writes one per finished request and must stay cheap. `JSONDecoder` reads it back.
    public func jsonLine() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(256 + 24 * (chunkTimes.count + contentTimes.count))
        var first = true
        func key(_ name: CodingKeys) {
            out.append(first ? UInt8(ascii: "{") : UInt8(ascii: ","))
            first = false
            out.append(UInt8(ascii: "\""))
            out.append(contentsOf: name.rawValue.utf8)
            out.append(contentsOf: "\":".utf8)
        }
        func int(_ name: CodingKeys, _ value: Int?) {
            key(name)
            if let value { out.append(contentsOf: String(value).utf8) } else { out.append(contentsOf: "null".utf8) }
        }
        func time(_ name: CodingKeys, _ value: Double?) {
            key(name)
            if let value { Self.appendSeconds(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
        }
        func text(_ name: CodingKeys, _ value: String?) {
            key(name)
            if let value { out.append(contentsOf: JSONValue.string(value).serialized.utf8) } else { out.append(contentsOf: "null".utf8) }
        }
        func times(_ name: CodingKeys, _ values: [Double]) {
            key(name)
            out.append(UInt8(ascii: "["))
            for (i, value) in values.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                Self.appendSeconds(value, to: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        int(.level, level)
        int(.index, index)
        key(.warmup)
        out.append(contentsOf: (warmup ? "true" : "false").utf8)
        text(.promptID, promptID)
        time(.scheduled, scheduled)
        time(.start, start)
        time(.firstChunk, firstChunk)
        time(.firstContent, firstContent)
        time(.end, end)
        int(.status, status)
        key(.succeeded)
        out.append(contentsOf: (succeeded ? "true" : "false").utf8)
        text(.failure, failure?.rawValue)
        text(.error, error)
        int(.promptTokens, promptTokens)
        int(.completionTokens, completionTokens)
        text(.tokenSource, tokenSource)
        int(.promptTextTokens, promptTextTokens)
        text(.finishReason, finishReason)
        times(.chunkTimes, chunkTimes)
        times(.contentTimes, contentTimes)
        out.append(contentsOf: "}\n".utf8)
        return out
    }

    /// Seconds with six decimals, from integer microseconds (no locale, no Foundation).
    static func appendSeconds(_ seconds: Double, to out: inout [UInt8]) {
        guard seconds.isFinite else { out.append(contentsOf: "null".utf8); return }
        let micro = Int64((seconds * 1e6).rounded())
        if micro < 0 { out.append(UInt8(ascii: "-")) }
        let magnitude = micro.magnitude
        out.append(contentsOf: String(magnitude / 1_000_000).utf8)
        out.append(UInt8(ascii: "."))
        let fraction = String(magnitude % 1_000_000)
        out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: 6 - fraction.utf8.count))
        out.append(contentsOf: fraction.utf8)
    }
}
