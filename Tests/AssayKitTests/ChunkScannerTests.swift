import Testing
@testable import AssayKit
import AssayTestSupport

/// How `ChunkScanner` cuts plain text into documents, against a line-by-line reading.
@Suite struct ChunkScannerTests {
    /// The paragraphs of `bytes` read line by line: a line of spaces, tabs and CRs only, with
    /// a line end before and after it, ends the paragraph before it (at the line end before it);
    /// ranges of whitespace only are dropped.
    static func referenceParagraphs(_ bytes: [UInt8]) -> [Range<Int>] {
        let lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        var ranges: [Range<Int>] = []
        var start = 0
        var lineStart = 0
        for (k, line) in lines.enumerated() {
            if k > 0 && k < lines.count - 1 && line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) {
                if lineStart - 1 > start { ranges.append(start..<(lineStart - 1)) }
                start = lineStart + line.count + 1
            }
            lineStart += line.count + 1
        }
        if start < bytes.count { ranges.append(start..<bytes.count) }
        return ranges.filter { bytes[$0].contains { ![0x20, 0x09, 0x0D, 0x0A].contains($0) } }
    }

    /// Texts of words, line ends (LF, CRLF), blank lines, lines of spaces or tabs only, also at
    /// the start and the end.
    @Test func paragraphsFromLineEndsMatchLineByLineReading() {
        let pieces = ["word", "two words", "naïve", "—", "x", "\n", "\n", "\r\n", "\n\n", "\n \n", "\n\t\r\n", "\r\n\r\n",
                      "  ", "\t", "\n\n\n", " \n  \n"]
        var g = SeededGenerator(seed: 3)
        for _ in 0..<2000 {
            let bytes = Array((0..<g.int(in: 0...14)).map { _ in g.pick(pieces)! }.joined().utf8)
            let found = bytes.withUnsafeBufferPointer { buffer in
                ChunkScanner.paragraphs(buffer, lineEnds: buffer.newlineOffsets(limit: .max))
            }
            #expect(found == Self.referenceParagraphs(bytes), "\(String(decoding: bytes, as: UTF8.self).debugDescription)")
        }
    }
}
