/// The outcome of one pairwise judgment, in terms of the positions the judge saw: the answer
/// shown as Assistant A won, the answer shown as Assistant B won, or neither (a tie). The raw
/// values are the letters the judge writes: `[[A]]`, `[[B]]` and `[[C]]` for a tie.
public enum PairVerdict: String, Codable, Sendable, Hashable, CaseIterable {
    /// The answer shown first (as Assistant A) is better.
    case a = "A"
    /// The answer shown second (as Assistant B) is better.
    case b = "B"
    /// Neither answer is better.
    case tie = "C"

    /// The same outcome seen with the two answers in each other's places: A and B trade, a tie
    /// stays a tie. Used to bring a verdict given with the order swapped back to the first order.
    public var swapped: PairVerdict {
        switch self {
        case .a: return .b
        case .b: return .a
        case .tie: return .tie
        }
    }

    /// True for a win of either side (not a tie).
    public var isDecisive: Bool { self != .tie }

    /// The score of the answer shown as A: 1 for a win, 0.5 for a tie, 0 for a loss (the
    /// Bradley-Terry / Elo convention).
    public var scoreOfA: Double {
        switch self {
        case .a: return 1
        case .b: return 0
        case .tie: return 0.5
        }
    }
}

/// How finely a pairwise judge is asked to answer.
public enum JudgeScale: String, Codable, Sendable, CaseIterable {
    /// Three verdicts: `[[A]]`, `[[B]]`, `[[C]]` (tie), as MT-Bench's pairwise judge.
    case threeWay = "3"
    /// Five verdicts: `[[A>>B]]`, `[[A>B]]`, `[[A=B]]`, `[[B>A]]`, `[[B>>A]]`, as Arena-Hard.
    case fiveLevel = "5"

    /// The verdicts of the scale in the order the prompt lists them (and in the order of
    /// `options`): A, B, tie for three-way; A much better down to B much better for five-level.
    public var verdicts: [ParsedPairVerdict] {
        switch self {
        case .threeWay:
            return [ParsedPairVerdict(verdict: .a), ParsedPairVerdict(verdict: .b), ParsedPairVerdict(verdict: .tie)]
        case .fiveLevel:
            return [ParsedPairVerdict(verdict: .a, strong: true), ParsedPairVerdict(verdict: .a),
                    ParsedPairVerdict(verdict: .tie),
                    ParsedPairVerdict(verdict: .b), ParsedPairVerdict(verdict: .b, strong: true)]
        }
    }

    /// The exact verdict strings the judge is asked to write, in the order of `verdicts`:
    /// `["[[A]]", "[[B]]", "[[C]]"]` or `["[[A>>B]]", "[[A>B]]", "[[A=B]]", "[[B>A]]", "[[B>>A]]"]`.
    public var options: [String] {
        verdicts.map { $0.marker(in: self) }
    }
}

/// A pairwise verdict as read from a judge's reply: who won and, on the five-level scale,
/// whether by a wide margin (`[[A>>B]]` or `[[B>>A]]`). On the three-way scale `strong` is
/// always false; a tie is never strong.
public struct ParsedPairVerdict: Codable, Hashable, Sendable {
    /// Who won, in the positions the judge saw.
    public var verdict: PairVerdict
    /// True for a wide margin (`>>`), only on the five-level scale.
    public var strong: Bool

    /// A verdict; `strong` is ignored (false) for a tie.
    public init(verdict: PairVerdict, strong: Bool = false) {
        self.verdict = verdict
        self.strong = verdict == .tie ? false : strong
    }

    /// The same verdict with the two positions traded (the margin is kept).
    public var swapped: ParsedPairVerdict {
        ParsedPairVerdict(verdict: verdict.swapped, strong: strong)
    }

    /// The verdict string a judge writes for this verdict on `scale`: `[[A]]` / `[[B]]` /
    /// `[[C]]` on the three-way scale (the margin is dropped), `[[A>>B]]` ... `[[B>>A]]` on the
    /// five-level scale.
    public func marker(in scale: JudgeScale) -> String {
        switch scale {
        case .threeWay:
            return "[[\(verdict.rawValue)]]"
        case .fiveLevel:
            switch verdict {
            case .a: return strong ? "[[A>>B]]" : "[[A>B]]"
            case .b: return strong ? "[[B>>A]]" : "[[B>A]]"
            case .tie: return "[[A=B]]"
            }
        }
    }

    /// The verdict read on `scale`: unchanged on the five-level scale, without the margin on
    /// the three-way scale (where a five-level marker counts as its plain win or tie).
    public func read(on scale: JudgeScale) -> ParsedPairVerdict {
        scale == .threeWay ? ParsedPairVerdict(verdict: verdict) : self
    }

    /// The verdict a marker's content stands for, ignoring spaces, case and full-width forms:
    /// `A`, `B`, `C` and `TIE`; the five-level comparisons `A>>B`, `A>B`, `A=B`, `B>A`,
    /// `B>>A` and their mirrored spellings (`B<<A`, `A<B`, `B=A`, ...). Nil for anything else.
    /// The margin is kept here; `read(on:)` drops it for the three-way scale.
    static func fromMarkerContent(_ content: String) -> ParsedPairVerdict? {
        let key = String(content.compactMap { character -> Character? in
            let folded = VerdictParser.foldWidth(character)
            return folded.isWhitespace ? nil : Character(folded.uppercased())
        })
        switch key {
        case "A": return ParsedPairVerdict(verdict: .a)
        case "B": return ParsedPairVerdict(verdict: .b)
        case "C", "TIE": return ParsedPairVerdict(verdict: .tie)
        case "A>>B", "B<<A": return ParsedPairVerdict(verdict: .a, strong: true)
        case "A>B", "B<A": return ParsedPairVerdict(verdict: .a)
        case "A=B", "B=A", "A==B", "B==A": return ParsedPairVerdict(verdict: .tie)
        case "B>A", "A<B": return ParsedPairVerdict(verdict: .b)
        case "B>>A", "A<<B": return ParsedPairVerdict(verdict: .b, strong: true)
        default: return nil
        }
    }
}
