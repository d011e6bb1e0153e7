import Foundation
import Testing
@testable import AssayKit

/// The texts of `HTTPError`: each names the endpoint, the server's words and what to do.
@Suite struct HTTPClientErrorMessageTests {
    static let endpoint = "http://127.0.0.1:8080/v1/chat/completions"

    @Test func statusHintsPerCode() {
        func text(_ code: Int) -> String { HTTPError.status(endpoint: Self.endpoint, code: code, message: "said").description }
        #expect(text(401).hasPrefix("\(Self.endpoint) answered HTTP 401: said ("))
        #expect(text(401).contains("--api-key-env") && text(403).contains("--api-key-env"))
        #expect(text(404).contains("check the URL and --model-name"))
        #expect(text(400).contains("refused the request"))
        #expect(text(429).contains("busy") && text(503).contains("busy"))
        #expect(text(503).contains("loading"))
        #expect(text(502).contains("the server failed"))
    }

    @Test func timeoutsSayWhichLimit() {
        let idle = HTTPError.timeout(endpoint: Self.endpoint, seconds: 120, total: false).description
        let total = HTTPError.timeout(endpoint: Self.endpoint, seconds: 0.5, total: true).description
        #expect(idle.contains("sent nothing for 120 s"))
        #expect(total.contains("deadline of 0.5 s"))
    }

    @Test func serverMessageFromEachErrorShape() {
        func message(_ body: String) -> String { HTTPError.serverMessage(from: Data(body.utf8)) }
        #expect(message(#"{"error":{"code":400,"message":"too long","type":"exceed_context_size_error"}}"#) == "too long")
        #expect(message(#"{"error":"Model not found"}"#) == "Model not found")
        #expect(message(#"{"detail":"Not Found"}"#) == "Not Found")
        #expect(message("<html>\n  <body>Bad   Gateway</body>\n</html>") == "<html> <body>Bad Gateway</body> </html>")
        let long = message(String(repeating: "x", count: 1000))
        #expect(long.count == 301 && long.hasSuffix("…"))
        #expect(message("") == "")
    }

    @Test func redactionRemovesTheKeyEverywhere() {
        let key = "sk-secret-123"
        let errors: [HTTPError] = [
            .status(endpoint: Self.endpoint, code: 401, message: "bad key \(key)"),
            .streamError(endpoint: Self.endpoint, message: key),
            .connectionFailed(endpoint: "http://127.0.0.1:1/?key=\(key)", reason: "r"),
        ]
        for error in errors {
            #expect(!error.redacting(key).description.contains(key))
        }
        #expect(errors[0].redacting(nil) == errors[0])
        let tokens = HTTPError.status(endpoint: Self.endpoint, code: 400, message: "3031 tokens exceed 512 tokens")
        #expect(tokens.redacting("k") == tokens, "a one-letter key must not garble the message")
    }

    @Test func endpointDropsUserAndPassword() {
        let url = URL(string: "http://user:pw@127.0.0.1:8080/v1/models")!
        #expect(HTTPClient.endpoint(url) == "http://127.0.0.1:8080/v1/models")
    }

    @Test func decodeFailuresNameTheField() {
        struct Reply: Decodable { var choices: [String] }
        let response = HTTPResponse(status: 200, body: Data(#"{"object":"x"}"#.utf8))
        #expect(throws: HTTPError.invalidResponse(endpoint: Self.endpoint, reason: "the field \"choices\" is missing at the top level")) {
            _ = try response.decode(Reply.self, endpoint: Self.endpoint)
        }
        let notJSON = HTTPResponse(status: 200, body: Data("<html>".utf8))
        #expect(throws: HTTPError.self) { _ = try notJSON.decode(Reply.self, endpoint: Self.endpoint) }
    }
}
