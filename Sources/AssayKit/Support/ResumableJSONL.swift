import Foundation

/// The one way Assay continues a JSONL output after an interruption: eval's predictions and
/// robust's results (`ResultsLog`), the audit's signal and probe caches (`JSONLinesCache`),
/// and the outputs of `score` and `generate-text`.
///
/// `prepare` reads the file before a resume: a torn last line (a kill in the middle of a write)
/// is cut; a line that is not a record of this file (garbage, a line of another tool, bytes
/// that are not UTF-8) is reported as `FILE:LINE: ...` and dropped from the file, so it cannot
/// survive into the next run; the records found are returned in order. New records are then
/// appended by a `JSONLinesWriter` opened with `append: true`.
public struct ResumableJSONL: Sendable {
    /// The JSONL file.
    public let path: String
    /// What a line is, for the warnings ("predictions", "signals"...).
    public let name: String

    public init(path: String, name: String) {
        self.path = path
        self.name = name
    }

    /// Prints a warning on stderr: the default of `prepare`'s `warn`.
    public static let warnOnStderr: @Sendable (String) -> Void = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }

    /// The records of the file (none when it does not exist), after cutting a torn last line
    /// and dropping every line `decode` refuses, each reported through `warn`.
    public func prepare<Record>(decode: (Data) throws -> Record, warn: (String) -> Void = warnOnStderr) throws -> [Record] {
        guard OutputPath.identity(path) != nil, FileManager.default.fileExists(atPath: path) else { return [] }
        try JSONLinesWriter.truncateTornLine(path)
        var records: [Record] = []
        var kept = Data()
        var dropped = 0
        for line in LineReader(path: path) {
            if line.text.isEmpty { dropped += 1; continue }
            do {
                guard line.isValidUTF8 else { throw BadLine.notUTF8 }
                records.append(try decode(Data(line.text.utf8)))
                kept.append(contentsOf: Data(line.text.utf8))
                kept.append(0x0A)
            } catch {
                warn("\(path):\(line.number): not a \(name) line (dropped, so a resume cannot keep it): \(Self.reason(error))")
                dropped += 1
            }
        }
        if dropped > 0 { try rewrite(kept) }
        return records
    }

    private enum BadLine: Error { case notUTF8 }

    private static func reason(_ error: any Error) -> String {
        switch error {
        case BadLine.notUTF8: return "its bytes are not UTF-8"
        case DecodingError.dataCorrupted: return "not valid JSON"
        case is DecodingError: return "a field is missing or has the wrong type"
        default: return "\(error)"
        }
    }

    /// Replaces the file's content by `data` through a temporary file beside the resolved
    /// path, renamed over it (a crash leaves the old file or the new one, never half of one).
    private func rewrite(_ data: Data) throws {
        let target = URL(fileURLWithPath: path).resolvingSymlinksInPath()
        do {
            try data.write(to: target, options: .atomic)
        } catch {
            throw InputError.unwritable(path: path, reason: error.localizedDescription)
        }
    }

    /// Decodes a line as `Record` with Assay's JSON conventions.
    public static func decoder<Record: Decodable>(_ type: Record.Type) -> (Data) throws -> Record {
        let decoder = JSONLinesWriter.makeDecoder()
        return { try decoder.decode(Record.self, from: $0) }
    }

    /// The `id` of a JSON object line (the outputs of `score` and `generate-text`).
    public static func idOfLine(_ data: Data) throws -> String {
        struct Identified: Decodable { var id: String }
        return try JSONDecoder().decode(Identified.self, from: data).id
    }
}
