import Foundation

/// Streams the lines of a file (or standard input, for the path "-") with their 1-based line
/// numbers, reading fixed-size chunks so memory stays flat however large the file is.
/// Accepts "\n" and "\r\n" line ends; a final line without a newline is still returned.
public struct LineReader: Sequence, Sendable {
    public struct Line: Sendable {
        /// 1-based line number in the file.
        public let number: Int
        /// The line's text, without its line end; bytes that are not UTF-8 became U+FFFD.
        public let text: String
        /// False when the line's bytes were not valid UTF-8 (and `text` holds replacements).
        public let isValidUTF8: Bool
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
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw InputError.fileNotFound(path: path) }
        guard !isDirectory.boolValue else { throw InputError.unreadable(path: path, reason: "it is a folder, not a file") }
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

        static func line(_ bytes: ArraySlice<UInt8>, number: Int) -> Line {
            if let text = String(validating: bytes, as: UTF8.self) { return Line(number: number, text: text, isValidUTF8: true) }
            return Line(number: number, text: String(decoding: bytes, as: UTF8.self), isValidUTF8: false)
        }

        public mutating func next() -> Line? {
            while true {
                if let newline = buffer[start...].firstIndex(of: 0x0A) {
                    var end = newline
                    if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                    let line = Self.line(buffer[start..<end], number: lineNumber + 1)
                    start = newline + 1
                    lineNumber += 1
                    return line
                }
                if atEOF {
                    guard start < buffer.count else { return nil }
                    var end = buffer.count
                    if buffer[end - 1] == 0x0D { end -= 1 }
                    let line = Self.line(buffer[start..<end], number: lineNumber + 1)
                    start = buffer.count
                    lineNumber += 1
                    return line
                }
                // Drop consumed bytes, then read the next chunk.
                if start > 0 {
                    buffer.removeSubrange(0..<start)
                    start = 0
                }
                // A read that fails (a folder, an I/O error) ends the lines rather than trapping;
                // `validate()` reports the usual causes first.
                let chunk = (try? handle?.read(upToCount: chunkSize)) ?? Data()
                if chunk.isEmpty { atEOF = true } else { buffer.append(contentsOf: chunk) }
            }
        }
    }
}
