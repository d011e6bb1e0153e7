/// Character and whitespace noise on the question text.
extension Perturber {
    /// Letters next to each letter on a QWERTY keyboard row, for substitution typos.
    private static let keyboardNeighbors: [Character: [Character]] = {
        var table: [Character: [Character]] = [:]
        for row in ["qwertyuiop", "asdfghjkl", "zxcvbnm"].map(Array.init) {
            for (i, key) in row.enumerated() {
                table[key] = [i > 0 ? row[i - 1] : nil, i + 1 < row.count ? row[i + 1] : nil].compactMap { $0 }
            }
        }
        return table
    }()

    /// The character in the other case, when that is one character ("ß" upper-cases to "SS": kept).
    static func flipCase(_ character: Character) -> Character {
        let flipped = character.isUppercase ? character.lowercased() : character.uppercased()
        return flipped.count == 1 ? Character(flipped) : character
    }

    /// Chinese numeral characters: numbers, which typos never touch.
    static let chineseNumerals = Set("零〇一二两三四五六七八九十百千万亿")

    /// Typos at `rate` per character: in alphabetic words of four or more letters (not touching
    /// a digit, not an answer word) swapped neighbours, case flips, keyboard slips, drops; in
    /// Chinese, per ideograph, swapped neighbours, drops and doubled characters.
    func addTypos(_ item: inout BenchmarkItem, rate: Double, using rng: inout SeededGenerator) -> Bool {
        let protected = Self.protectedTokens(of: item)
        let chars = Array(item.question)
        var output: [Character] = []
        var i = 0
        while i < chars.count {
            if TextScript.isIdeograph(chars[i]) {
                let eligible = { (k: Int) in
                    k < chars.count && TextScript.isIdeograph(chars[k]) && !Self.chineseNumerals.contains(chars[k])
                        && !protected.contains(String(chars[k]))
                }
                if eligible(i) && rng.chance(rate) {
                    switch rng.int(in: 0...2) {
                    case 0 where eligible(i + 1): output += [chars[i + 1], chars[i]]; i += 2; continue
                    case 1: i += 1; continue
                    default: output += [chars[i], chars[i]]; i += 1; continue
                    }
                }
                output.append(chars[i]); i += 1; continue
            }
            guard TextScript.isWordLetter(chars[i]) else { output.append(chars[i]); i += 1; continue }
            var end = i
            while end < chars.count, TextScript.isWordLetter(chars[end]) { end += 1 }
            let touchesDigit = (i > 0 && chars[i - 1].isNumber) || (end < chars.count && chars[end].isNumber)
            let word = String(chars[i..<end])
            guard end - i >= 4, !touchesDigit, !protected.contains(word.lowercased()) else {
                output += chars[i..<end]; i = end; continue
            }
            var k = i
            while k < end {
                guard rng.chance(rate) else { output.append(chars[k]); k += 1; continue }
                switch rng.int(in: 0...3) {
                case 0 where k + 1 < end:
                    output += [chars[k + 1], chars[k]]; k += 2
                case 1:
                    output.append(Self.flipCase(chars[k])); k += 1
                case 2:
                    let slip = Self.keyboardNeighbors[chars[k]].flatMap { rng.pick($0) }
                        ?? Self.keyboardNeighbors[Self.flipCase(chars[k])].flatMap { rng.pick($0) }.map(Self.flipCase)
                    output.append(slip ?? chars[k]); k += 1
                default:
                    k += 1
                }
            }
            i = end
        }
        item.question = String(output)
        return true
    }

    /// Doubled spaces, line breaks after sentences, spaces after Chinese punctuation, and a
    /// trailing space; nothing is inserted inside a word or number.
    func addWhitespaceNoise(_ item: inout BenchmarkItem, using rng: inout SeededGenerator) -> Bool {
        let original = item.question
        var output = ""
        var previous: Character?
        for character in original {
            if character == " " {
                if let p = previous, ".?!:".contains(p), rng.chance(0.25) {
                    output += "\n"
                } else {
                    output += rng.chance(0.25) ? "  " : " "
                }
            } else {
                output.append(character)
                if "，。、：；？！".contains(character), rng.chance(0.4) { output += rng.chance(0.5) ? " " : "\u{3000}" }
            }
            previous = character
        }
        if output == original || rng.chance(0.3) { output += " " }
        item.question = output
        return true
    }
}
