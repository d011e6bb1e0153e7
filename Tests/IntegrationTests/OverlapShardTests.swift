import AssayTestSupport
import Foundation
import Testing

/// `assay overlap --shard I/N` then `assay overlap merge`: the merged output is one run's.
@Suite struct OverlapShardTests {
    static let planted = [
        "the seventh lighthouse keeper counted ships that never reached the northern harbor at night",
        "a violin made of glass hums whenever the desert wind crosses the old railway bridge",
    ]

    /// A corpus folder (plain text, JSON lines, gzip JSON lines) with the items' text planted
    /// in several files, and the benchmark.
    static func fixture() throws -> (folder: String, benchmark: String, corpus: String) {
        let folder = NSTemporaryDirectory() + "assay-shard-\(UUID().uuidString)"
        let corpus = folder + "/corpus"
        try FileManager.default.createDirectory(atPath: corpus, withIntermediateDirectories: true)
        let filler = ["river", "stone", "cloud", "paper", "engine", "winter", "garden", "signal"]
        func text(_ k: Int) -> String { (0..<(20 + k % 13)).map { filler[($0 * 7 + k) % filler.count] }.joined(separator: " ") }
        var plain = (0..<400).map(text)
        plain[150] += " " + planted[0]
        plain[390] = planted[1] + " and more"
        try plain.joined(separator: "\n\n").write(toFile: corpus + "/a.txt", atomically: true, encoding: .utf8)
        var lines = (0..<300).map { #"{"text": "\#(text($0 + 7))"}"# }
        lines[20] = #"{"text": "\#(planted[0])"}"#
        lines[200] = #"{"no_text": 1}"#
        try (lines.joined(separator: "\n") + "\n").write(toFile: corpus + "/b.jsonl", atomically: true, encoding: .utf8)
        var zipped = (0..<200).map { #"{"text": "\#(text($0 + 3))"}"# }
        zipped[100] = #"{"text": "prefix \#(planted[1].prefix(60))"}"#
        try writeGzip(Data((zipped.joined(separator: "\n") + "\n").utf8), to: corpus + "/c.jsonl.gz")
        try (plain.suffix(50).joined(separator: "\n\n")).write(toFile: corpus + "/d.txt", atomically: true, encoding: .utf8)
        let benchmark = folder + "/items.jsonl"
        try planted.enumerated().map { #"{"id": "q\#($0)", "benchmark": "t", "question": "\#($1)", "answer": "yes"}"# }
            .joined(separator: "\n").write(toFile: benchmark, atomically: true, encoding: .utf8)
        return (folder, benchmark, corpus)
    }

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any] ?? [:]
    }

    @Test func threeShardsMergedEqualOneRunAndBadSetsAreRefused() async throws {
        let (folder, benchmark, corpus) = try Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let base = ["overlap", "--benchmark", benchmark, "--corpus", corpus, "--quiet"]
        let common = base + ["--n", "5"]
        let single = try await AssayBinary.run(common + ["--out", folder + "/single"])
        #expect(single.status == 1, "one JSON line lacks the field: \(single.stderr)")
        for shard in 1...3 {
            let run = try await AssayBinary.run(common + ["--shard", "\(shard)/3", "--out", folder + "/s\(shard)"])
            #expect([0, 1].contains(run.status), "\(run.stderr)")
        }
        let merge = try await AssayBinary.run(["overlap", "merge", folder + "/s3", folder + "/s1", folder + "/s2", "--out", folder + "/merged"])
        #expect(merge.status == 1, "\(merge.stderr)")   // the skipped line, as in one run

        let one = try Data(contentsOf: URL(fileURLWithPath: folder + "/single/overlap.jsonl"))
        let merged = try Data(contentsOf: URL(fileURLWithPath: folder + "/merged/overlap.jsonl"))
        #expect(merged == one, "overlap.jsonl byte for byte")
        #expect(String(decoding: one, as: UTF8.self).contains(#""line":21"#), "JSON line evidence carries the file's line number")
        var a = try Self.json(folder + "/single/overlap-summary.json"), b = try Self.json(folder + "/merged/overlap-summary.json")
        for key in Set(a.keys).union(b.keys) where key != "statistics" && key != "mb_per_second" {
            #expect("\(a[key] ?? "nil")" == "\(b[key] ?? "nil")", "summary \(key)")
        }
        var sa = a["statistics"] as? [String: Any] ?? [:], sb = b["statistics"] as? [String: Any] ?? [:]
        #expect(sa["documents"] as? Int == 949 && sa["skipped_lines"] as? Int == 1 && a["items_matched"] as? Int == 2, "\(sa)")
        sa["seconds"] = nil
        sb["seconds"] = nil
        for key in Set(sa.keys).union(sb.keys) { #expect("\(sa[key] ?? "nil")" == "\(sb[key] ?? "nil")", "statistics.\(key)") }
        a = [:]
        b = [:]

        // Missing, duplicate, mixed.
        let missing = try await AssayBinary.run(["overlap", "merge", folder + "/s1", folder + "/s3", "--out", folder + "/x"])
        #expect(missing.status == 1 && missing.stderr.contains("missing shard 2/3"), "\(missing.stderr)")
        let twice = try await AssayBinary.run(["overlap", "merge", folder + "/s1", folder + "/s2", folder + "/s2", folder + "/s3",
                                               "--out", folder + "/x"])
        #expect(twice.stderr.contains("shard 2/3 given twice: \(folder)/s2 and \(folder)/s2"), "\(twice.stderr)")
        let other = try await AssayBinary.run(base + ["--n", "6", "--shard", "2/3", "--out", folder + "/other"])
        #expect([0, 1].contains(other.status), "\(other.stderr)")
        let mixed = try await AssayBinary.run(["overlap", "merge", folder + "/s1", folder + "/other", folder + "/s3", "--out", folder + "/x"])
        #expect(mixed.stderr.contains("\(folder)/other: not a shard of the same run as \(folder)/s1: option n (6 vs 5)"), "\(mixed.stderr)")
        let empty = try await AssayBinary.run(["overlap", "merge", folder + "/corpus", "--out", folder + "/x"])
        #expect(empty.stderr.contains("\(folder)/corpus: no overlap-partial.json"), "\(empty.stderr)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/x/overlap.jsonl"))
    }

    @Test func shardRefusesMaxDocFreqAndBadSpecs() async throws {
        let (folder, benchmark, corpus) = try Self.fixture()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let common = ["overlap", "--benchmark", benchmark, "--corpus", corpus, "--out", folder + "/s"]
        let freq = try await AssayBinary.run(common + ["--shard", "1/2", "--max-doc-freq", "10"])
        #expect(freq.status == 1 && freq.stderr.contains("--shard cannot be used with --max-doc-freq"), "\(freq.stderr)")
        let zero = try await AssayBinary.run(common + ["--shard", "0/2"])
        #expect(zero.status == 1 && zero.stderr.contains("I counts from 1"), "\(zero.stderr)")
        let help = try await AssayBinary.run(["overlap", "merge", "--help"])
        #expect(help.status == 0 && help.stdout.contains("USAGE: assay overlap merge [--out DIR] SHARD_DIR..."), "\(help.stdout)")
    }
}
