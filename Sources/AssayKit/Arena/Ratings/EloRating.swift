import Foundation

/// Online Elo ratings: the battles are replayed in the order given and after each one both
/// sides move by `k` times the gap between their score and their expected score, as in
/// EvalScope's arena and FastChat's `compute_elo` (Chatbot Arena's original leaderboard).
///
/// For a battle of A (rated `ra`) against B (rated `rb`):
///
///     expected(A) = 1 / (1 + base^((rb - ra) / scale))
///     ra' = ra + k (scoreA - expected(A))
///     rb' = rb + k ((1 - scoreA) - (1 - expected(A)))
///
/// with scoreA 1 for a win, 0.5 for a tie and 0 for a loss; the two changes cancel, so the
/// mean rating stays at the initial rating. Unlike a Bradley-Terry fit the result depends on the
/// order of the battles (recent battles weigh more); shuffle them (with `SeededGenerator`) and
/// average, or use `BradleyTerry`, when the order carries no meaning.
///
/// Deterministic: the same battles in the same order give the same ratings. Battles of a model
/// against itself are skipped.
public struct EloRating: Sendable, Hashable {
    /// The rating every model starts from.
    public var initial = 1000.0
    /// The largest change one battle can make.
    public var k = 32.0
    /// The base of the expected-score curve.
    public var base = 10.0
    /// The rating gap at which the stronger side's odds are `base` to 1.
    public var scale = 400.0

    /// Creates an Elo system; the defaults are chess's (K = 32, base 10, scale 400) and
    /// Chatbot Arena's initial rating of 1000.
    public init(initial: Double = 1000, k: Double = 32, base: Double = 10, scale: Double = 400) {
        precondition(base > 1, "the base must exceed 1")
        precondition(scale > 0, "the scale must be positive")
        self.initial = initial
        self.k = k
        self.base = base
        self.scale = scale
    }

    /// The score a player rated `rating` is expected to make against one rated `opponent`:
    /// 1 / (1 + base^((opponent - rating) / scale)), in (0, 1); two equal ratings give 0.5.
    public func expectedScore(_ rating: Double, against opponent: Double) -> Double {
        1 / (1 + pow(base, (opponent - rating) / scale))
    }

    /// The ratings after replaying `battles` in order, every model starting from `initial`.
    /// Every model that fought another one gets a rating.
    public func ratings(_ battles: [Battle]) -> [String: Double] {
        ratings(battles, starting: [:])
    }

    /// The ratings after replaying `battles` in order from the given starting ratings; a model
    /// missing from `starting` starts from `initial`. Models of `starting` that fought no battle
    /// keep their rating and are returned too.
    public func ratings(_ battles: [Battle], starting: [String: Double]) -> [String: Double] {
        var rating = starting
        for battle in battles where !battle.isSelfBattle {
            let ra = rating[battle.a] ?? initial
            let rb = rating[battle.b] ?? initial
            let (newA, newB) = update(ra, rb, scoreA: battle.scoreA)
            rating[battle.a] = newA
            rating[battle.b] = newB
        }
        return rating
    }

    /// One battle's update: the new ratings of A and B when A, rated `ra`, scored `scoreA`
    /// (1, 0.5 or 0) against B, rated `rb`.
    public func update(_ ra: Double, _ rb: Double, scoreA: Double) -> (a: Double, b: Double) {
        let expectedA = expectedScore(ra, against: rb)
        let expectedB = expectedScore(rb, against: ra)
        return (ra + k * (scoreA - expectedA), rb + k * ((1 - scoreA) - expectedB))
    }

    /// The ratings replayed over `rounds` seeded shuffles of the battles, averaged per model,
    /// which removes most of online Elo's dependence on the order the battles came in. Each
    /// round shuffles the original list with stream `round` of `seed`, so the result depends
    /// only on the battles, `rounds` and `seed`. `rounds` must be positive.
    public func shuffledRatings(_ battles: [Battle], rounds: Int, seed: UInt64) -> [String: Double] {
        precondition(rounds > 0, "at least one round")
        let models = Battle.models(in: battles)
        var sums = [String: Double]()
        for round in 0..<rounds {
            var generator = SeededGenerator(seed: seed, stream: UInt64(round))
            let replay = ratings(generator.shuffled(battles))
            for model in models { sums[model, default: 0] += replay[model] ?? initial }
        }
        return sums.mapValues { $0 / Double(rounds) }
    }

    /// The rating-period ("tournament") update of one player: every expected score is taken
    /// from the ratings before the period, as FIDE rates a tournament, rather than after each
    /// game as `ratings` does. Returns `rating + k * sum(score - expected)`.
    ///
    /// - Parameters:
    ///   - rating: the player's rating before the period.
    ///   - games: per game, the opponent's rating and the player's score (1, 0.5 or 0).
    public func periodRating(_ rating: Double, games: [(opponent: Double, score: Double)]) -> Double {
        var change = 0.0
        for game in games { change += game.score - expectedScore(rating, against: game.opponent) }
        return rating + k * change
    }
}
