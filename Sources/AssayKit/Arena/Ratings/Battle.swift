/// Who a judge preferred in one pairwise comparison.
public enum BattleOutcome: String, Codable, Sendable, Hashable {
    /// The answer of model `a` won.
    case a
    /// The answer of model `b` won.
    case b
    /// Neither was preferred (Chatbot Arena's "tie" and "tie (bothbad)" alike).
    case tie
}

/// One judged comparison of two models' answers to the same question: the unit every arena
/// rating (Elo, Bradley-Terry, win rates, length-controlled win rates) is computed from.
///
/// A battle of a model against itself carries no information about either side; every rating
/// in `Arena/Ratings` skips such battles as if they were absent.
///
/// JSON keys are snake_case: `question_id`, `category`, `a`, `b`, `outcome`, `length_a`,
/// `length_b` (`category` is written as null when absent).
public struct Battle: Codable, Hashable, Sendable {
    /// The question both answers respond to.
    public var questionID: String
    /// The question's category, for per-category breakdowns (nil when uncategorised).
    public var category: String?
    /// The first model's name.
    public var a: String
    /// The second model's name.
    public var b: String
    /// The judge's verdict.
    public var outcome: BattleOutcome
    /// The length in characters of model `a`'s answer.
    public var lengthA: Int
    /// The length in characters of model `b`'s answer.
    public var lengthB: Int

    /// Creates a battle from all its fields.
    public init(questionID: String, category: String?, a: String, b: String, outcome: BattleOutcome,
                lengthA: Int, lengthB: Int) {
        self.questionID = questionID
        self.category = category
        self.a = a
        self.b = b
        self.outcome = outcome
        self.lengthA = lengthA
        self.lengthB = lengthB
    }

    enum CodingKeys: String, CodingKey {
        case questionID = "question_id", category, a, b, outcome, lengthA = "length_a", lengthB = "length_b"
    }

    /// Writes `category` as null rather than leaving it out.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(questionID, forKey: .questionID)
        try container.encode(category, forKey: .category)
        try container.encode(a, forKey: .a)
        try container.encode(b, forKey: .b)
        try container.encode(outcome, forKey: .outcome)
        try container.encode(lengthA, forKey: .lengthA)
        try container.encode(lengthB, forKey: .lengthB)
    }

    /// Model `a`'s score: 1 for a win, 0.5 for a tie, 0 for a loss.
    public var scoreA: Double {
        switch outcome {
        case .a: 1
        case .tie: 0.5
        case .b: 0
        }
    }

    /// Model `b`'s score: `1 - scoreA`.
    public var scoreB: Double { 1 - scoreA }

    /// True for a battle of a model against itself, which every rating skips.
    public var isSelfBattle: Bool { a == b }

    /// Whether `model` is one of the two sides.
    public func involves(_ model: String) -> Bool {
        a == model || b == model
    }

    /// The other side of the battle from `model` (nil when `model` is not in it).
    public func opponent(of model: String) -> String? {
        if model == a { return b }
        if model == b { return a }
        return nil
    }

    /// `model`'s score in this battle (1 win, 0.5 tie, 0 loss), nil when it is not a side.
    /// In a self-battle this is side `a`'s score.
    public func score(of model: String) -> Double? {
        if model == a { return scoreA }
        if model == b { return scoreB }
        return nil
    }

    /// The length of `model`'s answer, nil when it is not a side.
    public func length(of model: String) -> Int? {
        if model == a { return lengthA }
        if model == b { return lengthB }
        return nil
    }

    /// The same battle with the sides exchanged (and the verdict with them).
    public var swapped: Battle {
        let flipped: BattleOutcome = switch outcome {
        case .a: .b
        case .b: .a
        case .tie: .tie
        }
        return Battle(questionID: questionID, category: category, a: b, b: a, outcome: flipped,
                      lengthA: lengthB, lengthB: lengthA)
    }

    /// The distinct models of `battles` that fought at least one battle against another model,
    /// sorted by name (the order every rating in `Arena/Ratings` indexes models in, so that
    /// sums run in the same order on every run).
    public static func models(in battles: [Battle]) -> [String] {
        var names = Set<String>()
        for battle in battles where !battle.isSelfBattle {
            names.insert(battle.a)
            names.insert(battle.b)
        }
        return names.sorted()
    }
}
