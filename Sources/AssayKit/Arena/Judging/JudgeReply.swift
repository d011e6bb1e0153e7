/// What a judge decided, read from its reply (`VerdictParser`) or from the likelihoods of the
/// verdict options (`JudgePrompt.verdict(option:)`): a pairwise verdict, or a single-answer
/// grade on the 1–10 scale.
///
/// Encoded flat, so records stay readable: `{"kind":"pair","verdict":"A","strong":false}` or
/// `{"kind":"grade","grade":8}`.
public enum JudgeReply: Codable, Hashable, Sendable {
    /// A pairwise verdict, in the positions the judge saw.
    case pair(ParsedPairVerdict)
    /// A grade of the single answer, in 1...10.
    case grade(Double)

    /// The pairwise verdict, or nil for a grade.
    public var pairVerdict: ParsedPairVerdict? {
        if case .pair(let verdict) = self { return verdict }
        return nil
    }

    /// The grade, or nil for a pairwise verdict.
    public var grade: Double? {
        if case .grade(let grade) = self { return grade }
        return nil
    }

    /// The reply with the two positions traded (a grade is unchanged).
    public var swapped: JudgeReply {
        switch self {
        case .pair(let verdict): return .pair(verdict.swapped)
        case .grade: return self
        }
    }

    private enum CodingKeys: String, CodingKey { case kind, verdict, strong, grade }

    private enum Kind: String, Codable { case pair, grade }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        switch try container.decode(Kind.self, forKey: .kind) {
        case .pair:
            let verdict = try container.decode(PairVerdict.self, forKey: .verdict)
            let strong = try container.decodeIfPresent(Bool.self, forKey: .strong) ?? false
            self = .pair(ParsedPairVerdict(verdict: verdict, strong: strong))
        case .grade:
            self = .grade(try container.decode(Double.self, forKey: .grade))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .pair(let verdict):
            try container.encode(Kind.pair, forKey: .kind)
            try container.encode(verdict.verdict, forKey: .verdict)
            try container.encode(verdict.strong, forKey: .strong)
        case .grade(let grade):
            try container.encode(Kind.grade, forKey: .kind)
            try container.encode(grade, forKey: .grade)
        }
    }
}

extension JudgeReply: CustomStringConvertible {
    /// `A`, `A (strong)`, `tie`, or `grade 8`.
    public var description: String {
        switch self {
        case .pair(let verdict):
            if verdict.verdict == .tie { return "tie" }
            return verdict.strong ? "\(verdict.verdict.rawValue) (strong)" : verdict.verdict.rawValue
        case .grade(let grade):
            return "grade \(VerdictParseFailure.format(grade))"
        }
    }
}
