import Dispatch
import Foundation
import Testing
@testable import AssayKit

/// The client against a real socket on 127.0.0.1. Serialized: timings are asserted.
@Suite(.serialized) struct HTTPClientTests {
    typealias Server = ScriptedHTTPServer

    /// Fast retries, so tests that retry stay quick.
    static func options(concurrency: Int = 8, idle: Double = 5, deadline: Double = 10,
                        retry: RetryPolicy = RetryPolicy(baseDelay: 0.01, maxDelay: 0.05)) -> HTTPClient.Options {
        HTTPClient.Options(concurrency: concurrency, idleTimeout: idle, deadline: deadline, retry: retry)
    }

    static func json(_ status: Int, _ body: String, headers: [String: String] = [:]) -> Server.Reply {
        .respond(status: status, headers: headers, body: body)
    }

    static func seconds(since start: UInt64) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }

    /// Runs `body`, expecting it to throw an `HTTPError`, and returns it.
    static func httpError(_ body: () async throws -> Void) async -> HTTPError? {
        do {
            try await body()
            Issue.record("expected an HTTPError, got success")
        } catch let error as HTTPError {
            return error
        } catch {
            Issue.record("expected an HTTPError, got \(error)")
        }
        return nil
    }

    @Test func jsonRequestAndResponse() async throws {
        let server = try Server { _, _ in Self.json(200, #"{"ok":true,"text":"é"}"#) }
        defer { server.stop() }
        let client = HTTPClient(apiKey: nil, options: Self.options())
        let body = Data(#"{"model":"m","prompt":"hi"}"#.utf8)
        let response = try await client.send("POST", server.url("/v1/completions"), json: body)
        #expect(response.status == 200)
        #expect(response.body == Data(#"{"ok":true,"text":"é"}"#.utf8))
        #expect(response.headers["content-type"] == "application/json")
        let seen = try #require(server.requests.first)
        #expect(seen.method == "POST" && seen.path == "/v1/completions")
        #expect(seen.body == body)
        #expect(seen.headers["content-type"] == "application/json")
        #expect(seen.headers["authorization"] == nil)

        let get = try await client.get(server.url("/v1/models"))
        #expect(get.status == 200)
        #expect(server.requests.last?.method == "GET")
    }

    @Test(arguments: [400, 401, 404, 422]) func refusedRequestsAreNotRetried(code: Int) async throws {
        let server = try Server { _, _ in Self.json(code, #"{"error":{"code":\#(code),"message":"refused \#(code)","type":"x"}}"#) }
        defer { server.stop() }
        let client = HTTPClient(apiKey: nil, options: Self.options())
        let url = server.url("/v1/chat/completions")
        let error = await Self.httpError { _ = try await client.send("POST", url, json: Data("{}".utf8)) }
        #expect(error == .status(endpoint: url.absoluteString, code: code, message: "refused \(code)"))
        #expect(server.requests.count == 1)
    }

    @Test func busyServerIsRetriedUntilItAnswers() async throws {
        let server = try Server { _, index in
            switch index {
            case 0: Self.json(503, #"{"error":{"message":"Loading model"}}"#)
            case 1: Self.json(429, #"{"error":"slow down"}"#, headers: ["Retry-After": "0.05"])
            default: Self.json(200, #"{"ok":1}"#)
            }
        }
        defer { server.stop() }
        let client = HTTPClient(apiKey: nil, options: Self.options())
        let response = try await client.get(server.url("/health"))
        #expect(response.body == Data(#"{"ok":1}"#.utf8))
        #expect(server.requests.count == 3)
    }

    @Test func otherServerErrorsAreRetriedOnce() async throws {
        let server = try Server { _, _ in Self.json(500, "internal trouble") }
        defer { server.stop() }
        let client = HTTPClient(apiKey: nil, options: Self.options())
        let error = await Self.httpError { _ = try await client.get(server.url("/v1/models")) }
        #expect(error == .status(endpoint: server.url("/v1/models").absoluteString, code: 500, message: "internal trouble"))
        #expect(server.requests.count == 2)
    }

    @Test func connectionRefusedFailsFastWithAPlainReason() async throws {
        let port = try Server.unusedPort()
        let client = HTTPClient(apiKey: nil, options: Self.options(retry: RetryPolicy(attempts: 3, baseDelay: 0.01, maxDelay: 0.02)))
        let url = URL(string: "http://127.0.0.1:\(port)/v1/models")!
        let start = DispatchTime.now().uptimeNanoseconds
        let error = await Self.httpError { _ = try await client.get(url) }
        // FoundationNetworking takes ~0.7 s to report a refused connection on this machine
        // (curl: instant), so three tries take ~2 s; the bound catches a hang, not a slow loop.
        #expect(Self.seconds(since: start) < 10)
        #expect(error == .connectionFailed(endpoint: "http://127.0.0.1:\(port)/v1/models", reason: "connection refused"))
        #expect(error?.description == "no server at http://127.0.0.1:\(port)/v1/models: connection refused (is the server running? check --model-url)")
    }

    @Test func idleTimeoutOnAStalledServer() async throws {
        // A 10 s stall against a 0.5 s idle timeout: margins a busy machine cannot close.
        let server = try Server { _, _ in .stall(10) }
        defer { server.stop() }
        let client = HTTPClient(apiKey: nil, options: Self.options(idle: 0.5, retry: .none))
        let start = DispatchTime.now().uptimeNanoseconds
        let error = await Self.httpError { _ = try await client.get(server.url("/slow")) }
        let elapsed = Self.seconds(since: start)
        #expect(error == .timeout(endpoint: server.url("/slow").absoluteString, seconds: 0.5, total: false))
        #expect(elapsed >= 0.48 && elapsed < 8, "an idle timeout of 0.5 s fired after \(elapsed) s")
    }

    @Test func totalDeadlineStopsAServerThatKeepsTalking() async throws {
        // The server would talk for 30 s, so a starved machine delaying the deadline cannot let
        // the answer complete first.
        let drip = Array(repeating: [Server.Step.send("{}"), .sleep(0.1)], count: 300).flatMap { $0 }
        let server = try Server { _, _ in .stream(status: 200, headers: ["Content-Type": "application/json"], steps: drip) }
        defer { server.stop() }
        let client = HTTPClient(apiKey: nil, options: Self.options(idle: 1, deadline: 0.5))
        let start = DispatchTime.now().uptimeNanoseconds
        let error = await Self.httpError { _ = try await client.get(server.url("/drip")) }
        let elapsed = Self.seconds(since: start)
        #expect(error == .timeout(endpoint: server.url("/drip").absoluteString, seconds: 0.5, total: true))
        #expect(elapsed >= 0.48 && elapsed < 15, "a deadline of 0.5 s fired after \(elapsed) s")
        #expect(server.requests.count == 1)
    }

    @Test func apiKeyIsSentButNeverInAnError() async throws {
        let key = "sk-assay-test-31415926"
        let server = try Server { _, _ in Self.json(401, #"{"error":{"message":"Incorrect API key provided: \#(key)"}}"#) }
        defer { server.stop() }
        let client = HTTPClient(apiKey: key, options: Self.options())
        let error = await Self.httpError { _ = try await client.get(server.url("/v1/models")) }
        #expect(server.requests.first?.headers["authorization"] == "Bearer \(key)")
        let text = try #require(error).description
        #expect(!text.contains(key))
        #expect(text.contains("Incorrect API key provided: <redacted>"))
        #expect(text.contains("--api-key-env"))
        #expect(!"\(String(describing: error))".contains(key))
    }

    @Test func concurrencyLiftsTheSixConnectionLimit() async throws {
        // Each answer waits 2 s, so all 16 requests are in flight together however slowly the
        // machine sends them; the server's peak count is the measure, not the wall time.
        let server = try Server { _, _ in .delayed(2, Self.json(200, "{}")) }
        defer { server.stop() }
        let client = HTTPClient(apiKey: nil, options: Self.options(concurrency: 16))
        try await withThrowingTaskGroup(of: Int.self) { group in
            for i in 0..<16 {
                group.addTask { try await client.get(server.url("/r/\(i)")).status }
            }
            for try await status in group { #expect(status == 200) }
        }
        #expect(server.requests.count == 16)
        #expect(server.peakConcurrency > 6, "at most 6 at a time means the per-host limit is still in force")
    }

    @Test func cancellingTheTaskCancelsTheRequest() async throws {
        let server = try Server { _, _ in .stall(20) }
        defer { server.stop() }
        let client = HTTPClient(apiKey: nil, options: Self.options())
        let url = server.url("/stall")
        let task = Task { try await client.get(url) }
        // Cancel once the server holds the request (on a busy machine 200 ms may not be enough
        // to connect, and then there is no connection to see closed).
        let arrived = DispatchTime.now().uptimeNanoseconds + 30_000_000_000
        while server.requests.isEmpty && DispatchTime.now().uptimeNanoseconds < arrived {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(!server.requests.isEmpty)
        let cancelledAt = DispatchTime.now().uptimeNanoseconds
        task.cancel()
        let result = await task.result
        #expect(Self.seconds(since: cancelledAt) < 10, "the server would stall for 20 s")
        #expect(throws: CancellationError.self) { try result.get() }
        // The server sees the connection close.
        let deadline = DispatchTime.now().uptimeNanoseconds + 30_000_000_000
        while server.clientsLeft == 0 && DispatchTime.now().uptimeNanoseconds < deadline {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(server.clientsLeft == 1)
    }

    @Test func largeBodyIsSentPromptly() async throws {
        let server = try Server { request, _ in Self.json(200, #"{"bytes":\#(request.body.count)}"#) }
        defer { server.stop() }
        let client = HTTPClient(apiKey: nil, options: Self.options())
        let body = Data(("{\"prompt\":\"" + String(repeating: "x", count: 300_000) + "\"}").utf8)
        let start = DispatchTime.now().uptimeNanoseconds
        let response = try await client.send("POST", server.url("/v1/completions"), json: body)
        #expect(response.body == Data(#"{"bytes":\#(body.count)}"#.utf8))
        #expect(server.requests.first?.headers["expect"] == nil, "curl would wait a second for a 100 Continue")
        #expect(Self.seconds(since: start) < 10)
    }
}
