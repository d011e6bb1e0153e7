import Foundation
import Testing
@testable import AssayKit
import AssayTestSupport

@Suite struct TextRecordReaderTests {
    func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-records-\(UUID().uuidString).jsonl").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func reportsEachBadLineWithItsNumber() throws {
        let path = try write("""
        {"id": "a", "text": "first"}
        not json
        {"id": "b"}

        {"id": 7, "text": "number id"}
        {"id": "a", "text": "again"}
        {"id": "c", "text": 5}
        [1, 2]
        {"text": "no id"}
        """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let entries = Array(TextRecordReader(path: path, kind: .jsonl(field: "text")))
        var ok: [String] = []
        var errors: [String] = []
        for entry in entries {
            switch entry {
            case .success(let r): ok.append(r.id)
            case .failure(let e): errors.append(e.description)
            }
        }
        #expect(ok == ["a", "7", "line-9"])
        #expect(errors == [
            "\(path):2: not valid JSON",
            "\(path):3: no field 'text' (choose one with --field)",
            "\(path):6: duplicate id 'a'",
            "\(path):7: field 'text' is not a string",
            "\(path):8: expected a JSON object",
        ])
    }

    @Test func plainLinesUseLineNumbersAsIds() throws {
        let path = try write("one\n\nthree\r\nfour")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let records = TextRecordReader(path: path, kind: .lines).compactMap { try? $0.get() }
        #expect(records.map(\.id) == ["1", "3", "4"])
        #expect(records.map(\.text) == ["one", "three", "four"])
    }

    @Test func missingFileIsReported() {
        #expect(throws: InputError.fileNotFound(path: "/nonexistent/x.jsonl")) {
            try TextRecordReader(path: "/nonexistent/x.jsonl", kind: .lines).validate()
        }
    }

    @Test func lineReaderHandlesChunkBoundaries() throws {
        let lines = (0..<500).map { "line \($0) " + String(repeating: "x", count: $0 % 37) }
        let path = try write(lines.joined(separator: "\n") + "\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let read = LineReader(path: path, chunkSize: 7).map(\.text)
        #expect(read == lines)
    }

    @Test func gzippedLinesAreInflatedAndATruncatedFileEndsWithItsError() throws {
        let text = (0..<3000).map { "line \($0) of a gzipped text file" }.joined(separator: "\n") + "\n"
        let path = try write("") + ".gz"
        try writeGzip(Data(text.utf8), to: path)
        #expect(TextRecordReader(path: path, kind: .lines).compactMap { try? $0.get().text }.count == 3000)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: path))
        let entries = Array(TextRecordReader(path: path, kind: .lines))
        #expect(entries.count < 3000)
        guard case .failure(let error)? = entries.last else {
            Issue.record("a truncated gzip file ended without an error")
            return
        }
        #expect(error == .unreadable(path: path, reason: "truncated gzip data"))
    }
}
