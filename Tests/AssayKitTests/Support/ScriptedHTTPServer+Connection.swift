import Dispatch
import Foundation
#if canImport(Glibc)
import Glibc
#endif

extension ScriptedHTTPServer {
    /// One accepted connection: reads one request, answers it as the handler says. Used on
    /// its own thread only.
    final class Connection {
        let fd: Int32
        let core: Core
        /// The request's index once read; each write stamps the request's span end with it.
        private var index: Int?

        init(fd: Int32, core: Core) {
            self.fd = fd
            self.core = core
        }

        func serve() {
            var timeout = timeval(tv_sec: 5, tv_usec: 0)    // no read ever blocks a thread for long
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            guard let request = readRequest() else { return }
            let readAt = DispatchTime.now().uptimeNanoseconds
            let index = core.state.withLock { state -> Int in
                state.requests.append(request)
                state.spans.append(Span(read: readAt, lastWrite: nil, finished: nil))
                return state.requests.count - 1
            }
            self.index = index
            defer {
                let now = DispatchTime.now().uptimeNanoseconds
                core.state.withLock { $0.spans[index].finished = now }
            }
            answer(core.handler(request, index), readAt: readAt)
        }

        private func answer(_ reply: Reply, readAt: UInt64) {
            switch reply {
            case .respond(let status, let headers, let body):
                var fields = headers
                fields["Content-Length"] = String(body.utf8.count)
                if fields["Content-Type"] == nil { fields["Content-Type"] = "application/json" }
                write(head(status, fields) + Array(body.utf8))
            case .stream(let status, let headers, let steps):
                var fields = headers
                fields["Transfer-Encoding"] = "chunked"
                if fields["Content-Type"] == nil { fields["Content-Type"] = "text/event-stream" }
                guard write(head(status, fields)) else { return }
                for step in steps {
                    switch step {
                    case .send(let text):
                        guard write(chunk(Array(text.utf8))) else { return }
                    case .sendBytes(let bytes):
                        guard write(chunk(bytes)) else { return }
                    case .sleep(let seconds):
                        guard wait(seconds) else { return }
                    case .sendAt(let offset, let text):
                        let due = readAt + UInt64(offset * 1e9)
                        let now = DispatchTime.now().uptimeNanoseconds
                        if now < due { guard wait(Double(due - now) / 1e9) else { return } }
                        guard write(chunk(Array(text.utf8))) else { return }
                    case .waitUntil(let timeout, let condition):
                        let end = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1e9)
                        while !condition() && DispatchTime.now().uptimeNanoseconds < end {
                            guard wait(0.005) else { return }
                        }
                    case .cut:
                        return
                    }
                }
                write(Array("0\r\n\r\n".utf8), stamp: false)
            case .stall(let seconds):
                _ = wait(seconds)
            case .delayed(let seconds, let next):
                guard wait(seconds) else { return }
                answer(next, readAt: readAt)
            case .close:
                return
            }
        }

        private func head(_ status: Int, _ fields: [String: String]) -> [UInt8] {
            var text = "HTTP/1.1 \(status) \(status < 300 ? "OK" : "Error")\r\nConnection: close\r\n"
            for (name, value) in fields.sorted(by: { $0.key < $1.key }) { text += "\(name): \(value)\r\n" }
            return Array((text + "\r\n").utf8)
        }

        private func chunk(_ bytes: [UInt8]) -> [UInt8] {
            Array((String(bytes.count, radix: 16) + "\r\n").utf8) + bytes + Array("\r\n".utf8)
        }

        /// Sends all of `bytes`; false when the client is gone. `stamp` marks the request's span
        /// end (not for a stream's terminating chunk: a client may finish at its last event).
        @discardableResult
        private func write(_ bytes: [UInt8], stamp: Bool = true) -> Bool {
            if stamp, let index {
                let now = DispatchTime.now().uptimeNanoseconds
                core.state.withLock { $0.spans[index].lastWrite = now }
            }
            var offset = 0
            while offset < bytes.count {
                let sent = bytes[offset...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
                if sent < 0 && errno == EINTR { continue }
                if sent <= 0 { return false }
                offset += sent
            }
            return true
        }

        /// Waits `seconds` watching the socket; false (and counted) when the client closed the
        /// connection first, false when the server stops.
        private func wait(_ seconds: Double) -> Bool {
            let end = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
            while DispatchTime.now().uptimeNanoseconds < end {
                if core.stopped { return false }
                var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
                let left = Int32((end - min(end, DispatchTime.now().uptimeNanoseconds)) / 1_000_000)
                if poll(&poller, 1, min(10, left)) > 0 {
                    var byte: UInt8 = 0
                    let peeked = recv(fd, &byte, 1, Int32(MSG_PEEK | MSG_DONTWAIT))
                    if peeked == 0 || (peeked < 0 && errno != EAGAIN && errno != EINTR) {
                        core.state.withLock { $0.clientsLeft += 1 }
                        return false
                    }
                    if peeked > 0 { usleep(10_000) }    // unexpected bytes: leave them, keep waiting
                }
            }
            return true
        }

        /// Reads the request line, headers and Content-Length body; nil if the client closed
        /// or sent something else.
        private func readRequest() -> Request? {
            var buffer: [UInt8] = []
            var headerEnd: Int?
            var chunk = [UInt8](repeating: 0, count: 65536)
            while headerEnd == nil {
                let count = recv(fd, &chunk, chunk.count, 0)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return nil }
                buffer += chunk[0..<count]
                headerEnd = find([13, 10, 13, 10], in: buffer)
            }
            let head = String(decoding: buffer[0..<headerEnd!], as: UTF8.self)
            var lines = head.components(separatedBy: "\r\n")
            let requestLine = lines.removeFirst().split(separator: " ")
            guard requestLine.count >= 2 else { return nil }
            var headers: [String: String] = [:]
            for line in lines {
                guard let colon = line.firstIndex(of: ":") else { continue }
                headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let length = Int(headers["content-length"] ?? "0") ?? 0
            var body = Array(buffer[(headerEnd! + 4)...])
            while body.count < length {
                let count = recv(fd, &chunk, min(chunk.count, length - body.count), 0)
                if count < 0 && errno == EINTR { continue }
                if count <= 0 { return nil }
                body += chunk[0..<count]
            }
            return Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: Data(body))
        }

        private func find(_ needle: [UInt8], in haystack: [UInt8]) -> Int? {
            guard haystack.count >= needle.count else { return nil }
            for start in 0...(haystack.count - needle.count) where haystack[start..<(start + needle.count)].elementsEqual(needle) {
                return start
            }
            return nil
        }
    }
}
