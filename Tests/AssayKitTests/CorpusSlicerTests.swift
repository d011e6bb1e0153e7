import Foundation
import Testing
@testable import AssayKit
import AssayTestSupport

/// `--shard I/N` slicing: every byte and document of the corpus in exactly one shard,
/// deterministic, balanced by bytes; compressed files whole.
@Suite struct CorpusSlicerTests {
    /// A corpus folder: plain text with blank lines (LF and CRLF), JSON lines, a gzip file, a
    /// zstd file, an empty file; sizes unequal.
    static func corpus() throws -> (folder: String, files: [CorpusFile]) {
        let folder = NSTemporaryDirectory() + "assay-slicer-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var generator = SeededGenerator(seed: 7)
        func words(_ count: Int) -> String {
            (0..<count).map { _ in ["alpha", "beta", "gamma", "delta"][Int(generator.next() % 4)] }.joined(separator: " ")
        }
        let plain = (0..<300).map { k in words(5 + k % 17) + (k % 3 == 0 ? "\nmore " + words(3) : "") }.joined(separator: "\n\n")
        try plain.write(toFile: folder + "/a.txt", atomically: true, encoding: .utf8)
        let crlf = (0..<80).map { _ in words(9) }.joined(separator: "\r\n\r\n")
        try crlf.write(toFile: folder + "/b.txt", atomically: true, encoding: .utf8)
        let lines = (0..<400).map { k in #"{"text": "\#(words(4 + k % 9))"}"# }.joined(separator: "\n") + "\n"
        try lines.write(toFile: folder + "/c.jsonl", atomically: true, encoding: .utf8)
        try writeGzip(Data(lines.utf8), to: folder + "/d.jsonl.gz")
        try writeZstd(Data(crlf.utf8), to: folder + "/d.txt.zst", frames: 2)
        try "".write(toFile: folder + "/e.txt", atomically: true, encoding: .utf8)
        let files = try CorpusSlicer.describe(try CorpusReader.expand([folder]))
        return (folder, files)
    }

    @Test func everyByteIsInExactlyOneShardAndRangesStartAtDocuments() throws {
        let (folder, files) = try Self.corpus()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(files.map { ($0.path as NSString).lastPathComponent }
                == ["a.txt", "b.txt", "c.jsonl", "d.jsonl.gz", "d.txt.zst", "e.txt"])
        #expect(files.map(\.compression) == [.none, .none, .none, .gzip, .zstd, .none])
        for count in [1, 2, 3, 5, 8, 40] {
            let shards = try (1...count).map { try CorpusSlicer.slices(files, shard: ShardSpec(index: $0, count: count)) }
            // Deterministic: the same slices a second time.
            #expect(try (1...count).map { try CorpusSlicer.slices(files, shard: ShardSpec(index: $0, count: count)) } == shards)
            for (k, file) in files.enumerated() {
                let ranges = shards.flatMap { $0.filter { $0.file == k } }
                guard file.divisible else {
                    #expect(ranges == [CorpusSlice(file: k, start: 0, end: nil)], "\(file.path) whole, in one shard")
                    continue
                }
                let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file.path)))
                var next: Int64 = 0
                for range in ranges {
                    #expect(range.start == next, "\(count) shards: \(file.path) ranges tile the file")
                    next = range.end ?? -1
                    let start = Int(range.start)
                    if start > 0 && start < bytes.count {   // a document starts here
                        #expect(bytes[start - 1] == 0x0A)
                        if !CorpusReader.isJSONLines(file.path) { #expect(bytes[start - 2] == 0x0A || bytes[start - 2] == 0x0D) }
                    }
                }
                #expect(next == file.size, "\(count) shards: \(file.path) covered to its end")
            }
        }
    }

    @Test func nominalSlicesAreBalancedByBytes() throws {
        let files = (0..<7).map { CorpusFile(path: "f\($0).txt", size: Int64([10, 5000, 3, 777, 120_000, 1, 64][$0]),
                                                  compression: .none) }
        let total = files.reduce(Int64(0)) { $0 + $1.size }
        for count in [1, 2, 3, 10, 1000] {
            let sizes = try (1...count).map { index in
                try CorpusSlicer.nominal(files, shard: ShardSpec(index: index, count: count))
                    .reduce(Int64(0)) { $0 + (($1.end ?? 0) - $1.start) }
            }
            #expect(sizes.reduce(0, +) == total)
            #expect(sizes.allSatisfy { abs($0 * Int64(count) - total) <= Int64(count) }, "\(count): \(sizes)")
        }
        // A compressed file goes whole to the shard holding its middle byte.
        let mixed = [CorpusFile(path: "a.txt", size: 100, compression: .none), CorpusFile(path: "b.zst", size: 300, compression: .zstd)]
        let owners = try (1...4).map { try CorpusSlicer.nominal(mixed, shard: ShardSpec(index: $0, count: 4)).contains { $0.file == 1 } }
        #expect(owners == [false, false, true, false])   // middle byte 250 of 0..<400
    }

    @Test func shardScansCoverEveryDocumentOnce() throws {
        let (folder, files) = try Self.corpus()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let index = OverlapIndex(items: [BenchmarkItem(id: "x", benchmark: "t", question: "alpha beta gamma delta alpha", answer: "beta")],
                                 options: OverlapOptions(n: 3))
        let scanner = OverlapScanner(index: index, corpus: CorpusOptions(chunkSize: 256, threads: 1))
        let whole = try scanner.pass(index: index, reader: try scanner.reader([folder]), countOnly: false, label: "")
        for count in [2, 3, 7] {
            var documents = 0, bytes: Int64 = 0, lines = 0
            var frequency = [Int32](repeating: 0, count: index.gramCount)
            for shard in 1...count {
                let slices = try CorpusSlicer.slices(files, shard: ShardSpec(index: shard, count: count))
                let pass = try scanner.pass(index: index, reader: try scanner.reader([folder], slices: slices), countOnly: false, label: "")
                documents += pass.documents
                bytes += pass.bytes
                lines += pass.sliceLines.reduce(0, +)
                for g in frequency.indices { frequency[g] += pass.frequency[g] }
            }
            #expect(documents == whole.documents && bytes == whole.bytes, "\(count) shards")
            #expect(lines == whole.sliceLines.reduce(0, +) && frequency == whole.frequency, "\(count) shards")
        }
    }

    @Test func shardSpecIsOneBased() throws {
        #expect(try ShardSpec(parsing: "1/3") == ShardSpec(index: 1, count: 3))
        for bad in ["0/3", "4/3", "3", "a/b", "1/0", "-1/2"] {
            #expect(throws: ShardError.badSpec(bad)) { try ShardSpec(parsing: bad) }
        }
    }
}
