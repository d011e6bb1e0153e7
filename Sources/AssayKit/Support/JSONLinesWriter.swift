import Foundation

/// Appends one JSON object per line to a file (or standard output for the path "-"),
/// flushing each line so an interrupted run loses nothing that was reported as done.
public final class JSONLinesWriter: @unchecked Sendable {
    private let handle: FileHandle
    private let encoder: JSONEncoder
    private let lock = NSLock()
    private let closeOnDeinit: Bool

    /// Opens `path` for writing; `append` keeps existing lines (for `--resume`), otherwise the
    /// file is truncated. Missing parent folders are created.
    public init(path: String, append: Bool = false) throws {
        if path == "-" {
            handle = FileHandle.standardOutput
            closeOnDeinit = false
        } else {
            let url = URL(fileURLWithPath: path)
            let fm = FileManager.default
            do {
                try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            } catch {
                throw InputError.unwritable(path: path, reason: error.localizedDescription)
            }
            if !append || !fm.fileExists(atPath: path) {
                guard fm.createFile(atPath: path, contents: nil) else {
                    throw InputError.unwritable(path: path, reason: "cannot create the file")
                }
            }
            guard let h = FileHandle(forWritingAtPath: path) else {
                throw InputError.unwritable(path: path, reason: "cannot open the file")
            }
            h.seekToEndOfFile()
            handle = h
            closeOnDeinit = true
        }
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
        handle.write(data)
    }
}
