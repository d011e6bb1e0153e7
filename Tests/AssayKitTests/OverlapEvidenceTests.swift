import Foundation
import Testing
@testable import AssayKit
import AssayTestSupport

@Suite struct OverlapEvidenceTests {
    let planted = BenchmarkItem(id: "planted", question: "Which planet in our solar system has the largest number of known moons today?",
                                choices: ["Saturn", "Jupiter"], answer: "A")
    let absent = BenchmarkItem(id: "absent", question: "How many distinct ways can seven identical marbles be placed into three labelled boxes?",
                               answer: "36")

    /// Filler text of `lines` lines, and the byte offset and line where the planted text starts.
    func corpus(prefixLines: Int) -> (text: String, offset: Int, line: Int) {
        var g = SeededGenerator(seed: 21)
        let words = ["river", "stone", "lantern", "copper", "meadow", "whistle", "orchard", "café", "雨"]
        var text = ""
        for k in 0..<prefixLines {
            text += (0..<g.int(in: 3...9)).map { _ in g.pick(words)! }.joined(separator: " ") + (k % 4 == 3 ? "\n\n" : "\n")
        }
        let offset = text.utf8.count + "Quoted: ".utf8.count
        let line = text.filter { $0 == "\n" }.count + 1
        text += "Quoted: WHICH planet in our SOLAR  system has the largest number of known moons, today?\nSaturn\nJupiter\nA and more\n\nafter\n"
        return (text, offset, line)
    }

    func scan(_ paths: [String], n: Int = 8) throws -> [ItemOverlap] {
        try OverlapScanner(index: OverlapIndex(items: [planted, absent], options: OverlapOptions(n: n))).scan(paths: paths).items
    }

    @Test func plainTextEvidenceHasOffsetLineAndText() throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (text, offset, line) = corpus(prefixLines: 37)
        try text.write(toFile: folder + "/c.txt", atomically: true, encoding: .utf8)
        let result = try scan([folder + "/c.txt"])
        let evidence = try #require(result[0].evidence.first)
        #expect(evidence.offset == Int64(offset))
        #expect(evidence.line == line)
        // The whole item is there: 14 question words + 2 choices + answer = 17 tokens.
        #expect(evidence.span == 17)
        #expect(result[0].longestSpan == 17)
        #expect(evidence.text == "WHICH planet in our SOLAR  system has the largest number of known moons, today?\nSaturn\nJupiter\nA")
        #expect(result[0].matched == result[0].ngrams && result[0].fraction == 1)
        #expect(result[1].matched == 0 && result[1].evidence.isEmpty && result[1].ngrams == 15 - 8 + 1)
    }

    @Test func gzipOffsetsAreInTheDecompressedFile() throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (text, offset, line) = corpus(prefixLines: 5000)   // several zlib output blocks
        try writeGzip(Data(text.utf8), to: folder + "/c.txt.gz")
        let evidence = try #require(try scan([folder + "/c.txt.gz"])[0].evidence.first)
        #expect(evidence.offset == Int64(offset))
        #expect(evidence.line == line)
    }

    @Test func concatenatedGzipMembersAreAllRead() throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (text, offset, _) = corpus(prefixLines: 20)
        let cut = text.utf8.index(text.utf8.startIndex, offsetBy: offset + 30)
        try writeGzip(Data(text.utf8[..<cut]), to: folder + "/1.gz")
        try writeGzip(Data(text.utf8[cut...]), to: folder + "/2.gz")
        var joined = try Data(contentsOf: URL(fileURLWithPath: folder + "/1.gz"))
        joined.append(try Data(contentsOf: URL(fileURLWithPath: folder + "/2.gz")))
        try joined.write(to: URL(fileURLWithPath: folder + "/both.txt.gz"))
        let result = try scan([folder + "/both.txt.gz"])
        #expect(result[0].longestSpan == 17)
        // A truncated file is an error, not a silent short read.
        try joined.prefix(joined.count - 9).write(to: URL(fileURLWithPath: folder + "/cut.gz"))
        #expect(throws: InputError.self) { try scan([folder + "/cut.gz"]) }
    }

    @Test func jsonLinesEvidenceNamesTheLine() throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let lines = [
            #"{"id": 1, "text": "nothing to see here"}"#,
            #"{"id": 2, "meta": {"text": "nested is ignored", "n": [1, {"x": "}"}]}, "text": 5}"#,
            #"not json"#,
            "",
            #"{"text": "Which planet in our solar system has the largest number of known moons today?\nSaturn\nJupiter\nA \u00e9\ud83d\ude00", "id": 3}"#,
        ]
        let text = lines.joined(separator: "\n") + "\n"
        try text.write(toFile: folder + "/c.jsonl", atomically: true, encoding: .utf8)
        let report = try OverlapScanner(index: OverlapIndex(items: [planted], options: OverlapOptions(n: 8)))
            .scan(paths: [folder + "/c.jsonl"])
        let evidence = try #require(report.items[0].evidence.first)
        #expect(evidence.line == 5)
        #expect(evidence.offset == Int64(lines[0..<4].map { $0.utf8.count + 1 }.reduce(0, +)))
        #expect(evidence.text.hasPrefix("Which planet") && evidence.text.hasSuffix("Jupiter\nA"))
        #expect(report.statistics.skippedLines == 2)
        #expect(report.statistics.warnings.first?.hasSuffix("c.jsonl:2: a non-string \"text\" field") == true)
        #expect(report.statistics.warnings.last?.contains("c.jsonl:3: expected '{'") == true)
        #expect(report.statistics.documents == 2)
    }

    @Test func jsonFieldDecodesEscapes() throws {
        let line = Array(#"{"a": [1, "\"x"], "text" : "caf\u00e9 \"q\" \\ \ud83d\ude00\tend"}"#.utf8)
        var text: [UInt8] = []
        let outcome = try line.withUnsafeBufferPointer { try JSONTextField(name: "text").extract($0, 0..<$0.count, into: &text) }
        #expect(outcome == .found)
        #expect(String(decoding: text, as: UTF8.self) == "café \"q\" \\ 😀\tend")
        let missing = Array(#"{"other": "x"}"#.utf8)
        #expect(try missing.withUnsafeBufferPointer { try JSONTextField(name: "text").extract($0, 0..<$0.count, into: &text) } == .missing)
    }

    @Test func foldersAreWalkedInSortedOrderSkippingHiddenFiles() throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["b/z.txt", "a.txt", "b/a.txt", ".hidden/x.txt", "c/.secret.txt"] {
            let path = folder + "/" + name
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try "x".write(toFile: path, atomically: true, encoding: .utf8)
        }
        let files = try CorpusReader.expand([folder]).map { String($0.dropFirst(folder.count + 1)) }
        #expect(files == ["a.txt", "b/a.txt", "b/z.txt"])
        #expect(throws: InputError.fileNotFound(path: folder + "/none")) { try CorpusReader.expand([folder + "/none"]) }
    }
}
