import Foundation
import Testing
@testable import AssayKit
import AssayTestSupport

/// The fused scan (8-byte word blocks, `GramWindow`'s rolling hash over the normalizer's
/// output) against the straightforward one (tokens from `String` APIs hashed byte by byte,
/// windows from prefix sums), on tricky text.
@Suite struct OverlapFusedScanTests {
    /// Pieces that exercise every path: long words (several 8-byte blocks), words glued to
    /// punctuation or split by it, digits, accents and other lowercase mappings (İ, ẞ, Σ),
    /// CJK/Hangul/Thai (own tokens, also inside Latin words), symbols, invalid UTF-8 (as
    /// U+FFFD in a `String`; raw bytes are tested below), all whitespace kinds.
    static let pieces = ["internationalization", "ABCDEFGH", "abcdefg", "a", "Z9", "2026-12-04", "don't", "e.g.",
                         "co-operate,", "(paren)", "\"quoted\"", "naïve", "İstanbul", "STRAẞE", "ΣΊΣΥΦΟΣ", "模型", "GPT模型",
                         "한국어", "ภาษาไทย", "—", "…", "$100", "x²", "🙂ok", "tab\tsep", "line\nbreak", "nbsp\u{00A0}sep",
                         "zero\u{200B}width", "1234567890123456789", "MiXeD-CaSe_words", "\r\n", "   ", "ǅemal"]

    /// A random text of the pieces, joined by spaces or nothing, plus a random tail length.
    static func text(_ g: inout SeededGenerator, words: Int) -> String {
        (0..<words).map { _ in g.pick(pieces)! + (g.chance(0.85) ? " " : "") }.joined()
    }

    /// The straightforward token hashes: `OverlapReference`'s `String` tokens, hashed one byte
    /// at a time.
    static func referenceHashes(_ text: String, characters: Bool = false) -> [UInt64] {
        OverlapReference.tokens(text, characters: characters).map { token in
            var hasher = WordHasher()
            for byte in token.utf8 { hasher.feed(byte) }
            return hasher.finish()
        }
    }

    static func tokens(_ bytes: [UInt8], _ range: Range<Int>, _ unit: TextNormalizer.Unit = .words) -> TextNormalizer.Tokens {
        var tokens = TextNormalizer.Tokens()
        bytes.withUnsafeBufferPointer { TextNormalizer(unit: unit).tokenize($0, range: range, into: &tokens) }
        return tokens
    }

    @Test(arguments: [UInt64(1), 2, 3, 4])
    func blockTokenizerMatchesStringTokens(seed: UInt64) {
        var g = SeededGenerator(seed: seed)
        for _ in 0..<200 {
            let text = Self.text(&g, words: g.int(in: 0...30))
            let bytes = Array(text.utf8)
            #expect(Self.tokens(bytes, 0..<bytes.count).hashes == Self.referenceHashes(text), "\(text.debugDescription)")
            #expect(Self.tokens(bytes, 0..<bytes.count, .characters).hashes == Self.referenceHashes(text, characters: true))
            // Inside a larger buffer, the bytes around the range change nothing (no block
            // reads past its end), and a cut at a space splits nothing.
            let padded = Array("Xyzzy".utf8) + bytes + Array("tail words".utf8)
            #expect(Self.tokens(padded, 5..<(5 + bytes.count)).hashes == Self.tokens(bytes, 0..<bytes.count).hashes)
            if let space = bytes.firstIndex(of: 0x20) {
                let halves = Self.tokens(bytes, 0..<space).hashes + Self.tokens(bytes, space..<bytes.count).hashes
                #expect(halves == Self.tokens(bytes, 0..<bytes.count).hashes)
            }
        }
    }

    @Test func invalidUTF8IsStrippedInBothPaths() {
        // Invalid bytes inside and between words, near the end of the buffer (byte path) and
        // early (block path).
        let raw: [UInt8] = Array("abc".utf8) + [0xFF] + Array("def ghijklmnop".utf8) + [0xC3] + Array(" q".utf8) + [0xE2, 0x82]
        #expect(Self.tokens(raw, 0..<raw.count).hashes == Self.referenceHashes("abcdef ghijklmnop  q"))
    }

    @Test func hasherGivesTheSameHashHoweverFed() {
        let word = Array("supercalifragilisticexpialidocious".utf8)
        var byByte = WordHasher()
        for byte in word { byByte.feed(byte) }
        for split in 1..<8 {
            var byBlocks = WordHasher()
            var k = 0
            while k < word.count {
                let count = min(k == 0 ? split : 8, word.count - k)
                let block = word[k..<(k + count)].enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
                byBlocks.feed(block, count: count)
                k += count
            }
            #expect(byBlocks.finish() == byByte.finish(), "first block of \(split)")
        }
        #expect(WordHasher.hash(block: 0x61) == Self.referenceHashes("a")[0])
    }

    /// The SWAR word detection against a byte-by-byte reading, on blocks of letters, digits,
    /// the bytes around their ranges (`@`, `[`, `` ` ``, `{`, `/`, `:`), whitespace and
    /// non-ASCII bytes whose low 7 bits are letters; and the two-block hash against feeding.
    @Test func wordBlocksMatchByteByByteReading() {
        let interesting: [UInt8] = Array("aAzZ09mM@[`{/: \t,.".utf8) + [0xC1, 0xE1, 0xB0, 0x80, 0xFF, 0x00]
        var g = SeededGenerator(seed: 5)
        for _ in 0..<20_000 {
            // Mostly letters, so every count from 0 to 8 comes up often.
            let bytes = (0..<16).map { _ in g.chance(0.8) ? UInt8(ascii: "a") + UInt8(g.int(in: 0...25)) : g.pick(interesting)! }
            let block = { (k: Int) in (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[k + $1]) << (8 * $1) } }
            func isWord(_ byte: UInt8) -> Bool { byte < 0x80 && (Character(Unicode.Scalar(byte)).isLetter || Character(Unicode.Scalar(byte)).isNumber) }
            let count = bytes.prefix(8).firstIndex { !isWord($0) } ?? 8
            let lowered = bytes.prefix(count).enumerated().reduce(UInt64(0)) {
                $0 | UInt64($1.element >= 0x41 && $1.element <= 0x5A ? $1.element | 0x20 : $1.element) << (8 * $1.offset)
            }
            let (first, found) = WordHasher.leadingWordBytes(block(0))
            #expect(found == count && first == lowered, "\(bytes)")
            let (second, more) = WordHasher.leadingWordBytes(block(8))
            guard found > 0 && (found < 8 || more < 8) else { continue }   // what `hash` takes
            var fed = WordHasher()
            fed.feed(first, count: found)
            if found == 8 && more > 0 { fed.feed(second, count: more) }
            #expect(WordHasher.hash(first: first, second: second, long: found == 8) == fed.finish(), "\(bytes)")
        }
    }

    /// Words of every length around the block sizes (1-17 and 23-25 letters and digits, mixed
    /// case), bare or glued to punctuation, between all kinds of whitespace, against the
    /// `String` tokens.
    @Test func wordsOfEveryLengthAroundBlockSizes() {
        var g = SeededGenerator(seed: 11)
        let letters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        for _ in 0..<300 {
            let text = (0..<g.int(in: 1...30)).map { _ in
                let word = String((0..<g.pick(Array(1...17) + [23, 24, 25])!).map { _ in g.pick(letters)! })
                return g.pick(["", "", "", "\"", "("])! + word + g.pick(["", "", ",", ".", "!?", "\u{2019}s", "-x"])!
                    + g.pick([" ", " ", "\n", "\t", "\r\n", "  ", "\n\n", " \u{00A0}"])!
            }.joined()
            let bytes = Array(text.utf8)
            #expect(Self.tokens(bytes, 0..<bytes.count).hashes == Self.referenceHashes(text), "\(text.debugDescription)")
        }
    }

    /// `GramWindow` finds a window hash exactly when the straightforward prefix-sum windows
    /// hold it: every window of a tricky document, one at a time, and hashes that are not there.
    @Test(arguments: [3, 5, 13])
    func rollingWindowFindsExactlyThePrefixWindows(n: Int) {
        var g = SeededGenerator(seed: UInt64(n))
        for _ in 0..<20 {
            let bytes = Array(Self.text(&g, words: g.int(in: 0...40)).utf8)
            let hashes = Self.tokens(bytes, 0..<bytes.count).hashes
            var prefix: [UInt64] = []
            RollingHash.prefixes(of: hashes, into: &prefix)
            let power = RollingHash.power(n)
            let windows = hashes.count < n ? [] : (0...(hashes.count - n)).map { p in
                prefix.withUnsafeBufferPointer { RollingHash.window($0, p, n, power: power) }
            }
            func found(_ wanted: UInt64) -> Bool {
                var table = GramTable(capacity: 1)
                table.set(wanted, 0)
                var window = GramWindow(table: table, n: n)
                defer { window.deallocate() }
                // Twice, so the second document starts from a reset window.
                for _ in 0..<2 {
                    window.reset()
                    bytes.withUnsafeBufferPointer { TextNormalizer(unit: .words).tokenize($0, range: 0..<$0.count, into: &window) }
                }
                return window.foundAny()
            }
            for wanted in windows { #expect(found(wanted)) }
            // Prefixes shorter than n are not windows.
            for length in 1..<min(n, hashes.count + 1) where !windows.contains(prefix[length]) { #expect(!found(prefix[length])) }
        }
    }

    /// The same corpus as plain files and as zstd (several frames) or gzip files gives the same
    /// report, evidence included (offsets and lines in the decompressed text).
    @Test func compressedCorporaReadAsPlainOnes() throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var g = SeededGenerator(seed: 9)
        // One line each, so no blank line splits a plain-text document.
        let documents = (0..<60).map { _ in Self.text(&g, words: g.int(in: 5...40)).replacingOccurrences(of: "\n", with: " ") }
        let items = (0..<6).map { k in BenchmarkItem(id: "i\(k)", question: documents[k * 9], answer: documents[k * 9 + 1]) }
        let plain = documents.joined(separator: "\n\n") + "\n"
        let lines = try documents.map { String(decoding: try JSONSerialization.data(withJSONObject: ["text": $0]), as: UTF8.self) }
            .joined(separator: "\n") + "\n"
        try plain.write(toFile: folder + "/p.txt", atomically: true, encoding: .utf8)
        try lines.write(toFile: folder + "/p.jsonl", atomically: true, encoding: .utf8)
        try writeZstd(Data(plain.utf8), to: folder + "/z.txt.zst", frames: 3)
        try writeZstd(Data(lines.utf8), to: folder + "/z.jsonl.zst")
        try writeGzip(Data(lines.utf8), to: folder + "/g.jsonl.gz")
        let scanner = OverlapScanner(index: OverlapIndex(items: items, options: OverlapOptions(n: 4)),
                                     corpus: CorpusOptions(chunkSize: 512, threads: 2))
        func report(_ name: String) throws -> [ItemOverlap] {
            try scanner.scan(paths: [folder + "/" + name]).items.map { item in
                var item = item
                for k in item.evidence.indices { item.evidence[k].path = "" }
                return item
            }
        }
        let expected = try report("p.txt")
        #expect(expected.filter { !$0.evidence.isEmpty }.count >= 4)
        #expect(try report("z.txt.zst") == expected)
        #expect(try report("z.jsonl.zst") == report("p.jsonl"))
        #expect(try report("g.jsonl.gz") == report("p.jsonl"))
        // A folder of them: every file read, in order.
        let all = try scanner.scan(paths: [folder])
        #expect(all.statistics.files == 5 && all.statistics.documents == 5 * documents.count)
    }

    @Test func truncatedOrCorruptZstdIsAnErrorNamingTheFile() throws {
        let folder = try OverlapReference.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let text = String(repeating: "some words to compress here\n\n", count: 2000)
        try writeZstd(Data(text.utf8), to: folder + "/whole.txt.zst")
        let whole = try Data(contentsOf: URL(fileURLWithPath: folder + "/whole.txt.zst"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: folder + "/cut.txt.zst"))
        // The zstd magic number, then a frame header with its reserved bit set.
        try Data([0x28, 0xB5, 0x2F, 0xFD, 0xFF, 0xFF, 0xFF, 0xFF]).write(to: URL(fileURLWithPath: folder + "/bad.txt.zst"))
        let scanner = OverlapScanner(index: OverlapIndex(items: [BenchmarkItem(id: "x", question: "some words to compress", answer: "")],
                                                         options: OverlapOptions(n: 2)))
        #expect(try scanner.scan(paths: [folder + "/whole.txt.zst"]).statistics.documents == 2000)
        #expect(throws: InputError.unreadable(path: folder + "/cut.txt.zst", reason: "truncated zstd data")) {
            try scanner.scan(paths: [folder + "/cut.txt.zst"])
        }
        #expect(throws: InputError.self) { try scanner.scan(paths: [folder + "/bad.txt.zst"]) }
    }
}
