import Foundation
import Testing
@testable import AssayKit
import AssayTestSupport

@Suite struct OverlapScannerTests {
    /// Words with case, punctuation inside and around, accents, and CJK/Hangul (also glued
    /// to Latin letters), so normalization matters for matching.
    static let vocabulary = ["Alpha", "beta,", "GAMMA", "de-lta", "eps'ilon", "猫", "狗叫", "日本語", "한국",
                             "zeta!", "Ωmega", "naïve", "ab模型", "(x)", "7", "—", "Beta", "alpha."]

    struct Case {
        var items: [BenchmarkItem]
        var documents: [String]
        var files: [String]
    }

    /// Random items and a random corpus (seeded), items partly planted into documents, the
    /// documents spread over plain, gzip and JSONL files.
    static func randomCase(seed: UInt64, folder: String) throws -> Case {
        var g = SeededGenerator(seed: seed)
        func words(_ range: ClosedRange<Int>) -> String {
            (0..<g.int(in: range)).map { _ in g.pick(vocabulary)! }.joined(separator: g.chance(0.8) ? " " : "\n")
        }
        let items = (0..<12).map { i in
            BenchmarkItem(id: "it\(i)", question: words(4...14), choices: g.chance(0.5) ? [words(1...3), words(1...3)] : nil,
                          answer: words(1...2))
        }
        var documents: [String] = []
        for _ in 0..<40 {
            var text = words(3...30)
            if g.chance(0.3), let item = g.pick(items) {
                let planted = OverlapReference.itemText(item).split(separator: " ")
                let from = g.int(in: 0..<planted.count)
                text += " " + planted[from...].joined(separator: " ") + " " + words(0...4)
            }
            documents.append(text.replacingOccurrences(of: "\n\n", with: "\n"))
        }
        // Plain files (documents joined by blank lines), one gzip-compressed, one JSONL.
        var files: [String] = []
        let groups = [Array(documents[0..<15]), Array(documents[15..<28]), Array(documents[28...])]
        let plain = groups[0].joined(separator: "\n\n") + "\n"
        try plain.write(toFile: folder + "/a.txt", atomically: true, encoding: .utf8)
        try writeGzip(Data((groups[1].joined(separator: "\n \n")).utf8), to: folder + "/b.txt.gz")
        let lines = try groups[2].map { String(decoding: try JSONSerialization.data(withJSONObject: ["id": 1, "text": $0]), as: UTF8.self) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: folder + "/c.jsonl", atomically: true, encoding: .utf8)
        files = [folder + "/a.txt", folder + "/b.txt.gz", folder + "/c.jsonl"]
        return Case(items: items, documents: documents, files: files)
    }

    func engine(_ items: [BenchmarkItem], _ paths: [String], _ options: OverlapOptions,
                _ corpus: CorpusOptions = CorpusOptions()) throws -> [OverlapReference.ItemResult] {
        let report = try OverlapScanner(index: OverlapIndex(items: items, options: options), corpus: corpus).scan(paths: paths)
        return report.items.map { .init(ngrams: $0.ngrams, matched: $0.matched, longestSpan: $0.longestSpan) }
    }

    @Test(arguments: [(UInt64(1), 3), (2, 4), (3, 2), (4, 5), (5, 3)])
    func wordsMatchBruteForce(seed: UInt64, n: Int) throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let random = try Self.randomCase(seed: seed, folder: folder)
        let expected = OverlapReference.check(items: random.items, documents: random.documents, n: n)
        #expect(expected.contains { $0.matched > 0 }, "the random corpus should plant something")
        // The folder is walked in sorted order: a.txt, b.txt.gz, c.jsonl.
        #expect(try engine(random.items, [folder], OverlapOptions(n: n)) == expected)
    }

    @Test(arguments: [UInt64(6), 7])
    func charactersMatchBruteForce(seed: UInt64) throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let random = try Self.randomCase(seed: seed, folder: folder)
        let expected = OverlapReference.check(items: random.items, documents: random.documents, n: 9, characters: true)
        #expect(try engine(random.items, random.files, OverlapOptions(mode: .chars, n: 9)) == expected)
    }

    @Test func documentFrequencyFilterMatchesBruteForce() throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let random = try Self.randomCase(seed: 8, folder: folder)
        var expected = OverlapReference.check(items: random.items, documents: random.documents, n: 2, maxDocFreq: 2)
        let unfiltered = OverlapReference.check(items: random.items, documents: random.documents, n: 2)
        #expect(zip(expected, unfiltered).contains { $0.ngrams < $1.ngrams }, "the limit should drop something")
        var got = try engine(random.items, random.files, OverlapOptions(n: 2, maxDocumentFrequency: 2))
        for k in got.indices { got[k].longestSpan = -1; expected[k].longestSpan = -1 }
        #expect(got == expected)
    }

    @Test func chunkSizeAndThreadsDoNotChangeTheReport() throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var g = SeededGenerator(seed: 11)
        let documents = (0..<300).map { _ in (0..<g.int(in: 2...12)).map { _ in g.pick(Self.vocabulary)! }.joined(separator: " ") }
        try (documents.joined(separator: "\n\n") + "\n").write(toFile: folder + "/p.txt", atomically: true, encoding: .utf8)
        let items = (0..<10).map { BenchmarkItem(id: "\($0)", question: documents[$0 * 29], answer: documents[$0 * 29 + 1]) }
        let options = OverlapOptions(n: 2)
        let reference = try OverlapScanner(index: OverlapIndex(items: items, options: options),
                                           corpus: CorpusOptions(threads: 1)).scan(paths: [folder + "/p.txt"])
        #expect(reference.items.contains { !$0.evidence.isEmpty })
        for (chunk, threads) in [(200, 2), (333, 1), (4096, 2)] {
            let other = try OverlapScanner(index: OverlapIndex(items: items, options: options),
                                           corpus: CorpusOptions(chunkSize: chunk, threads: threads)).scan(paths: [folder + "/p.txt"])
            #expect(other.items == reference.items, "chunk \(chunk), threads \(threads)")
        }
    }

    @Test func gpt4ModeChecksSampledSubstrings() throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let long = "The quick brown fox, said Dr. Smith, jumps over 12 lazy dogs near the riverbank at dawn today."
        let short = "Short item: 7 cats?"
        let absent = "Completely different words that appear nowhere in this little corpus at all, none of them."
        let planted = "First half is planted here verbatim, with enough letters to hold several samples"
        let half = planted + ". Second part is absolutely not present anywhere else, and it is long as well!"
        // Punctuation, spacing and case differ from the items; only letters and digits count.
        let corpus = "intro \(long.uppercased().replacingOccurrences(of: " ", with: "  ")) outro\n\nshortitem7CATS\n\n"
            + "x \(planted) y\n"
        try corpus.write(toFile: folder + "/c.txt", atomically: true, encoding: .utf8)
        let items = [long, short, absent, half].enumerated().map { BenchmarkItem(id: "g\($0.offset)", question: $0.element, answer: "") }
        let options = OverlapOptions(mode: .gpt4, seed: 3)
        let report = try OverlapScanner(index: OverlapIndex(items: items, options: options)).scan(paths: [folder + "/c.txt"])
        #expect(report.items.map(\.ngrams) == [3, 1, 3, 3])
        #expect(report.items[0].matched == 3 && report.items[0].longestSpan >= 50)
        #expect(report.items[1].matched == 1 && report.items[1].longestSpan == 14)   // "shortitem7cats"
        #expect(report.items[2].matched == 0)
        // The half-planted item: a sample counts iff its 50 characters lie in the planted part.
        let reduced = OverlapReference.tokens(OverlapReference.itemText(items[3]), characters: true)
        let plantedLength = OverlapReference.tokens(planted, characters: true).count
        let places = OverlapIndex.gramPlaces(count: reduced.count, id: "g3", options: options)
        #expect(Set(places.map { $0.0 + $0.1 <= plantedLength }).count == 2, "the seed should sample both parts")
        #expect(report.items[3].matched == places.filter { $0.0 + $0.1 <= plantedLength }.count)
        // Sampling is seeded: another seed picks other places.
        #expect(OverlapIndex.gramPlaces(count: reduced.count, id: "g3", options: OverlapOptions(mode: .gpt4, seed: 4)).map(\.0)
                != places.map(\.0))
    }
}
