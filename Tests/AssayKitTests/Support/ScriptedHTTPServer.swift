import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// A small HTTP/1.1 server on 127.0.0.1 (a free port) for the HTTP client tests: it reads each
/// request (headers and a Content-Length body), records it, and answers as the test's handler
/// says: a plain response, a chunked stream scripted step by step (with pauses, or cut in the
/// middle), a stall, or a closed connection. Every answer ends with `Connection: close`.
///
/// Threads: one accepts, one serves each connection. `stop()` (also run by `deinit`) closes
/// the listening socket and every open connection and waits for all threads to end.
final class ScriptedHTTPServer: Sendable {
    /// One request as the server read it.
    struct Request: Sendable {
        var method: String
        var path: String
        /// Header names lowercased.
        var headers: [String: String]
        var body: Data
    }

    /// One step of a scripted stream.
    enum Step: Sendable {
        /// Send these bytes as one HTTP chunk.
        case send(String)
        /// Send raw bytes as one HTTP chunk.
        case sendBytes([UInt8])
        /// Wait (ends early when the client leaves or the server stops).
        case sleep(Double)
        /// Send these bytes as one HTTP chunk this many seconds after the request was read
        /// (absolute: a late chunk does not delay the next one).
        case sendAt(Double, String)
        /// Wait until `condition` holds (polled every 5 ms), at most `timeout` seconds: lets a
        /// test hold the stream until the client has handled what was sent.
        case waitUntil(timeout: Double, _ condition: @Sendable () -> Bool)
        /// Close the connection without ending the body.
        case cut
    }

    /// How to answer a request.
    enum Reply: Sendable {
        /// A complete response with a Content-Length.
        case respond(status: Int, headers: [String: String], body: String)
        /// A chunked response (Content-Type text/event-stream unless given) run step by step;
        /// it ends with the terminating chunk unless a step cuts it.
        case stream(status: Int, headers: [String: String], steps: [Step])
        /// Answer nothing for this long (ends early when the client leaves).
        case stall(Double)
        /// Wait this long, then answer.
        indirect case delayed(Double, Reply)
        /// Close the connection without answering.
        case close
    }

    /// The port the server listens on.
    let port: Int
    private let core: Core

    /// Starts a server whose `handler` answers request number `index` (from 0, in arrival order).
    init(_ handler: @escaping @Sendable (_ request: Request, _ index: Int) -> Reply) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.socket("socket: \(String(cString: strerror(errno)))") }
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = ScriptedHTTPServer.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 64) == 0 else {
            close(fd)
            throw ServerError.socket("bind/listen: \(String(cString: strerror(errno)))")
        }
        port = ScriptedHTTPServer.boundPort(fd)
        core = Core(listenFD: fd, handler: handler)
        core.startAccepting()
    }

    deinit {
        core.stop()
    }

    /// `http://127.0.0.1:<port><path>`.
    func url(_ path: String) -> URL {
        URL(string: "http://127.0.0.1:\(port)\(path)")!
    }

    /// The requests seen so far, in arrival order.
    var requests: [Request] { core.state.withLock { $0.requests } }
    /// The most requests that were being answered at the same time. A request counts from
    /// when it was read to when its last data write began (a stream's terminating chunk
    /// excluded): the client cannot have sent the next one before that write, even if this
    /// server's thread has not finished yet.
    var peakConcurrency: Int {
        let spans = core.state.withLock { $0.spans }
        return spans.map { span in
            spans.filter { other in
                other.read <= span.read && (other.end.map { $0 >= span.read } ?? true)
            }.count
        }.max() ?? 0
    }
    /// Seconds from the first request read to the last answer's last write: the wall time the
    /// server took, its own lateness on a busy machine included.
    var servedSeconds: Double {
        let spans = core.state.withLock { $0.spans }
        guard let first = spans.map(\.read).min(), let last = spans.compactMap(\.end).max() else { return 0 }
        return Double(last - first) / 1e9
    }
    /// How many stalls or streams ended because the client closed the connection.
    var clientsLeft: Int { core.state.withLock { $0.clientsLeft } }

    /// Stops accepting, closes every connection and joins the threads (idempotent).
    func stop() {
        core.stop()
    }

    /// A port on 127.0.0.1 where nothing listens (bound, then released).
    static func unusedPort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw ServerError.socket("socket") }
        defer { close(fd) }
        var address = loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { throw ServerError.socket("bind") }
        return boundPort(fd)
    }

    enum ServerError: Error { case socket(String) }

    static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        return address
    }

    static func boundPort(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

extension ScriptedHTTPServer {
    /// When a request was read, when the last write of its answer began and when its thread
    /// finished (nanoseconds).
    struct Span {
        var read: UInt64
        var lastWrite: UInt64?
        var finished: UInt64?
        /// The last write, or the finish of an answer that wrote nothing; nil while answering.
        var end: UInt64? { finished.map { lastWrite ?? $0 } }
    }

    /// What the threads share: the sockets, the record of requests, the stop flag.
    final class Core: Sendable {
        struct State {
            var requests: [Request] = []
            var open: Set<Int32> = []
            var spans: [Span] = []
            var clientsLeft = 0
            var stopped = false
        }

        let listenFD: Int32
        let handler: @Sendable (Request, Int) -> Reply
        let state = Mutex(State())
        private let threads = DispatchGroup()

        init(listenFD: Int32, handler: @escaping @Sendable (Request, Int) -> Reply) {
            self.listenFD = listenFD
            self.handler = handler
        }

        var stopped: Bool { state.withLock { $0.stopped } }

        func startAccepting() {
            threads.enter()
            Thread.detachNewThread { [self] in
                acceptLoop()
                threads.leave()
            }
        }

        func stop() {
            let (first, open) = state.withLock { state -> (Bool, Set<Int32>) in
                defer { state.stopped = true }
                return (!state.stopped, state.open)
            }
            guard first else { return }
            shutdown(listenFD, Int32(SHUT_RDWR))
            for fd in open { shutdown(fd, Int32(SHUT_RDWR)) }
            _ = threads.wait(timeout: .now() + 5)
            close(listenFD)
        }

        private func acceptLoop() {
            while !stopped {
                var poller = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
                let ready = poll(&poller, 1, 20)
                if ready <= 0 { continue }
                let fd = accept(listenFD, nil, nil)
                if fd < 0 {
                    if errno == EINTR || errno == EAGAIN { continue }
                    return
                }
                let accepted = state.withLock { state -> Bool in
                    guard !state.stopped else { return false }
                    state.open.insert(fd)
                    return true
                }
                guard accepted else { close(fd); return }
                threads.enter()
                Thread.detachNewThread { [self] in
                    Connection(fd: fd, core: self).serve()
                    state.withLock { _ = $0.open.remove(fd) }
                    close(fd)
                    threads.leave()
                }
            }
        }
    }
}
