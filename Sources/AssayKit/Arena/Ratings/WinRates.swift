import Foundation

/// A model's wins, ties and losses over a set of battles, with its win rate. JSON keys: `wins`,
/// `ties`, `losses`, `win_rate`, `ci_low`, `ci_high`.
public struct WinRecord: Codable, Hashable, Sendable {
    /// Battles won.
    public var wins: Int
    /// Battles tied.
    public var ties: Int
    /// Battles lost.
    public var losses: Int
    /// (wins + ties / 2) / battles.
    public var winRate: Double
    /// The Wilson 95 % score interval of the win rate, with ties counted as half a win: the
    /// Wilson formula evaluated at the observed rate `winRate` and n = battles (it needs only
    /// those two numbers, so half successes are no obstacle; with no ties it is exactly
    /// `ProportionInterval.wilson`). A tie is less uncertain than a coin flip, so with many
    /// ties the interval is slightly conservative.
    public var interval: ClosedRange<Double>

    /// Creates a record from its counts, computing the win rate and its interval. The counts
    /// must not be negative, and at least one must be positive.
    public init(wins: Int, ties: Int, losses: Int) {
        precondition(wins >= 0 && ties >= 0 && losses >= 0 && wins + ties + losses > 0,
                     "non-negative counts of at least one battle")
        self.wins = wins
        self.ties = ties
        self.losses = losses
        let n = wins + ties + losses
        winRate = (Double(wins) + Double(ties) / 2) / Double(n)
        interval = Self.wilson(rate: winRate, trials: n)
    }

    /// The number of battles: wins + ties + losses.
    public var battles: Int { wins + ties + losses }

    enum CodingKeys: String, CodingKey {
        case wins, ties, losses, winRate = "win_rate", ciLow = "ci_low", ciHigh = "ci_high"
    }

    /// Reads the counts and the stored rate and interval as written.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        wins = try container.decode(Int.self, forKey: .wins)
        ties = try container.decode(Int.self, forKey: .ties)
        losses = try container.decode(Int.self, forKey: .losses)
        winRate = try container.decode(Double.self, forKey: .winRate)
        let low = try container.decode(Double.self, forKey: .ciLow)
        let high = try container.decode(Double.self, forKey: .ciHigh)
        guard low <= high else {
            throw DecodingError.dataCorruptedError(forKey: .ciHigh, in: container,
                                                   debugDescription: "ci_high \(high) below ci_low \(low)")
        }
        interval = low...high
    }

    /// Writes the interval as `ci_low` and `ci_high`, like the other reports.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(wins, forKey: .wins)
        try container.encode(ties, forKey: .ties)
        try container.encode(losses, forKey: .losses)
        try container.encode(winRate, forKey: .winRate)
        try container.encode(interval.lowerBound, forKey: .ciLow)
        try container.encode(interval.upperBound, forKey: .ciHigh)
    }

    /// The Wilson score interval at the observed proportion `rate` of `trials` (95 %):
    /// (p + z^2/2n +- z sqrt(p(1-p)/n + z^2/4n^2)) / (1 + z^2/n), clipped to [0, 1].
    static func wilson(rate p: Double, trials: Int, confidence: Double = 0.95) -> ClosedRange<Double> {
        let n = Double(trials)
        let z = NormalDistribution.inverse(1 - (1 - confidence) / 2)
        let z2 = z * z
        let center = p + z2 / (2 * n)
        let margin = z * max(0, p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        let denominator = 1 + z2 / n
        let low = max(0, (center - margin) / denominator)
        return low...max(low, min(1, (center + margin) / denominator))
    }
}

/// Head-to-head win rates: per model, per pair of models, per category. Ties count as half a
/// win for each side; battles of a model against itself are skipped.
public enum WinRates {
    /// Per model, its record over all its battles against other models (from its side,
    /// whether it was model a or b).
    public static func records(_ battles: [Battle]) -> [String: WinRecord] {
        var counts = [String: Counts]()
        for battle in battles where !battle.isSelfBattle {
            counts[battle.a, default: Counts()].add(battle.outcome, asA: true)
            counts[battle.b, default: Counts()].add(battle.outcome, asA: false)
        }
        return counts.mapValues(\.record)
    }

    /// `matrix[row][column]`: the row model's win rate (ties half) in its battles against the
    /// column model, over both seatings. Pairs that never met are absent, as is the diagonal;
    /// `matrix[x][y] + matrix[y][x] == 1` for every pair present.
    public static func matrix(_ battles: [Battle]) -> [String: [String: Double]] {
        var score = [String: [String: Double]]()
        var games = [String: [String: Int]]()
        for battle in battles where !battle.isSelfBattle {
            score[battle.a, default: [:]][battle.b, default: 0] += battle.scoreA
            score[battle.b, default: [:]][battle.a, default: 0] += battle.scoreB
            games[battle.a, default: [:]][battle.b, default: 0] += 1
            games[battle.b, default: [:]][battle.a, default: 0] += 1
        }
        var result = [String: [String: Double]]()
        for (row, columns) in games {
            var rates = [String: Double]()
            for (column, n) in columns { rates[column] = score[row]![column]! / Double(n) }
            result[row] = rates
        }
        return result
    }

    /// Per category, per model, its record within that category. Battles without a category
    /// are left out (they are in `records`).
    public static func byCategory(_ battles: [Battle]) -> [String: [String: WinRecord]] {
        var grouped = [String: [Battle]]()
        for battle in battles {
            guard let category = battle.category else { continue }
            grouped[category, default: []].append(battle)
        }
        return grouped.compactMapValues { group in
            let records = records(group)
            return records.isEmpty ? nil : records
        }
    }

    /// Running counts of one model's outcomes.
    struct Counts {
        var wins = 0, ties = 0, losses = 0

        mutating func add(_ outcome: BattleOutcome, asA: Bool) {
            switch outcome {
            case .tie: ties += 1
            case .a: if asA { wins += 1 } else { losses += 1 }
            case .b: if asA { losses += 1 } else { wins += 1 }
            }
        }

        var record: WinRecord { WinRecord(wins: wins, ties: ties, losses: losses) }
    }
}
