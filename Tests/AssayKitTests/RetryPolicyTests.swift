import Testing
@testable import AssayKit

@Suite struct RetryPolicyTests {
    static let endpoint = "http://127.0.0.1:8080/v1/chat/completions"
    static func status(_ code: Int) -> HTTPError { .status(endpoint: endpoint, code: code, message: "m") }

    struct Decision: Sendable, CustomTestStringConvertible {
        var error: HTTPError
        var attempt: Int
        var receivedBytes: Bool
        var retry: Bool
        var testDescription: String { "\(error) try \(attempt)\(receivedBytes ? " after bytes" : "") -> \(retry)" }
    }

    static let refused = HTTPError.connectionFailed(endpoint: endpoint, reason: "connection refused")

    /// Default policy: 5 tries for busy servers and refused connections, 2 for other 5xx.
    static let decisions: [Decision] = [
        Decision(error: status(503), attempt: 1, receivedBytes: false, retry: true),
        Decision(error: status(503), attempt: 4, receivedBytes: false, retry: true),
        Decision(error: status(503), attempt: 5, receivedBytes: false, retry: false),
        Decision(error: status(429), attempt: 2, receivedBytes: false, retry: true),
        Decision(error: refused, attempt: 1, receivedBytes: false, retry: true),
        Decision(error: refused, attempt: 5, receivedBytes: false, retry: false),
        Decision(error: refused, attempt: 1, receivedBytes: true, retry: false),
        Decision(error: status(500), attempt: 1, receivedBytes: false, retry: true),
        Decision(error: status(500), attempt: 2, receivedBytes: false, retry: false),
        Decision(error: status(502), attempt: 1, receivedBytes: false, retry: true),
        Decision(error: status(504), attempt: 1, receivedBytes: false, retry: true),
        Decision(error: status(400), attempt: 1, receivedBytes: false, retry: false),
        Decision(error: status(401), attempt: 1, receivedBytes: false, retry: false),
        Decision(error: status(403), attempt: 1, receivedBytes: false, retry: false),
        Decision(error: status(404), attempt: 1, receivedBytes: false, retry: false),
        Decision(error: status(422), attempt: 1, receivedBytes: false, retry: false),
        Decision(error: status(503), attempt: 1, receivedBytes: true, retry: false),
        Decision(error: .timeout(endpoint: endpoint, seconds: 600, total: true), attempt: 1, receivedBytes: false, retry: false),
        Decision(error: .timeout(endpoint: endpoint, seconds: 120, total: false), attempt: 1, receivedBytes: false, retry: false),
        Decision(error: .timeout(endpoint: endpoint, seconds: 120, total: false), attempt: 1, receivedBytes: true, retry: false),
        Decision(error: .streamCut(endpoint: endpoint, reason: "r"), attempt: 1, receivedBytes: true, retry: false),
        Decision(error: .streamCut(endpoint: endpoint, reason: "r"), attempt: 1, receivedBytes: false, retry: false),
        Decision(error: .streamError(endpoint: endpoint, message: "m"), attempt: 1, receivedBytes: false, retry: false),
        Decision(error: .invalidResponse(endpoint: endpoint, reason: "r"), attempt: 1, receivedBytes: false, retry: false),
    ]

    @Test(arguments: decisions) func defaultPolicy(_ d: Decision) {
        #expect(RetryPolicy().shouldRetry(d.error, attempt: d.attempt, receivedBytes: d.receivedBytes) == d.retry)
    }

    @Test func noneNeverRetries() {
        for error in [Self.status(503), Self.status(500), Self.refused] {
            #expect(!RetryPolicy.none.shouldRetry(error, attempt: 1, receivedBytes: false))
        }
    }

    @Test func fullJitterStaysUnderTheExponentialCap() {
        let policy = RetryPolicy(baseDelay: 0.25, maxDelay: 8)
        var generator = SeededGenerator(seed: 1)
        for retry in 1...12 {
            let cap = min(8, 0.25 * Double(1 << (retry - 1)))
            var largest = 0.0
            for _ in 0..<200 {
                let delay = policy.delay(forRetry: retry, generator: &generator)
                #expect(delay >= 0 && delay <= cap, "retry \(retry): \(delay) > \(cap)")
                largest = max(largest, delay)
            }
            #expect(largest > cap * 0.8, "retry \(retry): jitter should span up to the cap")
        }
    }

    @Test func delaysAreReproducibleFromTheSeed() {
        let policy = RetryPolicy()
        var a = SeededGenerator(seed: 42), b = SeededGenerator(seed: 42), c = SeededGenerator(seed: 43)
        let first = (1...5).map { policy.delay(forRetry: $0, generator: &a) }
        #expect(first == (1...5).map { policy.delay(forRetry: $0, generator: &b) })
        #expect(first != (1...5).map { policy.delay(forRetry: $0, generator: &c) })
    }

    @Test func retryAfterIsHonouredUpToFourTimesMaxDelay() {
        let policy = RetryPolicy(maxDelay: 8)
        var generator = SeededGenerator(seed: 0)
        #expect(policy.delay(forRetry: 1, retryAfter: 3, generator: &generator) == 3)
        #expect(policy.delay(forRetry: 1, retryAfter: 32, generator: &generator) == 32)
        let capped = policy.delay(forRetry: 1, retryAfter: 120, generator: &generator)
        #expect(capped <= 0.25)
    }

    @Test func retryAfterHeaderParsing() {
        #expect(RetryPolicy.retryAfterSeconds("3") == 3)
        #expect(RetryPolicy.retryAfterSeconds(" 1.5 ") == 1.5)
        #expect(RetryPolicy.retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT") == nil)
        #expect(RetryPolicy.retryAfterSeconds("-1") == nil)
        #expect(RetryPolicy.retryAfterSeconds(nil) == nil)
    }
}
