import Foundation

/// Appends one JSON object per line to a file (or standard output for the path "-"),
/// flushing each line so an interrupted run loses nothing that was reported as done.
public final class JSONLinesWriter: @unchecked Sendable {
    private let handle: FileHandle
    private let encoder: JSONEncoder
    private let lock = NSLock()
    private let closeOnDeinit: Bool
    private let path: String

    /// Opens `path` for writing through it (see `OutputPath`): `append` keeps existing lines
    /// (for `--resume`), otherwise the file is truncated. Missing parent folders are created.
    public init(path: String, append: Bool = false) throws {
        // A resumed file may end in a line torn by a kill: cut it so the next record starts clean.
        if append, OutputPath.identity(path) != nil { try Self.truncateTornLine(path) }
        handle = try OutputPath.open(path, append: append)
        closeOnDeinit = !OutputPath.isStandardOutput(path)
        self.path = path
        encoder = JSONLinesWriter.makeEncoder()
    }

    deinit {
        if closeOnDeinit { try? handle.close() }
    }

    /// The encoder every Assay JSON output uses: sorted keys, so the bytes are reproducible.
    public static func makeEncoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted]
                                          : [.sortedKeys, .withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return encoder
    }

    /// The decoder matching `makeEncoder`: non-finite numbers spelled as strings.
    public static func makeDecoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return decoder
    }

    /// Writes one value as a whole JSON document (pretty, sorted keys, final newline) to
    /// `path`, atomically: `summary.json` and the like.
    public static func writeDocument<T: Encodable>(_ value: T, to path: String) throws {
        do {
            let data = try makeEncoder(pretty: true).encode(value) + Data("\n".utf8)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw InputError.unwritable(path: path, reason: error.localizedDescription)
        }
    }

    /// Writes one value as one line.
    public func write<T: Encodable>(_ value: T) throws {
        var data = try encoder.encode(value)
        data.append(0x0A)
        lock.lock()
        defer { lock.unlock() }
        do {
            try handle.write(contentsOf: data)
        } catch {
            // Disk full, a file-size limit, a closed pipe: say so instead of trapping.
            throw InputError.unwritable(path: path == "-" ? "standard output" : path, reason: Self.reason(error))
        }
    }

    /// The operating system's words for a failed write ("No space left on device").
    static func reason(_ error: any Error) -> String {
        let error = error as NSError
        let posix = error.domain == NSPOSIXErrorDomain ? error : error.userInfo[NSUnderlyingErrorKey] as? NSError
        if let posix, posix.domain == NSPOSIXErrorDomain, posix.code > 0 { return String(cString: strerror(Int32(posix.code))) }
        if error.domain == NSCocoaErrorDomain, error.code == CocoaError.fileWriteOutOfSpace.rawValue { return String(cString: strerror(ENOSPC)) }
        return error.localizedDescription
    }
}
