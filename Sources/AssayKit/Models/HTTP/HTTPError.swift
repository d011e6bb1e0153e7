import Foundation

/// Failures of a request to a served model, each naming the endpoint (the full URL, never
/// the API key) and what to do about it. Whether a failure is worth another try is the
/// `RetryPolicy`'s decision, not the error's.
public enum HTTPError: Error, Sendable, Equatable, CustomStringConvertible {
    /// No connection could be made, or it broke before any answer (`reason`: "connection
    /// refused", "host not found", ...).
    case connectionFailed(endpoint: String, reason: String)
    /// The server answered with a status outside 2xx; `message` is the server's own words.
    case status(endpoint: String, code: Int, message: String)
    /// Nothing arrived for `seconds` (`total == false`, the idle timeout), or the whole
    /// request took longer than its deadline of `seconds` (`total == true`).
    case timeout(endpoint: String, seconds: Double, total: Bool)
    /// The server reported an error inside the event stream.
    case streamError(endpoint: String, message: String)
    /// The connection closed before the stream's end (`[DONE]` or the finish frame).
    case streamCut(endpoint: String, reason: String)
    /// The answer is not what the protocol promises (not JSON, a field missing, ...).
    case invalidResponse(endpoint: String, reason: String)

    /// The endpoint the failed request went to.
    public var endpoint: String {
        switch self {
        case .connectionFailed(let endpoint, _), .status(let endpoint, _, _), .timeout(let endpoint, _, _),
             .streamError(let endpoint, _), .streamCut(let endpoint, _), .invalidResponse(let endpoint, _):
            return endpoint
        }
    }

    public var description: String {
        switch self {
        case .connectionFailed(let endpoint, let reason):
            return "no server at \(endpoint): \(reason) (is the server running? check --model-url)"
        case .status(let endpoint, let code, let message):
            let said = message.isEmpty ? "" : ": \(message)"
            return "\(endpoint) answered HTTP \(code)\(said) (\(HTTPError.hint(forStatus: code)))"
        case .timeout(let endpoint, let seconds, let total):
            let limit = HTTPError.formatSeconds(seconds)
            if total {
                return "\(endpoint): no complete answer within the request deadline of \(limit) (raise the deadline, or ask for fewer tokens)"
            }
            return "\(endpoint): the server sent nothing for \(limit) (it may be overloaded or stuck: lower the concurrency or raise the idle timeout)"
        case .streamError(let endpoint, let message):
            return "\(endpoint): the server reported an error in the middle of the stream: \(message)"
        case .streamCut(let endpoint, let reason):
            return "\(endpoint): the stream ended early: \(reason) (the server may have crashed or restarted; its log may say why)"
        case .invalidResponse(let endpoint, let reason):
            return "\(endpoint): not an answer Assay understands: \(reason) (is this an OpenAI-compatible server? check --model-url)"
        }
    }

    /// What a user can do about a status code.
    public static func hint(forStatus code: Int) -> String {
        switch code {
        case 401, 403:
            return "the server refused the credentials: check that --api-key-env names a variable holding a valid key"
        case 404:
            return "no such endpoint or model: check the URL and --model-name"
        case 400, 413, 422:
            return "the server refused the request; a prompt longer than its context is a common cause"
        case 429:
            return "the server is busy (rate limited): lower the concurrency or try again later"
        case 503:
            return "the server is busy or still loading the model: wait until its /health answers 200"
        case 500...599:
            return "the server failed: its log may say why"
        default:
            return "an unexpected status for this API"
        }
    }

    /// The server's message in an error body: `{"error": {"message": ...}}`, `{"error": "..."}`
    /// or `{"message": ...}`, else the body's first 300 characters (whitespace collapsed).
    public static func serverMessage(from body: Data) -> String {
        if let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] {
            if let error = object["error"] {
                if let text = error as? String { return text }
                if let inner = error as? [String: Any] {
                    if let text = inner["message"] as? String { return text }
                    if let data = try? JSONSerialization.data(withJSONObject: inner, options: [.sortedKeys]) {
                        return clipped(String(decoding: data, as: UTF8.self))
                    }
                }
            }
            if let text = object["message"] as? String { return text }
            if let text = object["detail"] as? String { return text }
        }
        return clipped(String(decoding: body.prefix(1200), as: UTF8.self))
    }

    /// At most 300 characters of `text`, runs of whitespace collapsed to one space.
    static func clipped(_ text: String) -> String {
        let words = text.split(whereSeparator: { $0.isWhitespace || $0.isNewline })
        let joined = words.joined(separator: " ")
        return joined.count <= 300 ? joined : String(joined.prefix(300)) + "…"
    }

    /// "120 s", "0.5 s".
    static func formatSeconds(_ seconds: Double) -> String {
        if seconds == seconds.rounded(), abs(seconds) < 1e9 { return "\(Int(seconds)) s" }
        return "\(seconds) s"
    }

    /// A copy whose text fields have every occurrence of `secret` replaced, so that a server
    /// echoing the API key back ("Incorrect API key provided: sk-...") cannot leak it into an
    /// error message or a log. Keys shorter than 8 characters are left alone: they are no
    /// secret worth hiding, and replacing them would garble ordinary words.
    func redacting(_ secret: String?) -> HTTPError {
        guard let secret, secret.count >= 8 else { return self }
        func clean(_ text: String) -> String { text.replacingOccurrences(of: secret, with: "<redacted>") }
        switch self {
        case .connectionFailed(let endpoint, let reason):
            return .connectionFailed(endpoint: clean(endpoint), reason: clean(reason))
        case .status(let endpoint, let code, let message):
            return .status(endpoint: clean(endpoint), code: code, message: clean(message))
        case .timeout(let endpoint, let seconds, let total):
            return .timeout(endpoint: clean(endpoint), seconds: seconds, total: total)
        case .streamError(let endpoint, let message):
            return .streamError(endpoint: clean(endpoint), message: clean(message))
        case .streamCut(let endpoint, let reason):
            return .streamCut(endpoint: clean(endpoint), reason: clean(reason))
        case .invalidResponse(let endpoint, let reason):
            return .invalidResponse(endpoint: clean(endpoint), reason: clean(reason))
        }
    }
}
