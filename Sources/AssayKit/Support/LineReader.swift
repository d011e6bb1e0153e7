import Foundation

/// Streams the lines of a file (or standard input, for the path "-") with their 1-based line
/// numbers, reading fixed-size chunks so memory stays flat however large the file is.
/// Accepts "\n" and "\r\n" line ends; a final line without a newline is still returned.
public struct LineReader: Sequence, Sendable {
    public struct Line: Sendable {
        /// 1-based line number in the file.
        public let number: Int
        /// The line's text, without its line end.
        public let text: String
    }

    public let path: String
    private let chunkSize: Int

    /// Opens nothing yet; errors surface from `makeIterator()`'s first read via `open()`.
    public init(path: String, chunkSize: Int = 1 << 16) {
        self.path = path
        self.chunkSize = chunkSize
    }

    /// Checks the file can be opened, with a clear error when it cannot.
    public func validate() throws {
        if path == "-" { return }
        guard FileManager.default.fileExists(atPath: path) else { throw InputError.fileNotFound(path: path) }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw InputError.unreadable(path: path, reason: "permission denied")
        }
    }

    public func makeIterator() -> Iterator {
        let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path)
        return Iterator(handle: handle, chunkSize: chunkSize)
    }

    public struct Iterator: IteratorProtocol {
        private let handle: FileHandle?
        private let chunkSize: Int
        private var buffer: [UInt8] = []
        private var start = 0
        private var atEOF = false
        private var lineNumber = 0

        init(handle: FileHandle?, chunkSize: Int) {
            self.handle = handle
            self.chunkSize = chunkSize
            self.atEOF = handle == nil
        }

        public mutating func next() -> Line? {
            while true {
                if let newline = buffer[start...].firstIndex(of: 0x0A) {
                    var end = newline
                    if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                    let text = String(decoding: buffer[start..<end], as: UTF8.self)
                    start = newline + 1
                    lineNumber += 1
                    return Line(number: lineNumber, text: text)
                }
                if atEOF {
                    guard start < buffer.count else { return nil }
                    var end = buffer.count
                    if buffer[end - 1] == 0x0D { end -= 1 }
                    let text = String(decoding: buffer[start..<end], as: UTF8.self)
                    start = buffer.count
                    lineNumber += 1
                    return Line(number: lineNumber, text: text)
                }
                // Drop consumed bytes, then read the next chunk.
                if start > 0 {
                    buffer.removeSubrange(0..<start)
                    start = 0
                }
                let chunk = handle?.readData(ofLength: chunkSize) ?? Data()
                if chunk.isEmpty { atEOF = true } else { buffer.append(contentsOf: chunk) }
            }
        }
    }
}
