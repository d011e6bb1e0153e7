import Foundation
import Testing
@testable import AssayKit

@Suite struct LexiconTests {
    @Test func parsesSkippingCommentsAndBlanks() throws {
        let lexicon = try Lexicon.parse("# header\nAlice\n\n  Ben  \n", name: "t", source: "t.txt")
        #expect(lexicon.entries == ["Alice", "Ben"])
    }

    @Test func duplicateIsReportedWithLine() {
        #expect(throws: InputError.badLine(file: "t.txt", line: 3, reason: "duplicate entry 'Alice'")) {
            try Lexicon.parse("Alice\nBen\nAlice\n", name: "t", source: "t.txt")
        }
    }

    @Test func bundledLexiconsLoad() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Corpora/lexicons")
        for name in ["names-en", "names-zh", "objects-en", "objects-zh"] {
            let lexicon = try Lexicon.load(name, from: folder)
            #expect(lexicon.entries.count >= 15, "\(name) is too small")
        }
    }
}
