import Foundation

/// Streams the lines of a file (or standard input, for the path "-") with their 1-based line
/// numbers, reading fixed-size chunks so memory stays flat however large the file is.
/// Accepts "\n" and "\r\n" line ends; a final line without a newline is still returned.
/// A file whose name ends in `.gz` is inflated on the fly (line numbers count lines of the
/// decompressed text); a corrupt or truncated one ends the lines early with `Iterator.failure`
/// set, which `readLines(_:)` throws.
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

    /// True for a path whose name ends in `.gz` (any case): its content is gzip data.
    public static func isGzipped(_ path: String) -> Bool { path.lowercased().hasSuffix(".gz") }

    /// Checks the file can be opened (and, for a `.gz` name, that it starts as gzip data), with
    /// a clear error when it cannot.
    public func validate() throws {
        if path == "-" { return }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw InputError.fileNotFound(path: path) }
        guard !isDirectory.boolValue else { throw InputError.unreadable(path: path, reason: "it is a folder, not a file") }
        guard FileManager.default.isReadableFile(atPath: path) else {
            throw InputError.unreadable(path: path, reason: "permission denied")
        }
        if Self.isGzipped(path) { _ = try Self.gzipSource(path) }
    }

    /// The inflating reader of a `.gz` file; an error when the file does not start as gzip data.
    static func gzipSource(_ path: String) throws(InputError) -> ByteSource {
        let source = try ByteSource(path: path)
        guard source.compression == .gzip else { throw InputError.unreadable(path: path, reason: "not gzip data (the name ends in .gz)") }
        return source
    }

    public func makeIterator() -> Iterator {
        if path != "-" && Self.isGzipped(path) {
            do { return Iterator(source: .gzip(try Self.gzipSource(path)), chunkSize: chunkSize) } catch {
                return Iterator(source: .failed(error), chunkSize: chunkSize)
            }
        }
        let handle = path == "-" ? FileHandle.standardInput : FileHandle(forReadingAtPath: path)
        return Iterator(source: .plain(handle), chunkSize: chunkSize)
    }

    /// Calls `body` with every line, then throws the error that ended the lines early (a corrupt
    /// or truncated `.gz` file), if any.
    public func readLines(_ body: (Line) throws -> Void) throws {
        var lines = makeIterator()
        while let line = lines.next() { try body(line) }
        if let failure = lines.failure { throw failure }
    }

    public struct Iterator: IteratorProtocol {
        /// Where the bytes come from: a plain file (nil when it cannot be opened), a gzip file,
        /// or nothing because opening the gzip file failed.
        enum Source {
            case plain(FileHandle?)
            case gzip(ByteSource)
            case failed(InputError)
        }

        private let source: Source
        private let chunkSize: Int
        private var buffer: [UInt8] = []
        private var start = 0
        private var atEOF = false
        private var lineNumber = 0
        /// Why the lines ended before the end of the file (a corrupt or truncated gzip stream).
        public private(set) var failure: InputError?

        init(source: Source, chunkSize: Int) {
            self.source = source
            self.chunkSize = chunkSize
            switch source {
            case .plain(let handle): atEOF = handle == nil
            case .gzip: break
            case .failed(let error): atEOF = true; failure = error
            }
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
                    // After a gzip error the bytes left are an incomplete line: they are not one.
                    guard failure == nil, start < buffer.count else { return nil }
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
                let chunk = readChunk()
                if chunk.isEmpty { atEOF = true } else { buffer.append(contentsOf: chunk) }
            }
        }

        /// The next block of bytes, empty at the end. A plain read that fails (a folder, an I/O
        /// error) ends the lines rather than trapping, as `validate()` reports the usual causes
        /// first; a gzip error is kept in `failure`.
        private mutating func readChunk() -> [UInt8] {
            switch source {
            case .plain(let handle): return Array((try? handle?.read(upToCount: chunkSize)) ?? Data())
            case .failed: return []
            case .gzip(let inflater):
                do { return try inflater.read(upTo: chunkSize) } catch {
                    failure = error
                    return []
                }
            }
        }
    }
}
