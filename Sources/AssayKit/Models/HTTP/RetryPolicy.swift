import Foundation

/// When a failed request is tried again, and how long to wait first.
///
/// Tried again: a busy or loading server (429, 503) and a connection that could not be made,
/// up to `attempts` tries in all; another server failure (500, 502, 504, other 5xx) up to
/// `serverErrorAttempts` tries. Never: a refused request (400, 401, 403, 404, 422, any other
/// 4xx: the same request gets the same answer), a stream that already delivered bytes (the
/// caller has seen part of an answer; repeating it would double-count tokens and timings), a
/// timeout (idle or total: the server is slow, and a second copy of the request would only
/// add to its load), an error the server reported inside a stream, or an answer that is not
/// valid.
///
/// The wait before retry `n` is "full jitter" exponential backoff: uniform in
/// `[0, min(maxDelay, baseDelay * 2^(n-1))]`, drawn from a `SeededGenerator` so a run is
/// reproducible; a server's `Retry-After` (seconds) replaces it when it is at most
/// `4 * maxDelay`.
public struct RetryPolicy: Sendable, Hashable {
    /// Most tries in all (the first one included) for 429, 503 and connection failures.
    public var attempts: Int
    /// Most tries in all for other 5xx statuses.
    public var serverErrorAttempts: Int
    /// The backoff of the first retry, in seconds (before jitter).
    public var baseDelay: Double
    /// The longest backoff, in seconds (before jitter).
    public var maxDelay: Double
    /// The seed of the jitter.
    public var seed: UInt64

    /// A policy; the defaults suit a local llama-server that may still be loading its model.
    public init(attempts: Int = 5, serverErrorAttempts: Int = 2, baseDelay: Double = 0.25,
                maxDelay: Double = 8, seed: UInt64 = 0) {
        self.attempts = attempts
        self.serverErrorAttempts = serverErrorAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.seed = seed
    }

    /// One try, never a retry (for measurements, where a retried request would distort the
    /// timings).
    public static let none = RetryPolicy(attempts: 1, serverErrorAttempts: 1, baseDelay: 0, maxDelay: 0)

    /// The wait in seconds before retry `n` (1 for the first retry). `retryAfter` is the
    /// server's `Retry-After` in seconds, honoured when it is at most `4 * maxDelay`.
    public func delay(forRetry n: Int, retryAfter: Double? = nil, generator: inout SeededGenerator) -> Double {
        if let retryAfter, retryAfter >= 0, retryAfter <= maxDelay * 4 {
            return retryAfter
        }
        let exponent = Double(max(0, min(n - 1, 62)))
        let cap = min(maxDelay, baseDelay * Double.pow2(exponent))
        guard cap > 0 else { return 0 }
        return generator.unitDouble() * cap
    }

    /// Whether to try again after `error` ended try number `attempt` (1 for the first try).
    /// `receivedBytes`: part of a successful (2xx) streamed answer had already arrived.
    public func shouldRetry(_ error: HTTPError, attempt: Int, receivedBytes: Bool) -> Bool {
        guard !receivedBytes else { return false }
        switch error {
        case .connectionFailed:
            return attempt < attempts
        case .status(_, let code, _):
            switch code {
            case 429, 503: return attempt < attempts
            case 500...599: return attempt < serverErrorAttempts
            default: return false
            }
        case .timeout, .streamError, .streamCut, .invalidResponse:
            return false
        }
    }

    /// Parses a `Retry-After` header given in seconds ("3", "1.5"); an HTTP date or anything
    /// else is nil (the backoff applies then).
    public static func retryAfterSeconds(_ header: String?) -> Double? {
        guard let header, let value = Double(header.trimmingCharacters(in: .whitespaces)),
              value.isFinite, value >= 0 else { return nil }
        return value
    }
}

private extension Double {
    /// 2^exponent for a small non-negative integral exponent.
    static func pow2(_ exponent: Double) -> Double {
        Double(sign: .plus, exponent: Int(exponent), significand: 1)
    }
}
