import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One request being sent or answered.
struct ActiveRequest {
    /// Index of the request in its plan.
    let slot: Int
    let scheduled: UInt64
    var start: UInt64
    var firstChunk: UInt64?
    var firstContent: UInt64?
    var chunkTimes: [UInt64] = []
    var contentTimes: [UInt64] = []
    var promptTokens: Int?
    var completionTokens: Int?
    var finishReason: String?
    /// Tries made on this request (a reused connection the server had closed gets one more).
    var attempts = 1
}

/// How a request ended, as the connection saw it.
struct RequestOutcome {
    var request: ActiveRequest
    var end: UInt64
    var status: Int
    var failure: PerfRequestRecord.FailureKind?
    var error: String?
    /// Nothing of an answer arrived on a reused connection (the server had closed it while
    /// idle): the request is sent again on a new connection instead of failing.
    var retry = false
}

/// One non-blocking TCP connection of the load client, serving one request at a time
/// (HTTP/1.1 keep-alive, no pipelining). Owned and driven by `LoadClient`'s loop thread.
final class LoadConnection {
    enum Phase { case connecting, writing, reading, draining, idle, closed }

    let fd: Int32
    private(set) var phase: Phase
    /// Requests this connection has completed.
    private(set) var served = 0
    /// Last time a byte moved (or the request started).
    private(set) var lastActivity: UInt64
    var active: ActiveRequest?
    private var output: [UInt8] = []
    private var written = 0
    private var parser = HTTPResponseParser()
    private var events = SSEParser()
    private var body: [UInt8] = []
    private var isEventStream = false
    private let stream: Bool

    /// Opens a socket and starts connecting; a failure is thrown with errno.
    init(target: LoadTarget, stream: Bool, now: UInt64) throws(PerfError) {
        self.stream = stream
        let fd = socket(target.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system(call: "socket", code: errno) }
        var one: Int32 = 1
        setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        let code = target.address.withUnsafeBytes { raw in
            connect(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
        }
        if code != 0 && errno != EINPROGRESS {
            let failure = errno
            Glibc.close(fd)
            throw .system(call: "connect", code: failure)
        }
        self.fd = fd
        phase = code == 0 ? .idle : .connecting
        lastActivity = now
    }

    deinit { if phase != .closed { Glibc.close(fd) } }

    /// Poll events this connection waits for.
    var pollEvents: Int16 {
        switch phase {
        case .connecting, .writing: return Int16(POLLOUT)
        case .reading, .draining, .idle: return Int16(POLLIN)
        case .closed: return 0
        }
    }

    /// The connection is open and free for a request.
    var isReusable: Bool { phase == .idle }

    /// An idle connection the server has not closed: a peek finds no end of stream (servers
    /// such as llama.cpp's close after every streamed answer despite `Keep-Alive`).
    func isAlive() -> Bool {
        guard phase == .idle else { return false }
        var byte: UInt8 = 0
        let n = recv(fd, &byte, 1, Int32(MSG_PEEK) | Int32(MSG_DONTWAIT))
        if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) { return true }
        close()
        return false
    }

    /// Starts `request` (bytes of the whole HTTP request): on an open connection it is sent at
    /// once, and its start is stamped just before the first `send`; on a connection still
    /// connecting, when the connection is up. The outcome when sending failed already.
    func begin(_ request: ActiveRequest, bytes: [UInt8], now: UInt64) -> RequestOutcome? {
        active = request
        active!.start = now
        output = bytes
        written = 0
        parser = HTTPResponseParser()
        events = SSEParser()
        body.removeAll(keepingCapacity: true)
        isEventStream = false
        lastActivity = now
        guard phase == .idle else { return nil }
        phase = .writing
        return write(now: now)
    }

    func close() {
        guard phase != .closed else { return }
        Glibc.close(fd)
        phase = .closed
    }

    /// Handles poll's report; returns the finished request's outcome, if one finished.
    func handle(revents: Int16, now: UInt64, buffer: UnsafeMutableRawBufferPointer) -> RequestOutcome? {
        switch phase {
        case .connecting:
            var code: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length)
            guard code == 0 else { return fail(.connect, "cannot connect: \(String(cString: strerror(code)))", now: now) }
            phase = active == nil ? .idle : .writing
            return phase == .writing ? write(now: now) : nil
        case .writing:
            return write(now: now)
        case .reading, .draining, .idle:
            if revents & Int16(POLLIN | POLLHUP | POLLERR) != 0 { return read(now: now, buffer: buffer) }
            return nil
        case .closed:
            return nil
        }
    }

    private func write(now: UInt64) -> RequestOutcome? {
        if written == 0, active != nil {
            active!.start = LoadClock.now()
            lastActivity = active!.start
        }
        while written < output.count {
            let n = output.withUnsafeBytes { raw in
                send(fd, raw.baseAddress! + written, raw.count - written, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                written += n
                lastActivity = max(lastActivity, now)
            } else if n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK) {
                return nil
            } else {
                return fail(served > 0 ? .cut : .connect, "sending the request failed: \(String(cString: strerror(errno)))", now: now, early: true)
            }
        }
        phase = .reading
        return nil
    }

    /// Reads what arrived into `buffer` (the client's one receive buffer).
    private func read(now: UInt64, buffer: UnsafeMutableRawBufferPointer) -> RequestOutcome? {
        let bytes = buffer.bindMemory(to: UInt8.self)
        while true {
            let n = recv(fd, buffer.baseAddress!, buffer.count, 0)
            let time = n > 0 ? LoadClock.now() : now
            if n > 0 {
                lastActivity = time
                if phase == .idle {    // bytes nobody asked for: the connection is unusable
                    close()
                    return nil
                }
                if let outcome = consume(UnsafeBufferPointer(rebasing: bytes[0..<n]), at: time) {
                    return outcome
                }
                if phase == .idle || phase == .closed { return nil }
            } else if n == 0 {
                return endOfStream(now: time)
            } else if errno == EAGAIN || errno == EWOULDBLOCK {
                return nil
            } else if errno == EINTR {
                continue
            } else {
                let reason = String(cString: strerror(errno))
                if phase == .idle || phase == .draining { close(); return nil }
                return fail(parser.hasHead ? .cut : .connect, "the connection failed: \(reason)", now: time, early: !parser.hasHead)
            }
        }
    }

    private func endOfStream(now: UInt64) -> RequestOutcome? {
        switch phase {
        case .idle, .draining:
            close()
            return nil
        default:
            if parser.finishAtEOF() { return complete(now: now) }
            let reason = parser.hasHead
                ? "the server closed the connection after \(parser.bodyBytes) body bytes, before the end of the response"
                : "the server closed the connection without answering"
            return fail(.cut, reason, now: now, early: !parser.hasHead)
        }
    }

    /// Feeds received bytes; an outcome when the request ended.
    private func consume(_ bytes: UnsafeBufferPointer<UInt8>, at time: UInt64) -> RequestOutcome? {
        var outcome: RequestOutcome?
        var received: [SSEEvent] = []
        // The parser hands out body bytes while it is being mutated: collect, then act.
        do {
            try parser.feed(bytes) { part in
                guard phase == .reading else { return }
                if isEventStream { received += events.feed(part) } else { body.append(contentsOf: part) }
            } head: { status, headers in
                isEventStream = stream && (200..<300).contains(status)
                    && headers["content-type"]?.lowercased().contains("text/event-stream") == true
            }
        } catch {
            if phase == .draining { close(); return nil }
            for event in received where outcome == nil { outcome = handle(event, at: time) }
            return outcome ?? fail(.invalid, "not a valid HTTP response: \(error)", now: time)
        }
        for event in received where outcome == nil { outcome = handle(event, at: time) }
        if parser.isComplete {
            if phase == .draining {
                phase = parser.keepsAlive ? .idle : .closed
                if phase == .closed { Glibc.close(fd) }
                return outcome
            }
            if outcome == nil { outcome = complete(now: time) }
        }
        return outcome
    }

    /// One event of the stream.
    private func handle(_ event: SSEEvent, at time: UInt64) -> RequestOutcome? {
        let chunk = StreamChunk(event)
        if chunk.isDone { return succeed(now: time) }
        if let message = chunk.error { return fail(.serverError, "the server reported an error: \(message)", now: time) }
        active!.chunkTimes.append(time)
        if active!.firstChunk == nil { active!.firstChunk = time }
        if chunk.hasContent {
            active!.contentTimes.append(time)
            if active!.firstContent == nil { active!.firstContent = time }
        }
        if let tokens = chunk.promptTokens { active!.promptTokens = tokens }
        if let tokens = chunk.completionTokens { active!.completionTokens = tokens }
        if let reason = chunk.finishReason { active!.finishReason = reason }
        return nil
    }

    /// The body is complete (and no `[DONE]` ended it earlier).
    private func complete(now: UInt64) -> RequestOutcome? {
        let status = parser.status
        guard (200..<300).contains(status) else {
            let message = HTTPError.serverMessage(from: Data(body))
            return fail(.status, "HTTP \(status)" + (message.isEmpty ? "" : ": \(message)"), now: now)
        }
        if !isEventStream {
            let chunk = StreamChunk(body: Data(body))
            if let message = chunk.error { return fail(stream ? .invalid : .serverError, message, now: now) }
            if stream { return fail(.invalid, "asked for an event stream, got \(parser.headers["content-type"] ?? "no content type")", now: now) }
            active!.firstContent = now
            active!.promptTokens = chunk.promptTokens
            active!.completionTokens = chunk.completionTokens
            active!.finishReason = chunk.finishReason
            if chunk.hasContent { active!.contentTimes = [now] }
        }
        return succeed(now: now)
    }

    private func succeed(now: UInt64) -> RequestOutcome? {
        guard let request = active else { return nil }
        active = nil
        served += 1
        if parser.isComplete {
            phase = parser.keepsAlive ? .idle : .closed
            if phase == .closed { Glibc.close(fd) }
        } else {
            phase = .draining    // [DONE] came before the end of the body: read the rest
        }
        return RequestOutcome(request: request, end: now, status: parser.status, failure: nil, error: nil)
    }

    /// Ends the request as failed and closes the connection. `early`: nothing of an answer
    /// arrived (a reused connection the server closed is then worth one more try).
    func fail(_ kind: PerfRequestRecord.FailureKind, _ message: String, now: UInt64, early: Bool = false) -> RequestOutcome? {
        close()
        guard let request = active else { return nil }
        active = nil
        var outcome = RequestOutcome(request: request, end: max(now, request.start), status: parser.status, failure: kind, error: message)
        outcome.retry = early && served > 0 && request.attempts == 1
        return outcome
    }
}

/// The monotonic clock, in nanoseconds.
enum LoadClock {
    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
