import Dispatch
import Foundation
import Synchronization
import Testing
@testable import AssayKit

/// Server-Sent Event streams against a real socket on 127.0.0.1. Serialized: timings are
/// asserted.
@Suite(.serialized) struct HTTPClientStreamTests {
    typealias Server = ScriptedHTTPServer

    /// What the caller saw: each event with its arrival time and the time it was handed over.
    final class Seen: Sendable {
        struct Entry: Sendable { var event: SSEEvent; var receivedAt: UInt64; var handedAt: UInt64 }
        let entries = Mutex<[Entry]>([])
        var all: [Entry] { entries.withLock { $0 } }
        var data: [String] { all.map(\.event.data) }

        /// Records the event; false (stop) on [DONE].
        func record(_ event: SSEEvent, _ receivedAt: UInt64) -> Bool {
            entries.withLock { $0.append(Entry(event: event, receivedAt: receivedAt, handedAt: DispatchTime.now().uptimeNanoseconds)) }
            return event.data != "[DONE]"
        }
    }

    static let body = Data(#"{"model":"m","stream":true}"#.utf8)
    static func frame(_ n: Int) -> String { "data: {\"choices\":[{\"delta\":{\"content\":\"t\(n)\"}}]}\n\n" }
    static func client(retry: RetryPolicy = RetryPolicy(baseDelay: 0.01, maxDelay: 0.05), deadline: Double = 10) -> HTTPClient {
        HTTPClient(apiKey: "sk-stream-key", options: HTTPClient.Options(idleTimeout: 5, deadline: deadline, retry: retry))
    }

    /// The server sends the rest of the stream only once the caller has handled the first
    /// event (or after 60 s): a client that buffered the stream would hand the first event over
    /// only after the last one arrived. Lockstep rather than timing alone, so a busy machine
    /// cannot make this pass or fail by accident.
    @Test func eventsAreDeliveredAsTheirChunksArrive() async throws {
        let seen = Seen()
        let steps: [Server.Step] = [.send(Self.frame(1)), .waitUntil(timeout: 60) { !seen.all.isEmpty }, .sleep(0.2),
                                    .send(Self.frame(2)), .sleep(0.05), .send(Self.frame(3) + "data: [DONE]\n\n")]
        let server = try Server { _, _ in .stream(status: 200, headers: [:], steps: steps) }
        defer { server.stop() }
        // Limits above the lockstep's one-minute wait, so a starved machine cannot time it out.
        let client = HTTPClient(apiKey: "sk-stream-key", options: HTTPClient.Options(idleTimeout: 90, deadline: 120))
        let stats = try await client.stream(server.url("/v1/chat/completions"), json: Self.body) { seen.record($0, $1) }
        let entries = seen.all
        #expect(seen.data.count == 4)
        #expect(seen.data.last == "[DONE]")
        #expect(entries.first?.event.data.contains("t1") == true)
        let first = entries.first!, last = entries.last!
        // The server sends the rest after 60 s at the latest. When it had to wait that long on a
        // saturated machine (other suites block Swift's cooperative threads with synchronous
        // llama.cpp calls), the callback's lateness says nothing about the client: known issue.
        let waitedOut = last.receivedAt - first.receivedAt >= 59_000_000_000
        withKnownIssue("the cooperative pool was starved for a minute", isIntermittent: true) {
            #expect(first.handedAt + 200_000_000 <= last.receivedAt, "the first event was handed over only when the last arrived")
        } when: { waitedOut }
        let spread = Double(last.receivedAt - first.receivedAt) / 1e9
        #expect(spread >= 0.2, "first and last event arrived \(spread) s apart; the server paused 0.2 s between them")
        #expect(entries.map(\.receivedAt) == entries.map(\.receivedAt).sorted())
        #expect(stats.events == 4 && stats.attempts == 1)
        #expect(stats.bytes == steps.reduce(0) { if case .send(let s) = $1 { $0 + s.utf8.count } else { $0 } })
        #expect(stats.firstByteAt.map { $0 <= first.receivedAt } == true)
        #expect(stats.startedAt <= stats.firstByteAt! && stats.endedAt >= last.receivedAt)
        #expect(server.requests.first?.headers["accept"] == "text/event-stream")
        #expect(server.requests.first?.body == Self.body)
    }

    /// After [DONE] the client waits briefly for the body's end (so the connection can be
    /// reused), but not for a server that never ends it: here the server holds the stream open
    /// for 300 s, past the client's 60 s deadline, so a client that waited for the end would
    /// throw a timeout. (A generous deadline: other suites can starve the cooperative threads.)
    @Test func waitAfterDoneIsBounded() async throws {
        let server = try Server { _, _ in .stream(status: 200, headers: [:], steps: [.send("data: [DONE]\n\n"), .sleep(300)]) }
        defer { server.stop() }
        let seen = Seen()
        let stats = try await Self.client(deadline: 60).stream(server.url("/v1/chat/completions"), json: Self.body) { seen.record($0, $1) }
        #expect(seen.data == ["[DONE]"])
        #expect(stats.duration < 60, "the wait after [DONE] should end after 0.25 s, not at the deadline")
    }

    @Test func framesSplitAcrossChunksAnywhere() async throws {
        let text = Self.frame(1) + "data: h\u{e9}llo \u{1F389}\n\n" + "data: [DONE]\n\n"
        let bytes = Array(text.utf8)
        let steps = stride(from: 0, to: bytes.count, by: 5).map { Server.Step.sendBytes(Array(bytes[$0..<min($0 + 5, bytes.count)])) }
        let server = try Server { _, _ in .stream(status: 200, headers: [:], steps: steps) }
        defer { server.stop() }
        let seen = Seen()
        _ = try await Self.client().stream(server.url("/v1/chat/completions"), json: Self.body) { seen.record($0, $1) }
        #expect(seen.data == [#"{"choices":[{"delta":{"content":"t1"}}]}"#, "héllo 🎉", "[DONE]"])
    }

    @Test func streamCutMidWayIsReportedAndNotRetried() async throws {
        let server = try Server { _, _ in .stream(status: 200, headers: [:], steps: [.send(Self.frame(1)), .sleep(0.05), .cut]) }
        defer { server.stop() }
        let seen = Seen()
        let url = server.url("/v1/chat/completions")
        let error = await HTTPClientTests.httpError {
            _ = try await Self.client().stream(url, json: Self.body) { seen.record($0, $1) }
        }
        guard case .streamCut(let endpoint, _)? = error else {
            Issue.record("expected streamCut, got \(String(describing: error))")
            return
        }
        #expect(endpoint == url.absoluteString)
        #expect(seen.data.count == 1)
        #expect(server.requests.count == 1)
    }

    @Test func streamEndingWithoutDoneIsCut() async throws {
        let server = try Server { _, _ in .stream(status: 200, headers: [:], steps: [.send(Self.frame(1))]) }
        defer { server.stop() }
        let error = await HTTPClientTests.httpError {
            _ = try await Self.client().stream(server.url("/v1/completions"), json: Self.body) { _, _ in true }
        }
        guard case .streamCut? = error else {
            Issue.record("expected streamCut, got \(String(describing: error))")
            return
        }
        #expect(server.requests.count == 1)
    }

    @Test func errorObjectInTheStreamIsAStreamError() async throws {
        let failure = #"data: {"error":{"code":500,"message":"slot crashed","type":"server_error"}}"# + "\n\n"
        let server = try Server { _, _ in .stream(status: 200, headers: [:], steps: [.send(Self.frame(1)), .send(failure)]) }
        defer { server.stop() }
        let seen = Seen()
        let url = server.url("/v1/chat/completions")
        let error = await HTTPClientTests.httpError {
            _ = try await Self.client().stream(url, json: Self.body) { seen.record($0, $1) }
        }
        #expect(error == .streamError(endpoint: url.absoluteString, message: "slot crashed"))
        #expect(seen.data.count == 1)
        #expect(server.requests.count == 1)
    }

    @Test func errorStatusOnAStreamRequestCarriesTheServerMessage() async throws {
        let message = "the request exceeds the available context size, try increasing it"
        let server = try Server { _, _ in
            .respond(status: 400, headers: [:], body: #"{"error":{"code":400,"message":"\#(message)","type":"exceed_context_size_error"}}"#)
        }
        defer { server.stop() }
        let url = server.url("/v1/chat/completions")
        let error = await HTTPClientTests.httpError {
            _ = try await Self.client().stream(url, json: Self.body) { _, _ in true }
        }
        #expect(error == .status(endpoint: url.absoluteString, code: 400, message: message))
        #expect(server.requests.count == 1)
    }

    @Test func busyBeforeTheFirstByteIsRetried() async throws {
        let server = try Server { _, index in
            index == 0 ? .respond(status: 503, headers: [:], body: #"{"error":{"message":"Loading model"}}"#)
                       : .stream(status: 200, headers: [:], steps: [.send(Self.frame(1) + "data: [DONE]\n\n")])
        }
        defer { server.stop() }
        let seen = Seen()
        let stats = try await Self.client().stream(server.url("/v1/chat/completions"), json: Self.body) { seen.record($0, $1) }
        #expect(stats.attempts == 2)
        #expect(seen.data.count == 2)
        #expect(server.requests.count == 2)
    }

    /// The server would drip for 30 s; the caller stops after the first event. The server must
    /// see the connection close while it still has frames to send (generous bounds: other
    /// suites can starve the cooperative threads for many seconds).
    @Test func stoppingEarlyEndsTheRequest() async throws {
        let drip = Array(repeating: [Server.Step.send(Self.frame(0)), .sleep(0.1)], count: 300).flatMap { $0 }
        let server = try Server { _, _ in .stream(status: 200, headers: [:], steps: drip) }
        defer { server.stop() }
        let start = DispatchTime.now().uptimeNanoseconds
        let stats = try await Self.client(deadline: 60).stream(server.url("/v1/completions"), json: Self.body) { _, _ in false }
        #expect(stats.events == 1)
        #expect(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 < 20, "the server would stream for 30 s")
        let deadline = DispatchTime.now().uptimeNanoseconds + 20_000_000_000
        while server.clientsLeft == 0 && DispatchTime.now().uptimeNanoseconds < deadline {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(server.clientsLeft == 1, "the server should see the connection close")
    }

    @Test func callerErrorsPropagateUnchanged() async throws {
        struct Stop: Error, Equatable {}
        let server = try Server { _, _ in .stream(status: 200, headers: [:], steps: [.send(Self.frame(1)), .sleep(1)]) }
        defer { server.stop() }
        await #expect(throws: Stop()) {
            _ = try await Self.client().stream(server.url("/v1/completions"), json: Self.body) { _, _ in throw Stop() }
        }
    }

    @Test func idleTimeoutAppliesBetweenChunksNotToTheWholeStream() async throws {
        // Chunks every 0.2 s for 6 s keep a 5 s idle timeout at bay (the stream outlasts it); then
        // a 30 s pause trips it. Margins of 25x and 6x: a busy CI machine cannot flip the outcome.
        let drip = Array(repeating: [Server.Step.send(Self.frame(0)), .sleep(0.2)], count: 30).flatMap { $0 }
        let server = try Server { _, _ in .stream(status: 200, headers: [:], steps: drip + [.sleep(30), .send("data: [DONE]\n\n")]) }
        defer { server.stop() }
        let client = HTTPClient(apiKey: nil, options: HTTPClient.Options(idleTimeout: 5, deadline: 120))
        let seen = Seen()
        let url = server.url("/v1/completions")
        let error = await HTTPClientTests.httpError {
            _ = try await client.stream(url, json: Self.body) { seen.record($0, $1) }
        }
        #expect(error == .timeout(endpoint: url.absoluteString, seconds: 5, total: false))
        #expect(seen.data.count == 30)
        #expect(server.requests.count == 1, "no retry once bytes of the stream arrived")
    }
}
