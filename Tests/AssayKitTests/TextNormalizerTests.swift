import Testing
@testable import AssayKit

@Suite struct TextNormalizerTests {
    func hashes(_ text: String, _ unit: TextNormalizer.Unit = .words) -> [UInt64] {
        tokens(text, unit).hashes
    }

    func tokens(_ text: String, _ unit: TextNormalizer.Unit = .words) -> TextNormalizer.Tokens {
        var tokens = TextNormalizer.Tokens()
        let bytes = Array(text.utf8)
        bytes.withUnsafeBufferPointer { TextNormalizer(unit: unit).tokenize($0, range: 0..<$0.count, into: &tokens) }
        return tokens
    }

    @Test func spellingsThatNormalizeAlikeHashAlike() {
        // Punctuation is removed inside words, case folded, CJK characters split off.
        #expect(hashes("Don't STOP—now, GPT模型 naïve") == hashes("dont stopnow gpt 模 型 NAÏVE"))
        #expect(hashes("inter-national-ization") == hashes("INTERNATIONALIZATION"))
        #expect(hashes("e.g.") == hashes("eg"))
        #expect(hashes("a b") != hashes("ab"))
        #expect(hashes("...  --- !!!").isEmpty)
        #expect(hashes("한국어 텍스트").count == 6)   // 3 + 3 syllables
    }

    @Test func charactersModeKeepsLettersAndDigitsOnly() {
        #expect(hashes("A-b c! 7", .characters) == hashes("abc7", .characters))
        #expect(hashes("猫 cat", .characters).count == 4)
        // A word and its characters are different tokens.
        #expect(hashes("a", .characters) == hashes("a"))
        #expect(hashes("ab", .characters) != hashes("ab"))
    }

    @Test func byteRangesCoverKeptBytes() {
        let t = tokens("  Hello, wörld! 日本")
        // "Hello" 2..<7 (comma excluded), "wörld" 9..<15 (ö is 2 bytes), 日 17..<20, 本 20..<23.
        #expect(t.starts == [2, 9, 17, 20])
        #expect(t.ends == [7, 15, 20, 23])
    }

    @Test func distinctShortWordsGetDistinctHashes() {
        var seen = Set<UInt64>()
        let letters = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        for a in letters { for b in letters { for c in letters { seen.insert(hashes(String([a, b, c]))[0]) } } }
        #expect(seen.count == letters.count * letters.count * letters.count)
    }
}
