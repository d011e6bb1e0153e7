/// The `typos` perturbation: swapped neighbouring letters in a few words.
extension AnswerPerturbation {
    /// The share of eligible words that get a typo.
    static let typoRate = 0.05

    /// One place a typo can go: a Latin word (letters `start..<end`, at least four, the
    /// first letter never moves), or two neighbouring Chinese ideographs `start` and `start + 1`.
    private struct TypoSite {
        var start: Int
        var end: Int
    }

    /// `text` with neighbouring letters swapped in round(5%) of the eligible words, at least
    /// one. Eligible: Latin words of four or more letters, and pairs of neighbouring Chinese
    /// ideographs (a Chinese "word", taken two characters at a time), outside
    /// - fenced code blocks (lines from ``` or ~~~ to the closing fence), inline `code`, lines
    ///   indented by four spaces or a tab, and table rows (lines starting with `|`);
    /// - whitespace-separated tokens holding a digit or a character of paths, addresses and
    ///   code (`/ \ @ _ = < > { } $ | ^ ~`), or a dot between letters (`file.txt`, `e.g.`);
    /// - Chinese numerals (一, 二, 十, 百, ...).
    /// In a Latin word two different neighbouring letters after the first are swapped; two
    /// ideographs are swapped with each other. Digits never move.
    static func addTypos(to text: String, using rng: inout SeededGenerator) -> String {
        var chars = Array(text)
        let protected = protectedMask(chars)
        var sites: [TypoSite] = []
        var i = 0
        while i < chars.count {
            if protected[i] { i += 1; continue }
            if TextScript.isWordLetter(chars[i]) {
                var end = i
                while end < chars.count, TextScript.isWordLetter(chars[end]), !protected[end] { end += 1 }
                if end - i >= 4, swapChoices(chars, i, end).count > 0 { sites.append(TypoSite(start: i, end: end)) }
                i = end
            } else if isSwappableIdeograph(chars[i]) {
                var end = i
                while end < chars.count, isSwappableIdeograph(chars[end]), !protected[end] { end += 1 }
                var k = i
                while k + 1 < end {
                    if chars[k] != chars[k + 1] { sites.append(TypoSite(start: k, end: k + 2)) }
                    k += 2
                }
                i = end
            } else {
                i += 1
            }
        }
        guard !sites.isEmpty else { return text }
        let count = max(1, Int((typoRate * Double(sites.count)).rounded()))
        for site in rng.sample(sites, count: count) {
            let k: Int
            if site.end - site.start == 2 && TextScript.isIdeograph(chars[site.start]) {
                k = site.start
            } else {
                k = rng.pick(swapChoices(chars, site.start, site.end))!
            }
            chars.swapAt(k, k + 1)
        }
        return String(chars)
    }

    /// Positions `k` in a word where letters `k` and `k + 1` differ and `k` is not the first.
    private static func swapChoices(_ chars: [Character], _ start: Int, _ end: Int) -> [Int] {
        (start + 1..<max(start + 1, end - 1)).filter { chars[$0] != chars[$0 + 1] }
    }

    private static func isSwappableIdeograph(_ character: Character) -> Bool {
        TextScript.isIdeograph(character) && !Perturber.chineseNumerals.contains(character)
    }

    /// Characters that mark a token as a number, path, address or code.
    private static let codeLike: Set<Character> = ["/", "\\", "@", "_", "=", "<", ">", "{", "}", "$", "|", "^", "~", "`"]

    /// True for each character typos must not touch: code blocks and spans, indented and
    /// table lines, and tokens with digits or code-like characters.
    private static func protectedMask(_ chars: [Character]) -> [Bool] {
        var mask = [Bool](repeating: false, count: chars.count)
        // Lines: fences, indented code, tables.
        var lineStart = 0
        var inFence = false
        while lineStart < chars.count {
            var lineEnd = lineStart
            while lineEnd < chars.count, chars[lineEnd] != "\n" { lineEnd += 1 }
            let line = String(chars[lineStart..<lineEnd])
            let trimmed = line.drop(while: { $0 == " " })
            let isFence = trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~")
            if inFence || isFence || line.hasPrefix("    ") || line.hasPrefix("\t") || trimmed.hasPrefix("|") {
                for k in lineStart..<lineEnd { mask[k] = true }
            }
            if isFence { inFence.toggle() }
            lineStart = lineEnd + 1
        }
        // Inline code spans.
        var open: Int?
        for (k, character) in chars.enumerated() where character == "`" && !mask[k] {
            if let start = open {
                for j in start...k { mask[j] = true }
                open = nil
            } else {
                open = k
            }
        }
        // Tokens holding digits, code-like characters, or a dot between letters.
        var start = 0
        while start < chars.count {
            if chars[start].isWhitespace { start += 1; continue }
            var end = start
            while end < chars.count, !chars[end].isWhitespace { end += 1 }
            var codeToken = false
            for k in start..<end {
                let character = chars[k]
                if character.isNumber || codeLike.contains(character) { codeToken = true; break }
                if character == ".", k > start, k + 1 < end, chars[k - 1].isLetter, chars[k + 1].isLetter {
                    codeToken = true; break
                }
            }
            if codeToken {
                // Chinese runs have no spaces: protect only the digits' own neighbourhood there.
                if chars[start..<end].contains(where: TextScript.isIdeograph) {
                    for k in start..<end where chars[k].isNumber || codeLike.contains(chars[k]) {
                        for j in max(start, k - 1)...min(end - 1, k + 1) { mask[j] = true }
                    }
                } else {
                    for k in start..<end { mask[k] = true }
                }
            }
            start = end
        }
        return mask
    }
}
