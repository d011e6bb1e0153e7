import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A request ready to send: the prompt it carries and the whole HTTP request.
public struct PreparedRequest: Sendable {
    public var promptID: String
    public var bytes: [UInt8]
    /// Prompt tokens as the prompt set counted them, when it did.
    public var promptTextTokens: Int?

    public init(promptID: String, bytes: [UInt8], promptTextTokens: Int? = nil) {
        self.promptID = promptID
        self.bytes = bytes
        self.promptTextTokens = promptTextTokens
    }
}

/// One phase of load: which requests, how many at once, when.
public struct LoadPlan: Sendable {
    /// The level the records are filed under.
    public var level: Int
    /// Requests in sending order.
    public var requests: [PreparedRequest]
    /// Records are marked as warm-up.
    public var warmup: Bool
    /// Most requests in flight at once.
    public var maxInFlight: Int
    /// Open loop: each request's arrival, in seconds after the phase starts (nondecreasing).
    /// Nil: closed loop (a request is sent as soon as one of the `maxInFlight` lanes is free).
    public var arrivals: [Double]?
    /// No request is sent after this many seconds (those in flight finish).
    public var duration: Double?

    public init(level: Int, requests: [PreparedRequest], warmup: Bool = false, maxInFlight: Int,
                arrivals: [Double]? = nil, duration: Double? = nil) {
        self.level = level
        self.requests = requests
        self.warmup = warmup
        self.maxInFlight = maxInFlight
        self.arrivals = arrivals
        self.duration = duration
    }
}

/// What a phase did.
public struct LoadPhaseResult: Sendable {
    public var records: [PerfRequestRecord]
    /// Seconds since the origin when the phase began and ended.
    public var began: Double
    public var ended: Double
    /// Requests of the plan never sent (the duration ran out, or the run was interrupted).
    public var notSent: Int
    public var interrupted: Bool
}

/// The load generator's HTTP client: one thread, non-blocking sockets and `poll`, HTTP/1.1
/// keep-alive connections, every byte timed by the monotonic clock when `recv` returns it.
/// No per-request task, no callback queue, no JSON parsing of token frames: the client's own
/// cost per event is a few microseconds, so what it measures is the server. One phase runs
/// at a time (`run` is not reentrant); the type is Sendable so a phase can run on a thread.
public final class LoadClient: @unchecked Sendable {
    let target: LoadTarget
    let stream: Bool
    /// Seconds without a byte before a request fails as stalled.
    let idleTimeout: Double
    /// Seconds a request may take in all.
    let requestTimeout: Double
    /// The monotonic time all records count from.
    public let origin: UInt64
    private var idle: [LoadConnection] = []
    /// The one receive buffer every connection reads into.
    private let receive = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 16, alignment: 16)

    public init(target: LoadTarget, stream: Bool, idleTimeout: Double, requestTimeout: Double, origin: UInt64? = nil) {
        self.target = target
        self.stream = stream
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.origin = origin ?? LoadClock.now()
    }

    deinit {
        idle.forEach { $0.close() }
        receive.deallocate()
    }

    /// Seconds since the origin.
    public func seconds(_ time: UInt64) -> Double { Double(Int64(bitPattern: time &- origin)) / 1e9 }

    /// Runs `plan` to its end (blocking the calling thread); `onRecord` gets each record as its
    /// request finishes. `interrupted` is polled at least every 50 ms: when it turns true, no
    /// request is sent any more and those in flight are recorded as interrupted.
    public func run(_ plan: LoadPlan, interrupted: () -> Bool, onRecord: (PerfRequestRecord) -> Void) -> LoadPhaseResult {
        let began = LoadClock.now()
        let stopSending = plan.duration.map { began + UInt64($0 * 1e9) }
        let arrivals = plan.arrivals.map { $0.map { began + UInt64(max(0, $0) * 1e9) } }
        var busy: [LoadConnection] = []
        var records: [PerfRequestRecord] = []
        var next = 0
        var wasInterrupted = false
        var retries: [ActiveRequest] = []

        var inFlight = 0
        func finish(_ outcome: RequestOutcome) {
            let record = makeRecord(outcome, plan: plan)
            records.append(record)
            onRecord(record)
        }
        func start(_ request: ActiveRequest, now: UInt64) {
            let connection: LoadConnection
            var reused: LoadConnection?
            while request.attempts == 1, reused == nil, let candidate = idle.popLast() {
                if candidate.isAlive() { reused = candidate }
            }
            if let reused {
                connection = reused
            } else {
                do {
                    connection = try LoadConnection(target: target, stream: stream, now: now)
                } catch {
                    var failed = request
                    failed.start = now
                    finish(RequestOutcome(request: failed, end: now, status: 0, failure: .connect, error: "\(error)"))
                    return
                }
            }
            busy.append(connection)
            inFlight += 1
            if let outcome = connection.begin(request, bytes: plan.requests[request.slot].bytes, now: now) { settle(outcome) }
        }
        /// A request in flight ended: recorded, or queued to be sent again on a new connection.
        func settle(_ outcome: RequestOutcome) {
            inFlight -= 1
            if outcome.retry {
                var again = outcome.request
                again.attempts += 1
                retries.append(again)
            } else {
                finish(outcome)
            }
        }

        while true {
            var now = LoadClock.now()
            if !wasInterrupted && interrupted() {
                wasInterrupted = true
                for connection in busy where connection.active != nil {
                    if let outcome = connection.fail(.interrupted, "the run was interrupted", now: now) { settle(outcome) }
                }
                busy.removeAll()
            }
            let sending = !wasInterrupted && (stopSending.map { now < $0 } ?? true)
            while let retry = retries.popLast() {
                if wasInterrupted {
                    finish(RequestOutcome(request: retry, end: now, status: 0, failure: .interrupted, error: "the run was interrupted"))
                } else {
                    start(retry, now: now)
                }
            }
            while sending, next < plan.requests.count, inFlight < plan.maxInFlight,
                  arrivals.map({ $0[next] <= now }) ?? true {
                let scheduled = arrivals?[next] ?? now
                start(ActiveRequest(slot: next, scheduled: scheduled, start: now), now: now)
                next += 1
                now = LoadClock.now()
            }
            busy.removeAll { connection in
                guard connection.active == nil else { return false }
                if connection.isReusable { idle.append(connection) }
                return connection.phase != .draining
            }
            if busy.allSatisfy({ $0.active == nil }) && (!sending || next >= plan.requests.count) {
                busy.forEach { $0.close() }
                break
            }

            // Sleep until a socket is ready, the next arrival, or the nearest deadline.
            var wake = now + 50_000_000
            if sending, next < plan.requests.count, inFlight < plan.maxInFlight, let arrivals { wake = min(wake, arrivals[next]) }
            for connection in busy {
                if let request = connection.active {
                    wake = min(wake, connection.lastActivity + UInt64(idleTimeout * 1e9), request.start + UInt64(requestTimeout * 1e9))
                } else {
                    wake = min(wake, connection.lastActivity + 1_000_000_000)    // a draining connection
                }
            }
            var fds = busy.map { pollfd(fd: $0.fd, events: $0.pollEvents, revents: 0) }
            // Rounded down: an arrival is never sent late by poll's millisecond resolution (the
            // last fraction of a millisecond is spun).
            let waitMs = wake > now ? Int32((wake - now) / 1_000_000) : 0
            let ready = poll(&fds, nfds_t(fds.count), waitMs)
            now = LoadClock.now()
            if ready > 0 {
                for (k, connection) in busy.enumerated() where fds[k].revents != 0 {
                    if let outcome = connection.handle(revents: fds[k].revents, now: now, buffer: receive) { settle(outcome) }
                }
            }
            for connection in busy {
                guard let request = connection.active else {
                    if connection.phase == .draining, now >= connection.lastActivity + 1_000_000_000 { connection.close() }
                    continue
                }
                if now >= request.start + UInt64(requestTimeout * 1e9) {
                    if let outcome = connection.fail(.timeout, "no complete answer within the request timeout of \(requestTimeout) s", now: now) { settle(outcome) }
                } else if now >= connection.lastActivity + UInt64(idleTimeout * 1e9) {
                    if let outcome = connection.fail(.stall, "the server sent nothing for \(idleTimeout) s", now: now) { settle(outcome) }
                }
            }
            busy.removeAll { $0.phase == .closed }
        }
        idle.removeAll { $0.phase != .idle }
        return LoadPhaseResult(records: records, began: seconds(began), ended: seconds(LoadClock.now()),
                               notSent: plan.requests.count - next, interrupted: wasInterrupted)
    }

    private func makeRecord(_ outcome: RequestOutcome, plan: LoadPlan) -> PerfRequestRecord {
        let request = outcome.request
        let prepared = plan.requests[request.slot]
        let succeeded = outcome.failure == nil
        return PerfRequestRecord(
            level: plan.level, index: request.slot, warmup: plan.warmup, promptID: prepared.promptID,
            scheduled: seconds(request.scheduled), start: seconds(request.start),
            firstChunk: request.firstChunk.map(seconds), firstContent: request.firstContent.map(seconds),
            end: seconds(outcome.end), status: outcome.status, succeeded: succeeded,
            failure: outcome.failure, error: outcome.error,
            promptTokens: request.promptTokens,
            completionTokens: request.completionTokens ?? request.contentTimes.count,
            tokenSource: request.completionTokens == nil ? "counted" : "usage",
            promptTextTokens: prepared.promptTextTokens, finishReason: request.finishReason,
            chunkTimes: request.chunkTimes.map(seconds), contentTimes: request.contentTimes.map(seconds))
    }
}
