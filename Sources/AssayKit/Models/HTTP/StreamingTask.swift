import Dispatch
import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Synchronization

/// What happens to one URLSession task, in order, as the delegate hears of it.
enum TransferEvent: Sendable {
    /// The status line and headers arrived (header names lowercased).
    case response(status: Int, headers: [String: String])
    /// A chunk of the body arrived at `receivedAt` (`DispatchTime` uptime nanoseconds).
    case data(Data, receivedAt: UInt64)
    /// The task ended: `failure` is nil for a complete answer, else the URL error's code
    /// (`URLError.Code` raw value) and its text.
    case completed(failure: (code: Int, text: String)?)
    /// The request's own total deadline passed (the task is being cancelled).
    case deadlineExpired
    /// Nothing arrived for the idle timeout (the task is being cancelled).
    case idleExpired
}

/// Where the delegate sends one task's events, and when it last heard of the task.
final class TransferSink: Sendable {
    let continuation: AsyncStream<TransferEvent>.Continuation
    /// `DispatchTime` uptime nanoseconds of the task's start or its latest callback.
    let lastActivity: Atomic<UInt64>

    init(_ continuation: AsyncStream<TransferEvent>.Continuation) {
        self.continuation = continuation
        self.lastActivity = Atomic(DispatchTime.now().uptimeNanoseconds)
    }

    /// Notes activity at `time` and forwards `event`.
    func send(_ event: TransferEvent, at time: UInt64 = DispatchTime.now().uptimeNanoseconds) {
        lastActivity.store(time, ordering: .relaxed)
        continuation.yield(event)
    }
}

/// The URLSession delegate of an `HTTPClient`: forwards every task's callbacks, as they come,
/// to that task's `AsyncStream` (URLSession calls it on its serial delegate queue, so the
/// events of a task keep their order). `URLSession.bytes(for:)` does not exist in
/// swift-corelibs-foundation; `didReceive data` is the way to see a body chunk by chunk.
final class StreamingDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// The live tasks' streams by task identifier. (`@unchecked`: NSObject is not Sendable;
    /// the only state is this mutex.)
    private let sinks = Mutex<[Int: TransferSink]>([:])

    func register(_ taskID: Int, _ sink: TransferSink) {
        sinks.withLock { $0[taskID] = sink }
    }

    private func sink(_ taskID: Int) -> TransferSink? {
        sinks.withLock { $0[taskID] }
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        if let http = response as? HTTPURLResponse {
            var headers: [String: String] = [:]
            for (name, value) in http.allHeaderFields {
                headers[String(describing: name).lowercased()] = String(describing: value)
            }
            sink(dataTask.taskIdentifier)?.send(.response(status: http.statusCode, headers: headers))
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let now = DispatchTime.now().uptimeNanoseconds
        sink(dataTask.taskIdentifier)?.send(.data(data, receivedAt: now), at: now)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        guard let continuation = sinks.withLock({ $0.removeValue(forKey: task.taskIdentifier) })?.continuation else { return }
        if let error {
            let ns = error as NSError
            let code = ns.domain == NSURLErrorDomain ? ns.code : URLError.Code.unknown.rawValue
            continuation.yield(.completed(failure: (code, ns.localizedDescription)))
        } else {
            continuation.yield(.completed(failure: nil))
        }
        continuation.finish()
    }
}

/// One request in flight: its URLSession task, the stream of its events, and a watchdog for
/// its idle timeout and total deadline. Both limits are kept here rather than by URLSession:
/// swift-corelibs-foundation truncates `timeoutInterval` to whole seconds (0.5 s becomes an
/// immediate timeout) and does not enforce `timeoutIntervalForResource`.
struct StreamingTask: Sendable {
    /// The task's events; ends after `.completed`, `.idleExpired` or `.deadlineExpired`.
    let events: AsyncStream<TransferEvent>
    /// When the request was started (`DispatchTime` uptime nanoseconds).
    let startedAt: UInt64
    private let task: URLSessionDataTask
    private let continuation: AsyncStream<TransferEvent>.Continuation
    /// Sleeps until the next limit, then ends the request if it passed; cancelled when the
    /// request ends first (a cancelled `Task.sleep` returns at once and releases what it holds).
    private let watchdog: Task<Void, Never>

    /// Creates the task for `request`, registers it with `delegate` and starts it; it fails
    /// after `idle` seconds without a callback or `deadline` seconds in all.
    init(session: URLSession, delegate: StreamingDelegate, request: URLRequest, idle: Double, deadline: Double) {
        let (events, continuation) = AsyncStream<TransferEvent>.makeStream(bufferingPolicy: .unbounded)
        let task = session.dataTask(with: request)
        let sink = TransferSink(continuation)
        delegate.register(task.taskIdentifier, sink)
        let startedAt = DispatchTime.now().uptimeNanoseconds
        let idleNanos = StreamingTask.nanoseconds(idle)
        let deadlineAt = startedAt &+ StreamingTask.nanoseconds(deadline)
        self.events = events
        self.task = task
        self.continuation = continuation
        self.startedAt = startedAt
        self.watchdog = Task {
            while true {
                let now = DispatchTime.now().uptimeNanoseconds
                let idleAt = sink.lastActivity.load(ordering: .relaxed) &+ idleNanos
                let expired: TransferEvent? = now >= deadlineAt ? .deadlineExpired : now >= idleAt ? .idleExpired : nil
                if let expired {
                    continuation.yield(expired)
                    continuation.finish()
                    task.cancel()
                    return
                }
                do {
                    try await Task.sleep(nanoseconds: min(deadlineAt, idleAt) - now)
                } catch {
                    return
                }
            }
        }
        task.resume()
    }

    /// Seconds as nanoseconds, at least 1 ms, at most about 292 years.
    private static func nanoseconds(_ seconds: Double) -> UInt64 {
        UInt64(min(max(seconds, 0.001), 9e9) * 1e9)
    }

    /// Stops the request now (the server sees the connection close); a no-op for the
    /// URLSession task once it completed.
    func cancel() {
        watchdog.cancel()
        continuation.finish()
        task.cancel()
    }

    /// Stops the request in `seconds` unless it completes first: a stream whose caller has
    /// seen its end gets a moment to finish cleanly, so its connection can be reused.
    func cancel(after seconds: Double) {
        let task = self.task, continuation = self.continuation
        DispatchQueue.global().asyncAfter(deadline: .now() + seconds) {
            continuation.finish()
            task.cancel()
        }
    }
}
