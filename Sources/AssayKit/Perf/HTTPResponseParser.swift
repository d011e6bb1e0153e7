import Foundation

/// An incremental HTTP/1.1 response parser for the load client: the status line and headers,
/// then the body as framed by `Transfer-Encoding: chunked`, `Content-Length`, or the end of
/// the connection. Body bytes are handed out as they are decoded, so a stream's events can be
/// timed by the read that carried them.
struct HTTPResponseParser {
    enum Failure: Error, Equatable {
        case malformed(String)
    }

    /// How the body ends.
    private enum Framing {
        case chunked
        case length(Int)
        case untilClose
    }

    /// Where a chunked body is.
    private enum ChunkState {
        case size(value: Int, digits: Int, inExtension: Bool)
        case sizeLineFeed(Int)
        case data(Int)
        case dataCR
        case dataLF
        case trailer(lineLength: Int)
        case trailerLF(lineLength: Int)
    }

    private var head: [UInt8] = []
    private var framing: Framing?
    private var chunk = ChunkState.size(value: 0, digits: 0, inExtension: false)
    /// The status code, once the head was read.
    private(set) var status = 0
    /// Header names lowercased.
    private(set) var headers: [String: String] = [:]
    /// The response ended (its body is complete).
    private(set) var isComplete = false
    /// Body bytes received so far (after de-chunking).
    private(set) var bodyBytes = 0

    /// The head has been read.
    var hasHead: Bool { framing != nil }

    /// The server keeps the connection open after this response.
    var keepsAlive: Bool {
        guard case .some(let framing) = framing else { return false }
        if case .untilClose = framing { return false }
        return headers["connection"]?.lowercased() != "close"
    }

    /// Feeds bytes read from the connection; `head` is called once with the status and headers, `body` with each decoded run of body bytes. Bytes after the end of the response
    /// are an error (no pipelining is used).
    mutating func feed(_ bytes: UnsafeBufferPointer<UInt8>, body: (UnsafeBufferPointer<UInt8>) -> Void,
                       head: (_ status: Int, _ headers: [String: String]) -> Void = { _, _ in }) throws(Failure) {
        var i = 0
        let n = bytes.count
        while i < n {
            if isComplete { throw .malformed("\(n - i) bytes after the end of the response") }
            guard let framing else {
                i = try readHead(bytes, from: i)
                if hasHead { head(status, headers) }
                continue
            }
            switch framing {
            case .length(let remaining):
                let take = min(remaining, n - i)
                body(UnsafeBufferPointer(rebasing: bytes[i..<(i + take)]))
                bodyBytes += take
                i += take
                self.framing = .length(remaining - take)
                if remaining - take == 0 { isComplete = true }
            case .untilClose:
                body(UnsafeBufferPointer(rebasing: bytes[i..<n]))
                bodyBytes += n - i
                i = n
            case .chunked:
                i = try readChunked(bytes, from: i, body: body)
            }
        }
    }

    /// The connection ended: true when that completes the response (a body framed by the
    /// end of the connection).
    mutating func finishAtEOF() -> Bool {
        if case .some(.untilClose) = framing { isComplete = true }
        return isComplete
    }

    /// Collects the head up to the blank line (scanning the new bytes, not re-reading the
    /// head), then parses it; returns where the body starts.
    private mutating func readHead(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) throws(Failure) -> Int {
        var i = start
        while i < bytes.count {
            if bytes[i] == 10 {
                let count = head.count + (i - start)
                // "\r\n\r\n" ends here when the three bytes before this "\n" are "\r\n\r".
                func byte(_ k: Int) -> UInt8? {
                    let index = k - head.count + start
                    return k < 0 ? nil : (k < head.count ? head[k] : bytes[index])
                }
                if byte(count - 1) == 13, byte(count - 2) == 10, byte(count - 3) == 13 {
                    head.append(contentsOf: bytes[start...i])
                    try parseHead()
                    return i + 1
                }
            }
            i += 1
        }
        head.append(contentsOf: bytes[start..<i])
        if head.count > 65_536 { throw .malformed("a response head longer than 64 KiB") }
        return i
    }

    /// Parses the status line and the headers the client needs, byte by byte.
    private mutating func parseHead() throws(Failure) {
        let lines = head.dropLast(4).split(separator: 10, omittingEmptySubsequences: false).map { $0.last == 13 ? $0.dropLast() : $0 }
        head = []
        let statusLine = lines[0]
        let parts = statusLine.split(separator: UInt8(ascii: " "), maxSplits: 2)
        guard parts.count >= 2, parts[0].starts(with: "HTTP/1.".utf8), parts[1].count == 3,
              let code = Int(String(decoding: parts[1], as: UTF8.self)) else {
            throw .malformed("not an HTTP/1.x status line: \(String(decoding: statusLine.prefix(80), as: UTF8.self))")
        }
        if code == 100 { return }    // an interim answer: the real head follows
        status = code
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
            let name = String(decoding: line[line.startIndex..<colon].map { $0 | (($0 >= 65 && $0 <= 90) ? 32 : 0) }, as: UTF8.self)
            var value = line[(colon + 1)...]
            while let first = value.first, first == 32 || first == 9 { value = value.dropFirst() }
            while let last = value.last, last == 32 || last == 9 { value = value.dropLast() }
            let text = String(decoding: value, as: UTF8.self)
            headers[name] = headers[name].map { $0 + ", " + text } ?? text
        }
        if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
            framing = .chunked
        } else if let length = headers["content-length"].flatMap({ Int($0) }) {
            framing = .length(length)
            if length == 0 { isComplete = true }
        } else if code == 204 || code == 304 {
            framing = .length(0)
            isComplete = true
        } else {
            framing = .untilClose
        }
    }

    private mutating func readChunked(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int,
                                      body: (UnsafeBufferPointer<UInt8>) -> Void) throws(Failure) -> Int {
        var i = start
        let n = bytes.count
        while i < n && !isComplete {
            let byte = bytes[i]
            switch chunk {
            case .size(let value, let digits, let inExtension):
                i += 1
                if byte == 13 {
                    guard digits > 0 else { throw .malformed("a chunk without a size") }
                    chunk = .sizeLineFeed(value)
                } else if inExtension {
                    continue
                } else if byte == UInt8(ascii: ";") || byte == UInt8(ascii: " ") {
                    chunk = .size(value: value, digits: digits, inExtension: true)
                } else if let digit = Self.hexValue(byte), digits < 15 {
                    chunk = .size(value: value * 16 + digit, digits: digits + 1, inExtension: false)
                } else {
                    throw .malformed("a bad chunk size byte 0x\(String(byte, radix: 16))")
                }
            case .sizeLineFeed(let size):
                guard byte == 10 else { throw .malformed("a chunk size line without LF") }
                i += 1
                chunk = size == 0 ? .trailer(lineLength: 0) : .data(size)
            case .data(let remaining):
                let take = min(remaining, n - i)
                body(UnsafeBufferPointer(rebasing: bytes[i..<(i + take)]))
                bodyBytes += take
                i += take
                chunk = remaining - take == 0 ? .dataCR : .data(remaining - take)
            case .dataCR:
                guard byte == 13 else { throw .malformed("chunk data longer than its size") }
                i += 1
                chunk = .dataLF
            case .dataLF:
                guard byte == 10 else { throw .malformed("chunk data not followed by CRLF") }
                i += 1
                chunk = .size(value: 0, digits: 0, inExtension: false)
            case .trailer(let length):
                i += 1
                chunk = byte == 13 ? .trailerLF(lineLength: length) : .trailer(lineLength: length + 1)
            case .trailerLF(let length):
                guard byte == 10 else { throw .malformed("a trailer line without LF") }
                i += 1
                if length == 0 { isComplete = true } else { chunk = .trailer(lineLength: 0) }
            }
        }
        return i
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 48...57: return Int(byte - 48)
        case 65...70: return Int(byte - 55)
        case 97...102: return Int(byte - 87)
        default: return nil
        }
    }
}
