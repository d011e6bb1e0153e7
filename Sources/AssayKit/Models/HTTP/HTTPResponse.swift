import Foundation

/// A complete answer of a server: status, headers (names lowercased) and body.
public struct HTTPResponse: Sendable, Hashable {
    /// The HTTP status code.
    public var status: Int
    /// The response headers, names lowercased ("content-type").
    public var headers: [String: String]
    /// The body, as received.
    public var body: Data

    /// A response with these parts.
    public init(status: Int, headers: [String: String] = [:], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The body decoded as JSON into `type`; a body that does not decode is an
    /// `HTTPError.invalidResponse` naming `endpoint` and the field that failed.
    public func decode<T: Decodable>(_ type: T.Type, endpoint: String) throws(HTTPError) -> T {
        do {
            return try JSONDecoder().decode(type, from: body)
        } catch let error as DecodingError {
            throw .invalidResponse(endpoint: endpoint, reason: HTTPResponse.explain(error, body: body))
        } catch {
            throw .invalidResponse(endpoint: endpoint, reason: "\(error)")
        }
    }

    /// A readable account of a decoding failure: what was wrong and where.
    static func explain(_ error: DecodingError, body: Data) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let text = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop(while: { $0 == "." }))
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "the field \"\(key.stringValue)\" is missing at \(path(context.codingPath))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "unexpected value at \(path(context.codingPath)): \(context.debugDescription)"
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "the body is not JSON: \(HTTPError.clipped(String(decoding: body.prefix(600), as: UTF8.self)))"
            }
            return "bad value at \(path(context.codingPath)): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}

/// How one streamed request went, in `DispatchTime` uptime nanoseconds (the clock of
/// `receivedAt` in `HTTPClient.stream`): enough for time to first byte and total latency.
public struct StreamStats: Sendable, Hashable {
    /// When the try that succeeded was sent (retries and their waits come before it).
    public var startedAt: UInt64
    /// When the first body chunk arrived; nil if none did.
    public var firstByteAt: UInt64?
    /// When reading stopped: the caller returned false, or the stream ended.
    public var endedAt: UInt64
    /// Body bytes received.
    public var bytes: Int
    /// Events delivered to the caller.
    public var events: Int
    /// Tries made (1 when the first one succeeded).
    public var attempts: Int

    /// Statistics with these values.
    public init(startedAt: UInt64, firstByteAt: UInt64?, endedAt: UInt64, bytes: Int, events: Int = 0, attempts: Int = 1) {
        self.startedAt = startedAt
        self.firstByteAt = firstByteAt
        self.endedAt = endedAt
        self.bytes = bytes
        self.events = events
        self.attempts = attempts
    }

    /// Seconds from sending the request to its first body byte (nil without one).
    public var timeToFirstByte: Double? {
        firstByteAt.map { Double($0 &- startedAt) / 1e9 }
    }

    /// Seconds from sending the request to the end of reading.
    public var duration: Double {
        Double(endedAt &- startedAt) / 1e9
    }
}
