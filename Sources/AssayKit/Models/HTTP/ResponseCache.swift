import Foundation

/// Answers of a served model by request, kept in an append-only JSONL file so that a repeated
/// or interrupted run does not query the server again (lm-evaluation-harness's `--use_cache`).
///
/// Each line is `{"key":"<sha256 hex>","value":<the response JSON>}`; a response that is not
/// single-line JSON is kept as `{"key":...,"base64":"..."}`. `lookup` returns the exact bytes
/// that were stored. Loading goes through `ResumableJSONL`: a torn last line (an interrupted
/// write) is cut, any other line that is not a cache line is reported, counted and dropped; a
/// key stored twice keeps its last value.
public actor ResponseCache {
    /// The JSONL file.
    public nonisolated let path: String
    /// Lines of the file that were not cache lines when it was loaded (reported and dropped).
    public nonisolated let skippedLines: Int
    private var entries: [String: Data]
    private let handle: FileHandle

    /// Opens (creating if needed, with its folder) the cache at `path` and loads its lines; a
    /// line that is not a cache line is reported through `warn` as `FILE:LINE` and dropped.
    public init(path: String, warn: (String) -> Void = ResumableJSONL.warnOnStderr) throws {
        let url = URL(fileURLWithPath: path)
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw InputError.unwritable(path: path, reason: error.localizedDescription)
        }
        var entries: [String: Data] = [:]
        var skipped = 0
        let lines = try ResumableJSONL(path: path, name: "response cache").prepare(decode: { line in
            guard let entry = ResponseCache.parse(line) else { throw NotACacheLine() }
            return entry
        }, warn: { skipped += 1; warn($0) })
        for (key, value) in lines { entries[key] = value }
        if !fm.fileExists(atPath: path), !fm.createFile(atPath: path, contents: nil) {
            throw InputError.unwritable(path: path, reason: "cannot create the cache file")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw InputError.unwritable(path: path, reason: "cannot open the cache file for appending")
        }
        handle.seekToEndOfFile()
        self.path = path
        self.entries = entries
        self.skippedLines = skipped
        self.handle = handle
    }

    deinit {
        try? handle.close()
    }

    /// The number of cached responses.
    public var count: Int { entries.count }

    /// The stored response for `key`, if any.
    public func lookup(_ key: String) -> Data? {
        entries[key]
    }

    /// Stores `value` under `key`: appended to the file as one line, written before this
    /// returns (an interrupted run keeps every answer it stored).
    public func store(_ key: String, _ value: Data) throws {
        let line = ResponseCache.line(key: key, value: value)
        do {
            try handle.write(contentsOf: line)
        } catch {
            throw InputError.unwritable(path: path, reason: error.localizedDescription)
        }
        entries[key] = value
    }

    /// The key of a request: SHA-256 (hex) of the endpoint path, the model name and the body,
    /// which the caller makes canonical (JSON with sorted keys), so the same request always has
    /// the same key and any change to it (a parameter, the prompt, the model) a new one.
    public static func key(endpoint path: String, model: String, body: Data) -> String {
        // Length-prefixed, so no field can slide into the next.
        var hasher = SHA256()
        var header = Data("assay-response-cache-v1\n".utf8)
        for field in [path, model] {
            header.append(contentsOf: "\(field.utf8.count):".utf8)
            header.append(contentsOf: field.utf8)
        }
        hasher.update(header)
        hasher.update(body)
        return SHA256.hexString(hasher.finalize())
    }

    private struct NotACacheLine: Error, CustomStringConvertible {
        var description: String { "not a {\"key\":...,\"value\":...} line" }
    }

    // MARK: - Line format

    /// The line for `key` and `value`, with its newline.
    static func line(key: String, value: Data) -> Data {
        var line = prefix(key)
        if isSingleLineJSON(value) {
            line.append(contentsOf: #","value":"#.utf8)
            line.append(value)
        } else {
            line.append(contentsOf: #","base64":""#.utf8)
            line.append(contentsOf: value.base64EncodedString().utf8)
            line.append(UInt8(ascii: "\""))
        }
        line.append(contentsOf: "}\n".utf8)
        return line
    }

    /// `{"key":"<key>"` with the key as a JSON string.
    private static func prefix(_ key: String) -> Data {
        let encoded = (try? JSONEncoder().encode(key)) ?? Data("\"\"".utf8)
        return Data(#"{"key":"#.utf8) + encoded
    }

    /// Whether `value` can be embedded as is: one JSON value without line breaks.
    private static func isSingleLineJSON(_ value: Data) -> Bool {
        guard !value.isEmpty, !value.contains(0x0A), !value.contains(0x0D) else { return false }
        return (try? JSONSerialization.jsonObject(with: value, options: [.fragmentsAllowed])) != nil
    }

    /// The key and value of a cache line, or nil when the line is not one.
    static func parse(_ line: Data) -> (String, Data)? {
        guard let object = try? JSONSerialization.jsonObject(with: line) as? [String: Any],
              let key = object["key"] as? String else { return nil }
        if let text = object["base64"] as? String {
            return Data(base64Encoded: text).map { (key, $0) }
        }
        guard let value = object["value"] else { return nil }
        // The stored bytes sit between the prefix and the closing brace when we wrote the line.
        let head = prefix(key) + Data(#","value":"#.utf8)
        if line.starts(with: head), line.last == UInt8(ascii: "}") {
            return (key, Data(line.dropFirst(head.count).dropLast()))
        }
        guard let data = try? JSONSerialization.data(withJSONObject: value, options: [.fragmentsAllowed, .sortedKeys]) else {
            return nil
        }
        return (key, data)
    }
}
