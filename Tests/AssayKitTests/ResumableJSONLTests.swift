import Foundation
import Testing
@testable import AssayKit

/// The one resume primitive: a torn last line is cut, every line that is not a record is
/// reported with its file and line and dropped from the file, the records come back in order.
struct ResumableJSONLTests {
    struct Row: Codable, Equatable { var id: String; var value: Int }

    func file(_ bytes: [UInt8]) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-resumable-\(UUID().uuidString).jsonl").path
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func badLinesAreReportedAndDroppedAndATornLineIsCut() throws {
        let text = "{\"id\":\"a\",\"value\":1}\n{\"id\":\"b\"}\nnot json\n" + "{\"id\":\"c\",\"value\":3}\n"
        let path = try file(Array(text.utf8) + [0x7B, 0xFF, 0x7D, 0x0A] + Array("{\"id\":\"d\",\"va".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        var warnings: [String] = []
        let rows = try ResumableJSONL(path: path, name: "rows").prepare(decode: ResumableJSONL.decoder(Row.self)) { warnings.append($0) }
        #expect(rows == [Row(id: "a", value: 1), Row(id: "c", value: 3)])
        #expect(warnings == [
            "\(path):2: not a rows line (dropped, so a resume cannot keep it): a field is missing or has the wrong type",
            "\(path):3: not a rows line (dropped, so a resume cannot keep it): not valid JSON",
            "\(path):5: not a rows line (dropped, so a resume cannot keep it): its bytes are not UTF-8",
        ])
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"id\":\"a\",\"value\":1}\n{\"id\":\"c\",\"value\":3}\n")
        // Once clean, a second look changes nothing and warns of nothing.
        warnings = []
        #expect(try ResumableJSONL(path: path, name: "rows").prepare(decode: ResumableJSONL.decoder(Row.self)) { warnings.append($0) } == rows)
        #expect(warnings.isEmpty)
    }

    @Test func aMissingFileHasNoRecords() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-missing-\(UUID().uuidString)").path
        #expect(try ResumableJSONL(path: path, name: "rows").prepare(decode: ResumableJSONL.idOfLine) { _ in }.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test func idsOfAnOutputFile() throws {
        let path = try file(Array("{\"id\":\"x\",\"output\":\"...\"}\n{\"output\":\"no id\"}\n".utf8))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(try TextRecordReader.finishedIDs(in: path) { _ in } == ["x"])
    }
}
