import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// Server-Sent Event streams (`"stream": true` completions).
extension HTTPClient {
    /// POSTs `body` to `url` and hands each Server-Sent Event to `onEvent` as soon as the
    /// network chunk that completes it arrives, with that chunk's arrival time
    /// (`DispatchTime.now().uptimeNanoseconds`, taken in the URLSession callback).
    ///
    /// `onEvent` returns false to stop reading: the caller does so on `[DONE]` (or the finish
    /// frame it waits for), or earlier when it has what it needs (the request is then
    /// cancelled, which frees the server's slot). Errors:
    /// - a non-2xx answer (llama-server answers 400 with a JSON error even to stream
    ///   requests): `HTTPError.status` with the server's message;
    /// - an event whose data is a JSON object with an `error` key, or an `event: error`:
    ///   `HTTPError.streamError`;
    /// - the connection ends before `onEvent` returned false: `HTTPError.streamCut`;
    /// - an error thrown by `onEvent` is rethrown as is (the request is cancelled).
    /// Tries again (per the retry policy) only before any byte of a 2xx answer arrived.
    public func stream(_ url: URL, json body: Data,
                       onEvent: @Sendable (SSEEvent, _ receivedAt: UInt64) async throws -> Bool) async throws -> StreamStats {
        let endpoint = HTTPClient.endpoint(url)
        let request = makeRequest("POST", url, body: body, accept: "text/event-stream")
        return try await withRetries(endpoint: endpoint, body: body) { attempt in
            var stats = try await streamOnce(request, endpoint: endpoint, onEvent: onEvent)
            stats.attempts = attempt
            return stats
        }
    }

    /// One try of a stream.
    private func streamOnce(_ request: URLRequest, endpoint: String,
                            onEvent: @Sendable (SSEEvent, UInt64) async throws -> Bool) async throws -> StreamStats {
        let transfer = StreamingTask(session: session, delegate: delegate, request: request,
                                     idle: options.idleTimeout, deadline: options.deadline)
        defer { transfer.cancel() }    // a no-op once the task completed
        return try await withTaskCancellationHandler {
            var parser = SSEParser()
            var status = 0
            var headers: [String: String] = [:]
            var buffered: Data?    // the body of an answer that is not an event stream
            var stats = StreamStats(startedAt: transfer.startedAt, firstByteAt: nil, endedAt: 0, bytes: 0)

            /// Delivers `events`; true when the caller asked to stop.
            func deliver(_ events: [SSEEvent], at time: UInt64) async throws -> Bool {
                for event in events {
                    if let message = HTTPClient.streamFailure(in: event) {
                        throw AttemptFailure(error: .streamError(endpoint: endpoint, message: message), receivedBytes: true)
                    }
                    stats.events += 1
                    if try await !onEvent(event, time) {
                        stats.endedAt = DispatchTime.now().uptimeNanoseconds
                        if event.data == "[DONE]" {
                            // The server ends its body right after [DONE]: let it, so the
                            // connection stays open for the next request.
                            transfer.cancel(after: 0.25)
                            for await case .completed in transfer.events { break }
                        }
                        return true
                    }
                }
                return false
            }

            for await event in transfer.events {
                switch event {
                case .response(let code, let fields):
                    status = code
                    headers = fields
                    let isJSON = fields["content-type"]?.lowercased().contains("json") ?? false
                    if !(200..<300).contains(code) || isJSON { buffered = Data() }
                case .data(let chunk, let receivedAt):
                    if buffered != nil {
                        buffered!.append(chunk)
                        continue
                    }
                    if stats.firstByteAt == nil { stats.firstByteAt = receivedAt }
                    stats.bytes += chunk.count
                    if try await deliver(parser.feed(chunk), at: receivedAt) { return stats }
                case .completed(nil):
                    if let body = buffered { throw bufferedFailure(endpoint, status, headers, body) }
                    guard status != 0 else {
                        throw AttemptFailure(error: .invalidResponse(endpoint: endpoint, reason: "no HTTP status line"), receivedBytes: false)
                    }
                    let now = DispatchTime.now().uptimeNanoseconds
                    if try await deliver(parser.finish(), at: now) { return stats }
                    let reason = stats.bytes == 0
                        ? "the server closed the stream without sending any event"
                        : "the server closed the stream after \(stats.bytes) bytes, before its end ([DONE])"
                    throw AttemptFailure(error: .streamCut(endpoint: endpoint, reason: reason), receivedBytes: true)
                case .completed(let failure?):
                    let answered = status != 0 && buffered == nil
                    var error = transportError(failure, endpoint: endpoint, midResponse: status != 0)
                    if answered, case .connectionFailed = error {
                        error = .streamCut(endpoint: endpoint, reason: "the connection was lost after \(stats.bytes) bytes of the stream")
                    }
                    throw AttemptFailure(error: error, receivedBytes: answered)
                case .deadlineExpired:
                    throw AttemptFailure(error: .timeout(endpoint: endpoint, seconds: options.deadline, total: true),
                                         receivedBytes: status != 0)
                case .idleExpired:
                    throw AttemptFailure(error: .timeout(endpoint: endpoint, seconds: options.idleTimeout, total: false),
                                         receivedBytes: status != 0)
                }
            }
            throw CancellationError()
        } onCancel: {
            transfer.cancel()
        }
    }

    /// The failure for a stream request answered with a non-2xx status or with plain JSON.
    private func bufferedFailure(_ endpoint: String, _ status: Int, _ headers: [String: String], _ body: Data) -> AttemptFailure {
        guard (200..<300).contains(status) else { return statusFailure(endpoint, status, headers, body) }
        if let message = HTTPClient.streamFailure(in: SSEEvent(data: String(decoding: body, as: UTF8.self))) {
            return AttemptFailure(error: .streamError(endpoint: endpoint, message: message), receivedBytes: true)
        }
        let text = HTTPError.clipped(String(decoding: body.prefix(600), as: UTF8.self))
        return AttemptFailure(error: .invalidResponse(endpoint: endpoint,
                                                      reason: "asked for an event stream, got a JSON body (is \"stream\": true supported?): \(text)"),
                              receivedBytes: true)
    }

    /// The server's message when `event` reports an error: `event: error`, or data that is a
    /// JSON object with a non-null `error` key. Cheap for ordinary token frames: only data
    /// starting with "{" and containing `"error"` is parsed.
    static func streamFailure(in event: SSEEvent) -> String? {
        if event.event == "error" {
            let message = HTTPError.serverMessage(from: Data(event.data.utf8))
            return message.isEmpty ? "(no message)" : message
        }
        guard event.data.utf8.first == UInt8(ascii: "{"), event.data.contains("\"error\"") else { return nil }
        let data = Data(event.data.utf8)
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let error = object["error"], !(error is NSNull) else { return nil }
        return HTTPError.serverMessage(from: data)
    }
}
