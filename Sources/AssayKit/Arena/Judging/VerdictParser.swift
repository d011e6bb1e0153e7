import Foundation

/// Why a judge's reply gave no usable verdict. A judgment that fails to parse is recorded
/// with its failure and left out of the statistics (it is counted as unparsable).
public enum VerdictParseFailure: Error, Codable, Hashable, Sendable, CustomStringConvertible {
    /// The reply is empty or only whitespace.
    case empty
    /// The reply has no verdict marker (`[[...]]`) at all; a bare `A` or `8` is not a verdict.
    case noVerdict
    /// The reply gives different verdicts, e.g. both `[[A]]` and `[[B]]`: the distinct markers
    /// in the order they first appear.
    case conflicting([String])
    /// A grade outside 1...10.
    case outOfRange(Double)
    /// A grade marker whose content is not a number (`[[eight]]`, `[[A]]` where a grade was asked).
    case notANumber(String)
    /// A pairwise marker whose content is no verdict of the scale (`[[X]]`, `[[7]]`).
    case unrecognized(String)

    public var description: String {
        switch self {
        case .empty: return "the reply is empty"
        case .noVerdict: return "the reply has no verdict marker such as [[A]] or [[8]]"
        case .conflicting(let markers): return "the reply gives conflicting verdicts: " + markers.joined(separator: ", ")
        case .outOfRange(let grade): return "the grade \(Self.format(grade)) is outside 1–10"
        case .notANumber(let content): return "the grade \"\(content)\" is not a number"
        case .unrecognized(let content): return "\"\(content)\" is not a verdict of the scale"
        }
    }

    /// A grade as written: `8` for a whole number, `8.5` otherwise.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return String(value)
    }
}

/// Reads the verdict from a judge's free-text reply.
///
/// A verdict is a marker in double square brackets, `[[...]]`, also written with full-width
/// brackets `【【...】】` or `［［...］］`; spaces, letter case and full-width letters, digits
/// and signs inside are ignored (`[[ a ]]`, `【【Ａ】】`). Text without such a marker carries
/// no verdict: a reply of just `A` is `.noVerdict`. The same verdict written several times is
/// fine; two different verdicts are `.conflicting`. Markers that do not parse are ignored when
/// another marker gives a verdict, and otherwise reported (`.unrecognized`, `.notANumber`).
///
/// Text a judge copies from the prompt's answer blocks (from a `[Begin: ...]` line to the next
/// `[End: ...]` line, or their Chinese forms) is removed before reading, so a marker inside a
/// quoted answer never counts as the judge's own verdict.
public enum VerdictParser {
    /// The pairwise verdict of a reply. Accepted contents: `A`, `B`, `C` (tie), `TIE`, and the
    /// five-level `A>>B`, `A>B`, `A=B`, `B>A`, `B>>A` (and mirrored spellings such as `A<B`).
    /// On the three-way scale a five-level marker counts as its plain win or tie and `strong`
    /// is false; on the five-level scale `[[A]]` / `[[B]]` count as plain wins, `[[C]]` as a
    /// tie. `[[A>>B]]` and `[[A>B]]` in one five-level reply conflict; in a three-way reply they
    /// agree.
    public static func pairwise(_ reply: String, scale: JudgeScale) -> Result<ParsedPairVerdict, VerdictParseFailure> {
        let markers: [Marker]
        switch scan(reply) {
        case .failure(let failure): return .failure(failure)
        case .success(let found): markers = found
        }
        var verdicts: [(marker: Marker, verdict: ParsedPairVerdict)] = []
        for marker in markers {
            if let verdict = ParsedPairVerdict.fromMarkerContent(marker.content) {
                verdicts.append((marker, verdict.read(on: scale)))
            }
        }
        guard let first = verdicts.first else { return .failure(.unrecognized(markers[0].content.trimmed)) }
        if verdicts.contains(where: { $0.verdict != first.verdict }) {
            return .failure(.conflicting(distinctTexts(verdicts.map(\.marker))))
        }
        return .success(first.verdict)
    }

    /// The grade of a reply: a number from 1 to 10 in a marker, `[[8]]`, `[[8.5]]`, `[[ 7 ]]`,
    /// `Rating: [[8]]`, `[[8/10]]`, full-width `【【８】】`; a decimal comma (`[[8,5]]`) is read as
    /// a point. Only plain decimal numerals count (no exponents, `inf` or hex). Different
    /// numbers are `.conflicting`; a single number outside 1...10 is `.outOfRange`.
    public static func grade(_ reply: String) -> Result<Double, VerdictParseFailure> {
        let markers: [Marker]
        switch scan(reply) {
        case .failure(let failure): return .failure(failure)
        case .success(let found): markers = found
        }
        var grades: [(marker: Marker, value: Double)] = []
        for marker in markers {
            if let value = number(in: marker.content) { grades.append((marker, value)) }
        }
        guard let first = grades.first else { return .failure(.notANumber(markers[0].content.trimmed)) }
        if grades.contains(where: { $0.value != first.value }) {
            return .failure(.conflicting(distinctTexts(grades.map(\.marker))))
        }
        guard (1...10).contains(first.value) else { return .failure(.outOfRange(first.value)) }
        return .success(first.value)
    }

    /// One `[[...]]` marker: its text as written and what is between the brackets.
    struct Marker {
        var text: String
        var content: String
    }

    /// A marker: two opening brackets of one kind, up to 40 characters on one line without
    /// brackets, two closing brackets.
    private static let markerPattern = "(?:\\[\\[|【【|［［)([^\\[\\]【】［］\\r\\n]{0,40})(?:\\]\\]|】】|］］)"

    /// An answer block a judge copied: a `[Begin: ...]` line through the next `[End: ...]` line
    /// (ASCII or full-width brackets and colons, English or Chinese keywords).
    private static let quotedBlockPattern = "(?i)[\\[［]\\s*(?:begin|开始)\\s*[:：][^\\]］\\n]*[\\]］][\\s\\S]*?"
        + "[\\[［]\\s*(?:end|结束)\\s*[:：][^\\]］\\n]*[\\]］]"

    /// The markers of a reply outside quoted answer blocks, or why there are none.
    private static func scan(_ reply: String) -> Result<[Marker], VerdictParseFailure> {
        guard reply.contains(where: { !$0.isWhitespace }) else { return .failure(.empty) }
        let text = removingQuotedBlocks(reply)
        let ns = text as NSString
        let markers = RegexCache.regex(markerPattern).matches(in: text, range: NSRange(location: 0, length: ns.length)).map {
            Marker(text: ns.substring(with: $0.range), content: ns.substring(with: $0.range(at: 1)))
        }
        return markers.isEmpty ? .failure(.noVerdict) : .success(markers)
    }

    /// The reply without the answer blocks it quotes from the prompt.
    static func removingQuotedBlocks(_ reply: String) -> String {
        let ns = reply as NSString
        return RegexCache.regex(quotedBlockPattern).stringByReplacingMatches(
            in: reply, range: NSRange(location: 0, length: ns.length), withTemplate: " ")
    }

    /// The number a grade marker holds: optional sign, digits, optional decimal point or comma
    /// and digits, optionally followed by `/10`; nil for anything else.
    private static func number(in content: String) -> Double? {
        var text = String(content.map(foldWidth)).trimmed
        if text.hasSuffix("/10") { text = String(text.dropLast(3)).trimmed }
        text = text.replacingOccurrences(of: ",", with: ".")
        var digits = Substring(text)
        if let sign = digits.first, sign == "+" || sign == "-" { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count),
              parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else { return nil }
        return Double(text)
    }

    /// The texts of markers, each once, in the order they first appear.
    private static func distinctTexts(_ markers: [Marker]) -> [String] {
        var seen: Set<String> = []
        return markers.map(\.text).filter { seen.insert($0).inserted }
    }

    /// The ASCII form of a full-width character (`Ａ` → `A`, `８` → `8`, `＞` → `>`, the
    /// ideographic space → space); other characters unchanged.
    static func foldWidth(_ character: Character) -> Character {
        guard character.unicodeScalars.count == 1, let scalar = character.unicodeScalars.first else { return character }
        if scalar.value == 0x3000 { return " " }
        guard (0xFF01...0xFF5E).contains(scalar.value), let ascii = Unicode.Scalar(scalar.value - 0xFEE0) else { return character }
        return Character(ascii)
    }
}

extension String {
    /// The text without leading and trailing whitespace.
    fileprivate var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}
