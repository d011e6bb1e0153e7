import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Building requests and turning what went wrong into `HTTPError`s.
extension HTTPClient {
    /// A request with the client's headers, the API key and a JSON body.
    func makeRequest(_ method: String, _ url: URL, body: Data?, accept: String) -> URLRequest {
        var request = URLRequest(url: url, cachePolicy: .reloadIgnoringLocalCacheData,
                                 timeoutInterval: HTTPClient.sessionTimeout(options))
        request.httpMethod = method
        for (name, value) in options.headers.sorted(by: { $0.key < $1.key }) {
            request.setValue(value, forHTTPHeaderField: name)
        }
        request.setValue(accept, forHTTPHeaderField: "Accept")
        if let body {
            request.httpBody = body
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        if let key = apiKey {
            request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        }
        return request
    }

    /// A non-2xx answer as a try's failure, with the server's message and `Retry-After`.
    func statusFailure(_ endpoint: String, _ status: Int, _ headers: [String: String], _ body: Data) -> AttemptFailure {
        AttemptFailure(error: .status(endpoint: endpoint, code: status, message: HTTPError.serverMessage(from: body)),
                       receivedBytes: false,
                       retryAfter: RetryPolicy.retryAfterSeconds(headers["retry-after"]))
    }

    /// A URL error (code and text from URLSession) as an `HTTPError`. `midResponse`: the
    /// status line had arrived when the connection failed.
    func transportError(_ failure: (code: Int, text: String), endpoint: String, midResponse: Bool) -> HTTPError {
        let code = URLError.Code(rawValue: failure.code)
        switch code {
        case .timedOut:
            return .timeout(endpoint: endpoint, seconds: options.idleTimeout, total: false)
        case .cannotConnectToHost:
            return .connectionFailed(endpoint: endpoint, reason: "connection refused")
        case .cannotFindHost, .dnsLookupFailed:
            return .connectionFailed(endpoint: endpoint, reason: "host not found")
        case .notConnectedToInternet:
            return .connectionFailed(endpoint: endpoint, reason: "no network")
        case .secureConnectionFailed, .serverCertificateUntrusted, .serverCertificateHasBadDate,
             .serverCertificateHasUnknownRoot, .serverCertificateNotYetValid:
            return .connectionFailed(endpoint: endpoint, reason: "the TLS handshake failed (\(failure.text))")
        case .badURL, .unsupportedURL:
            return .connectionFailed(endpoint: endpoint, reason: "not a URL this client can open (use http:// or https://)")
        case .badServerResponse, .cannotParseResponse:
            return .invalidResponse(endpoint: endpoint, reason: "not a valid HTTP response")
        case .networkConnectionLost:
            let when = midResponse ? "in the middle of the response" : "before any answer"
            return .connectionFailed(endpoint: endpoint, reason: "the connection was lost \(when)")
        default:
            return .connectionFailed(endpoint: endpoint, reason: "\(failure.text) (URL error \(failure.code))")
        }
    }

    /// URLSession's own timeout: whole seconds beyond both of the client's limits, so the
    /// request's watchdog always acts first.
    static func sessionTimeout(_ options: Options) -> Double {
        (max(options.idleTimeout, options.deadline, 1) + 60).rounded(.up)
    }

    /// A 64-bit FNV-1a hash of the endpoint and body: the stream of a request's jitter
    /// generator, so its waits depend on the request, not on which request came first.
    static func fingerprint(_ endpoint: String, _ body: Data?) -> UInt64 {
        var hash = FNV1a()
        hash.mix(endpoint.utf8)
        hash.mix(0)
        if let body { hash.mix(body) }
        return hash.value
    }
}
