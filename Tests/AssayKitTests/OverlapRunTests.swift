import Foundation
import Testing
@testable import AssayKit

@Suite struct OverlapRunTests {
    @Test func writesPerItemLinesAndSummary() throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let items = [
            #"{"id": "q1", "question": "Name the longest river that flows through the city of Cairo in Egypt", "answer": "Nile"}"#,
            #"{"id": "q2", "question": "Short one", "answer": "x"}"#,
        ]
        try (items.joined(separator: "\n") + "\n\n").write(toFile: folder + "/b.jsonl", atomically: true, encoding: .utf8)
        try "Quiz: name the longest river that flows through the city of Cairo in Egypt? Nile!\n"
            .write(toFile: folder + "/c.txt", atomically: true, encoding: .utf8)
        let summary = try OverlapRun.run(benchmark: folder + "/b.jsonl", corpus: [folder + "/c.txt"], options: OverlapOptions(),
                                         corpusOptions: CorpusOptions(), threshold: 0.8, outputFolder: folder + "/out")
        #expect(summary.items == 2 && summary.itemsWithNgrams == 1 && summary.itemsOverThreshold == 1)
        #expect(summary.overThreshold == ["q1"])
        let lines = try String(contentsOfFile: folder + "/out/overlap.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        // 13 words + "Nile": 14 tokens, 2 distinct 13-grams, both in the corpus.
        #expect(first["id"] as? String == "q1" && first["ngrams"] as? Int == 2 && first["matched"] as? Int == 2)
        #expect(first["ngram_overlap"] as? Double == 1 && first["longest_span"] as? Int == 14)
        let evidence = try #require((first["evidence"] as? [[String: Any]])?.first)
        #expect(evidence["offset"] as? Int == 6 && evidence["line"] as? Int == 1)
        let summaryJSON = try #require(try JSONSerialization.jsonObject(
            with: Data(contentsOf: URL(fileURLWithPath: folder + "/out/overlap-summary.json"))) as? [String: Any])
        #expect(summaryJSON["items_over_threshold"] as? Int == 1 && summaryJSON["mode"] as? String == "words")
    }

    @Test func badBenchmarkLineNamesFileAndLine() throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/b.jsonl"
        try "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n{\"id\": \"b\", \"answer\": \"x\"}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: InputError.badLine(file: path, line: 2, reason: "not a benchmark item: missing field 'question'")) {
            try OverlapRun.readItems(path)
        }
        try "{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n{\"id\": \"a\", \"question\": \"q\", \"answer\": \"x\"}\n"
            .write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: InputError.badLine(file: path, line: 2, reason: "duplicate id 'a'")) {
            try OverlapRun.readItems(path)
        }
    }
}
