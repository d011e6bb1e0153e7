import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The HTTP transport of the OpenAI-compatible backend: JSON requests, Server-Sent Event
/// streams, retries with seeded backoff, an idle timeout and a total deadline per request.
///
/// Built on URLSession with a delegate (so a stream's chunks arrive as the network delivers
/// them) and sized for the configured concurrency (URLSession otherwise opens at most 6
/// connections per host and silently queues the rest). The API key goes only into the
/// `Authorization` header: no error, description or log carries it, even when a server
/// echoes it back.
///
/// Every failure is an `HTTPError`; cancelling the calling task cancels the request (the
/// server sees the connection close) and throws `CancellationError`.
public final class HTTPClient: Sendable {
    /// How the client behaves.
    public struct Options: Sendable {
        /// Most requests in flight at once (URLSession's connections per host).
        public var concurrency: Int
        /// Seconds without any byte from the server before a request fails.
        public var idleTimeout: Double
        /// Seconds a request (one try) may take in all.
        public var deadline: Double
        /// When failed requests are tried again.
        public var retry: RetryPolicy
        /// Extra headers sent with every request.
        public var headers: [String: String]

        /// Options; the defaults suit a local llama-server.
        public init(concurrency: Int = 8, idleTimeout: Double = 120, deadline: Double = 600,
                    retry: RetryPolicy = RetryPolicy(), headers: [String: String] = [:]) {
            self.concurrency = concurrency
            self.idleTimeout = idleTimeout
            self.deadline = deadline
            self.retry = retry
            self.headers = headers
        }
    }

    /// The options this client was made with.
    public let options: Options
    /// The API key, kept only to send it and to scrub it from server messages.
    let apiKey: String?
    let session: URLSession
    let delegate: StreamingDelegate

    /// A client sending `apiKey` (if any) as `Authorization: Bearer <key>`.
    public init(apiKey: String?, options: Options = Options()) {
        self.options = options
        self.apiKey = apiKey.flatMap { $0.isEmpty ? nil : $0 }
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = max(1, options.concurrency)
        // The idle timeout and the deadline are enforced by each request's own watchdog;
        // URLSession's timer (whole seconds only on Linux) is set beyond both.
        configuration.timeoutIntervalForRequest = HTTPClient.sessionTimeout(options)
        configuration.timeoutIntervalForResource = HTTPClient.sessionTimeout(options)
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        delegate = StreamingDelegate()
        let queue = OperationQueue()
        queue.maxConcurrentOperationCount = 1    // one callback at a time: a task's events stay in order
        queue.name = "assay.http"
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: queue)
    }

    deinit {
        // The session holds its delegate strongly until invalidated.
        session.invalidateAndCancel()
    }

    /// `GET url`; the body of a 2xx answer, else `HTTPError.status` (after retries).
    public func get(_ url: URL) async throws -> HTTPResponse {
        try await send("GET", url, json: nil)
    }

    /// `method url` with a JSON body (sent as is); the 2xx answer, else `HTTPError.status`
    /// (after the retries the policy allows).
    public func send(_ method: String, _ url: URL, json body: Data?) async throws -> HTTPResponse {
        let endpoint = HTTPClient.endpoint(url)
        let request = makeRequest(method, url, body: body, accept: "application/json")
        return try await withRetries(endpoint: endpoint, body: body) { _ in
            try await fetch(request, endpoint: endpoint)
        }
    }

    /// The endpoint as errors name it: the URL without user or password.
    public static func endpoint(_ url: URL) -> String {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: true) else { return url.absoluteString }
        components.user = nil
        components.password = nil
        return components.string ?? url.absoluteString
    }

    // MARK: - Internals shared with streaming

    /// A try that failed, with what the retry policy needs to know about it.
    struct AttemptFailure: Error {
        var error: HTTPError
        /// Part of a successful streamed answer had arrived.
        var receivedBytes: Bool
        /// The server's `Retry-After`, in seconds.
        var retryAfter: Double?
    }

    /// Runs `attempt` (given the try number, from 1) until it succeeds or the policy gives up;
    /// throws the last `HTTPError`, with the API key scrubbed from it.
    func withRetries<T>(endpoint: String, body: Data?, _ attempt: (Int) async throws -> T) async throws -> T {
        let policy = options.retry
        var generator: SeededGenerator?    // made at the first retry: most requests never need it
        var number = 1
        while true {
            do {
                return try await attempt(number)
            } catch let failure as AttemptFailure {
                guard policy.shouldRetry(failure.error, attempt: number, receivedBytes: failure.receivedBytes) else {
                    throw failure.error.redacting(apiKey)
                }
                var jitter = generator ?? SeededGenerator(seed: policy.seed, stream: HTTPClient.fingerprint(endpoint, body))
                let wait = policy.delay(forRetry: number, retryAfter: failure.retryAfter, generator: &jitter)
                generator = jitter
                if wait > 0 { try await Task.sleep(nanoseconds: UInt64(wait * 1e9)) }
                try Task.checkCancellation()
                number += 1
            }
        }
    }

    /// One buffered try: the whole body of a 2xx answer.
    private func fetch(_ request: URLRequest, endpoint: String) async throws -> HTTPResponse {
        let transfer = StreamingTask(session: session, delegate: delegate, request: request,
                                     idle: options.idleTimeout, deadline: options.deadline)
        defer { transfer.cancel() }    // a no-op once the task completed
        return try await withTaskCancellationHandler {
            var status = 0
            var headers: [String: String] = [:]
            var body = Data()
            for await event in transfer.events {
                switch event {
                case .response(let code, let fields):
                    status = code
                    headers = fields
                    if let length = fields["content-length"].flatMap({ Int($0) }), length > 0, length < 1 << 28 {
                        body.reserveCapacity(length)
                    }
                case .data(let chunk, _):
                    body.append(chunk)
                case .completed(nil):
                    guard status != 0 else {
                        throw AttemptFailure(error: .invalidResponse(endpoint: endpoint, reason: "no HTTP status line"), receivedBytes: false)
                    }
                    guard (200..<300).contains(status) else { throw statusFailure(endpoint, status, headers, body) }
                    return HTTPResponse(status: status, headers: headers, body: body)
                case .completed(let failure?):
                    throw AttemptFailure(error: transportError(failure, endpoint: endpoint, midResponse: status != 0),
                                         receivedBytes: false)
                case .deadlineExpired:
                    throw AttemptFailure(error: .timeout(endpoint: endpoint, seconds: options.deadline, total: true), receivedBytes: false)
                case .idleExpired:
                    throw AttemptFailure(error: .timeout(endpoint: endpoint, seconds: options.idleTimeout, total: false), receivedBytes: false)
                }
            }
            throw CancellationError()
        } onCancel: {
            transfer.cancel()
        }
    }
}
