import Foundation
import Testing
@testable import AssayKit

/// The JSONL streaming behind `assay perturb`: bad lines named by file and line, skipped or fatal.
@Suite struct PerturbationRunTests {
    static func write(_ text: String) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("perturb-\(UUID().uuidString).jsonl").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static let input = """
    {"id":"a","question":"Which?","choices":["x","y","z"],"answer":"C"}
    {"id":"b","question":"Open?","answer":"1"}
    not json

    {"id":"c"}
    {"id":"d","question":"Again?","choices":["p","q"],"answer":"A"}
    """

    @Test func badLinesAreReportedAndSkipped() throws {
        let path = try Self.write(Self.input)
        let output = path + ".out"
        defer { for file in [path, output] { try? FileManager.default.removeItem(atPath: file) } }
        let perturber = Perturber(kinds: [.shuffleOptions], seed: 3, lexicons: PerturbationLexicons())
        var warnings: [String] = []
        let summary = try PerturbationRun(perturber: perturber, strict: false).run(input: path, output: output) { warnings.append($0) }
        #expect(summary == PerturbationRun.Summary(read: 3, written: 2, unchanged: 1, badLines: 2))
        #expect(warnings == ["warning: \(path):3: not valid JSON (line skipped)",
                             "warning: \(path):5: not an item: missing field 'question' (line skipped)"])
        let lines = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        let items = try lines.map { try JSONDecoder().decode(BenchmarkItem.self, from: Data($0.utf8)) }
        #expect(items.map(\.id) == ["a~shuffle_options", "d~shuffle_options"])
        #expect(items[1].answer == "B" && items[1].choices == ["q", "p"])
    }

    @Test func theInputIsNeverTheOutput() throws {
        let path = try Self.write(Self.input)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let perturber = Perturber(kinds: [.whitespace], seed: 3, lexicons: PerturbationLexicons())
        #expect(throws: InputError.self) {
            try PerturbationRun(perturber: perturber, strict: false).run(input: path, output: path) { _ in }
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.input)
    }

    @Test func strictStopsAtTheFirstBadLine() throws {
        let path = try Self.write(Self.input)
        defer { for file in [path, path + ".out"] { try? FileManager.default.removeItem(atPath: file) } }
        let perturber = Perturber(kinds: [.whitespace], seed: 3, lexicons: PerturbationLexicons())
        #expect(throws: InputError.badLine(file: path, line: 3, reason: "not valid JSON")) {
            try PerturbationRun(perturber: perturber, strict: true).run(input: path, output: path + ".out") { _ in }
        }
    }
}
