import Foundation

/// A candidate's grades in single mode: the mean with a bootstrap 95% interval.
public struct GradeSummary: Codable, Hashable, Sendable {
    public var n: Int
    public var mean: Double
    public var lower: Double
    public var upper: Double
    /// Mean grade per question category.
    public var byCategory: [String: Double]

    enum CodingKeys: String, CodingKey { case n, mean, lower, upper, byCategory = "by_category" }
}

/// What the judgments say: `ratings.json`. Pair modes fill the battle figures (win records,
/// win-rate matrix, Elo, Bradley–Terry with bootstrap intervals, length-controlled win rate
/// against the baseline, per category); single mode the grades. Diagnostics come from every
/// pair judgment, perturbed and self-judged ones included.
public struct ArenaRatings: Codable, Sendable {
    public var mode: ArenaMode
    public var candidates: [String]
    public var baseline: String?
    /// Judgments in the file for this run, those with a verdict, and those without (by reason).
    public var judgments: Int
    public var parsed: Int
    public var unparsed: [String: Int]
    /// Battles that entered the ratings (one per question, judge and pair, both orders combined).
    public var battles: Int
    /// Battles whose two orders disagreed: counted as ties.
    public var positionInconsistent: Int
    public var records: [String: WinRecord]?
    public var matrix: [String: [String: Double]]?
    public var byCategory: [String: [String: WinRecord]]?
    public var elo: [String: Double]?
    public var bradleyTerry: [String: RatingInterval]?
    public var lengthControlled: [String: LengthControlled]?
    public var grades: [String: GradeSummary]?
    public var diagnostics: JudgeDiagnostics?
    /// Question ids each candidate had no answer for (left out of its battles).
    public var missingAnswers: [String: [String]]

    enum CodingKeys: String, CodingKey {
        case mode, candidates, baseline, judgments, parsed, unparsed, battles, records, matrix, elo, grades, diagnostics
        case positionInconsistent = "position_inconsistent", byCategory = "by_category", bradleyTerry = "bradley_terry"
        case lengthControlled = "length_controlled", missingAnswers = "missing_answers"
    }

    /// The ratings of a run's judgments; `bootstrap` resamples for the intervals, seeded.
    public init(plan: ArenaPlan, judgments: [JudgmentRecord], missingAnswers: [String: [String]],
                resamples: Int = 1000, seed: UInt64 = 0) {
        mode = plan.mode
        candidates = plan.candidates
        baseline = plan.baseline
        self.judgments = judgments.count
        parsed = judgments.filter(\.parsed).count
        unparsed = Dictionary(judgments.filter { !$0.parsed }.map { (Self.reason($0.failure), 1) }, uniquingKeysWith: +)
        self.missingAnswers = missingAnswers.filter { !$0.value.isEmpty }
        let rated = judgments.filter { Self.isRated($0, mode: plan.mode) }
        if plan.mode == .single {
            battles = 0
            positionInconsistent = 0
            grades = Self.grades(rated, candidates: plan.candidates, resamples: resamples, seed: seed)
            return
        }
        let (battles, inconsistent) = Self.battles(rated, order: plan.candidates)
        self.battles = battles.count
        positionInconsistent = inconsistent
        records = WinRates.records(battles)
        matrix = WinRates.matrix(battles)
        byCategory = WinRates.byCategory(battles)
        elo = EloRating().ratings(battles)
        let model = BradleyTerry(anchor: plan.baseline)
        bradleyTerry = battles.isEmpty ? [:] : model.bootstrap(battles, resamples: resamples, seed: seed)
        if let baseline = plan.baseline { lengthControlled = LengthControlledWinRate.estimate(battles, baseline: baseline) }
        diagnostics = JudgeDiagnostics.compute(judgments.compactMap(\.pairJudgment), candidates: plan.candidates)
    }

    /// Unperturbed, and in peer mode not judged by a candidate of the pair.
    static func isRated(_ record: JudgmentRecord, mode: ArenaMode) -> Bool {
        guard record.perturbation == nil else { return false }
        guard mode == .peer, let first = record.first, let second = record.second else { return true }
        return record.judge != first && record.judge != second
    }

    /// The first words of a failure, as a count key ("no verdict", "conflicting" ...).
    static func reason(_ failure: String?) -> String {
        guard let failure else { return "unknown" }
        return failure.split(separator: ":").first.map(String.init) ?? failure
    }

    /// One battle per question, judge and pair: the two orders combined (a flip is a tie).
    /// `order` fixes which candidate of a pair is `a`.
    static func battles(_ records: [JudgmentRecord], order: [String]) -> (battles: [Battle], inconsistent: Int) {
        let rank = Dictionary(order.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        struct Pair: Hashable { var question: String; var judge: String; var x: String; var y: String }
        var orders: [Pair: (inOrder: JudgmentRecord?, swapped: JudgmentRecord?)] = [:]
        var sequence: [Pair] = []
        for record in records {
            guard let first = record.first, let second = record.second else { continue }
            let inOrder = (rank[first] ?? .max) <= (rank[second] ?? .max)
            let pair = Pair(question: record.questionID, judge: record.judge, x: inOrder ? first : second, y: inOrder ? second : first)
            if orders[pair] == nil { sequence.append(pair) }
            if inOrder { orders[pair, default: (nil, nil)].inOrder = record } else { orders[pair, default: (nil, nil)].swapped = record }
        }
        var battles: [Battle] = [], inconsistent = 0
        for pair in sequence {
            let (inOrder, swapped) = orders[pair]!
            let combined = PairJudgment.combine(inOrder?.verdict, swapped?.verdict)
            guard let winner = combined.winner else { continue }
            if combined.consistent == false { inconsistent += 1 }
            let lengths = inOrder.map { ($0.lengthFirst, $0.lengthSecond ?? 0) } ?? swapped.map { ($0.lengthSecond ?? 0, $0.lengthFirst) }!
            let outcome: BattleOutcome = winner == .a ? .a : winner == .b ? .b : .tie
            let category = (inOrder ?? swapped)?.category
            battles.append(Battle(questionID: pair.question, category: category, a: pair.x, b: pair.y, outcome: outcome,
                                  lengthA: lengths.0, lengthB: lengths.1))
        }
        return (battles, inconsistent)
    }

    static func grades(_ records: [JudgmentRecord], candidates: [String], resamples: Int, seed: UInt64) -> [String: GradeSummary] {
        var result: [String: GradeSummary] = [:]
        for candidate in candidates {
            let graded = records.filter { $0.candidate == candidate && $0.grade != nil }
            let values = graded.map { $0.grade! }
            guard let estimate = Bootstrap(resamples: max(2, resamples), seed: seed).estimate(values, statistic: Descriptive.mean) else { continue }
            let categories = Dictionary(grouping: graded) { $0.category ?? "uncategorized" }
            result[candidate] = GradeSummary(n: values.count, mean: estimate.value, lower: estimate.lower, upper: estimate.upper,
                                             byCategory: categories.mapValues { Descriptive.mean($0.map { $0.grade! }) })
        }
        return result
    }
}
