import Foundation
import Testing
@testable import AssayKit

/// The arena's rating mathematics against hand-worked cases and published examples: Elo
/// (Wikipedia's worked example), Bradley-Terry maximum likelihood (Agresti's 1987 baseball
/// example), bootstrap intervals, AlpacaEval-style length control and head-to-head win rates.
@Suite struct ArenaRatingTests {
    func close(_ a: Double?, _ b: Double, _ tolerance: Double = 1e-9) -> Bool {
        guard let a else { return false }
        return abs(a - b) <= tolerance
    }

    func battle(_ a: String, _ b: String, _ outcome: BattleOutcome, category: String? = nil,
                lengths: (Int, Int) = (100, 100)) -> Battle {
        Battle(questionID: "q", category: category, a: a, b: b, outcome: outcome, lengthA: lengths.0, lengthB: lengths.1)
    }

    func repeated(_ count: Int, _ a: String, _ b: String, _ outcome: BattleOutcome) -> [Battle] {
        Array(repeating: battle(a, b, outcome), count: count)
    }

    // MARK: - Elo

    @Test func eloHandComputedBattles() {
        // K = 32, everyone from 1000:
        // 1. A beats B: expected 0.5 each; A = 1000 + 32 * 0.5 = 1016, B = 984.
        // 2. B ties C: E_B = 1 / (1 + 10^((1000 - 984)/400)) = 1 / (1 + 10^0.04) = 0.4769904127;
        //    B = 984 + 32 * (0.5 - 0.4769904127) = 984.7363067935, C = 999.2636932065.
        // 3. C beats A: E_C = 1 / (1 + 10^((1016 - 999.2636932065)/400)) = 0.4759331308;
        //    C = 999.2636932065 + 32 * (1 - 0.4759331308) = 1016.0338330211,
        //    A = 1016 - 32 * (1 - 0.4759331308) = 999.2298601854.
        let battles = [battle("A", "B", .a), battle("B", "C", .tie), battle("C", "A", .a)]
        let elo = EloRating()
        #expect(close(elo.expectedScore(984, against: 1000), 0.4769904127024377, 1e-12))
        let ratings = elo.ratings(battles)
        #expect(close(ratings["A"], 999.2298601853573, 1e-9))
        #expect(close(ratings["B"], 984.736306793522, 1e-9))
        #expect(close(ratings["C"], 1016.0338330211207, 1e-9))
        #expect(close(ratings.values.reduce(0, +), 3000, 1e-9))   // zero-sum updates
        // Order matters for online Elo: replaying backwards gives other numbers.
        #expect(!close(elo.ratings(battles.reversed())["A"], 999.2298601853573, 1e-3))
        // A self-battle changes nothing and introduces no model.
        #expect(elo.ratings([battle("S", "S", .a)]).isEmpty)
        #expect(elo.ratings(battles + [battle("A", "A", .a)]) == ratings)
    }

    /// Wikipedia, "Elo rating system", section "Mathematical details": a player rated 1613
    /// loses to 1609, draws with 1477, beats 1388 and 1586, loses to 1720. "The expected score
    /// ... was 0.506 + 0.686 + 0.785 + 0.539 + 0.351 = 2.867. Therefore, the player's new
    /// rating is 1613 + 32 × (2.5 − 2.867) = 1601, assuming that a K-factor of 32 is used."
    /// (a rating-period update: every expectation from the rating before the tournament).
    @Test func eloWikipediaWorkedExample() {
        let elo = EloRating(k: 32)
        let opponents = [1609.0, 1477, 1388, 1586, 1720]
        let scores = [0, 0.5, 1, 1, 0]
        let expected = opponents.map { elo.expectedScore(1613, against: $0) }
        let published = [0.506, 0.686, 0.785, 0.539, 0.351]
        for (value, printed) in zip(expected, published) { #expect(close((value * 1000).rounded() / 1000, printed, 1e-12)) }
        #expect(close((expected.reduce(0, +) * 1000).rounded() / 1000, 2.867, 1e-12))
        let period = elo.periodRating(1613, games: Array(zip(opponents, scores)).map { (opponent: $0.0, score: $0.1) })
        #expect(period.rounded() == 1601)

        // The same through battles: each game alone, from the pre-tournament ratings, moves
        // the player by 32 (score - expected); the five moves add up to the period's.
        var change = 0.0
        for (k, (opponent, score)) in zip(opponents, scores).enumerated() {
            let outcome: BattleOutcome = score == 1 ? .a : score == 0 ? .b : .tie
            let after = elo.ratings([battle("player", "o\(k)", outcome)], starting: ["player": 1613, "o\(k)": opponent])
            change += after["player"]! - 1613
        }
        #expect(close(1613 + change, period, 1e-9))

        // Online, game by game (the expectation of each game from the rating after the last),
        // the player ends higher: the early loss lowers later expectations. Worked with the
        // same formula: 1603.1911843424746.
        let games = zip(opponents.indices, scores).map { k, score in
            battle("player", "o\(k)", score == 1 ? .a : score == 0 ? .b : .tie)
        }
        var starting = ["player": 1613.0]
        for (k, opponent) in opponents.enumerated() { starting["o\(k)"] = opponent }
        #expect(close(elo.ratings(games, starting: starting)["player"], 1603.1911843424746, 1e-9))
    }

    @Test func eloShuffledRatingsAreSeeded() {
        let battles = [battle("A", "B", .a), battle("B", "C", .tie), battle("C", "A", .a), battle("A", "C", .a)]
        let elo = EloRating()
        let first = elo.shuffledRatings(battles, rounds: 50, seed: 3)
        #expect(first == elo.shuffledRatings(battles, rounds: 50, seed: 3))
        #expect(close(first.values.reduce(0, +), 3000, 1e-9))
        #expect(first["A"]! > first["B"]!)
    }

    // MARK: - Bradley-Terry

    @Test func bradleyTerryTwoModelsThreeWinsToOne() {
        // s_A / (s_A + s_B) = 3/4 at the maximum: s_A / s_B = 3, a gap of 400 log10(3) = 190.85.
        let battles = repeated(3, "A", "B", .a) + [battle("B", "A", .a)]
        let gap = 400 * log10(3.0)
        let exact = BradleyTerry(priorTies: 1e-9).fit(battles)
        #expect(close(exact["A"]! - exact["B"]!, gap, 1e-6))
        #expect(close((exact["A"]! + exact["B"]!) / 2, 1000, 1e-9))
        // The default prior (0.01 virtual ties per model) costs a third of a point here.
        let fit = BradleyTerry().fit(battles)
        #expect(abs(fit["A"]! - fit["B"]! - gap) < 0.5)
        // Ties are half a win each: 2 wins and 2 ties is 3 to 1.
        let tied = repeated(2, "A", "B", .a) + repeated(2, "B", "A", .tie)
        let tiedFit = BradleyTerry(priorTies: 1e-9).fit(tied)
        #expect(close(tiedFit["A"]! - tiedFit["B"]!, gap, 1e-6))
        // Even: equal ratings.
        let even = BradleyTerry().fit(repeated(2, "A", "B", .a) + repeated(2, "A", "B", .b))
        #expect(close(even["A"], 1000, 1e-9) && close(even["B"], 1000, 1e-9))
    }

    /// Agresti, Categorical Data Analysis (2nd ed., 2002), Sec. 10.6, Tables 10.10 and 10.11:
    /// the 1987 American League East, 13 games between each pair of the 7 teams. The fitted
    /// log-strengths with Baltimore at 0 are printed as Milwaukee 1.58, Detroit 1.44,
    /// Toronto 1.29, New York 1.25, Boston 1.11, Cleveland 0.68; R's BradleyTerry2 (its
    /// tests/baseball.Rout.save) prints 1.5814, 1.4364, 1.2945, 1.2476, 1.1077, 0.6839.
    @Test func bradleyTerryAgrestiBaseball() {
        let teams = ["Milwaukee", "Detroit", "Toronto", "New York", "Boston", "Cleveland", "Baltimore"]
        // wins[i][j]: games team i won against team j (Table 10.10).
        let wins = [[0, 7, 9, 7, 7, 9, 11], [6, 0, 7, 5, 11, 9, 9], [4, 6, 0, 7, 7, 8, 12], [6, 8, 6, 0, 6, 7, 10],
                    [6, 2, 6, 7, 0, 7, 12], [4, 4, 5, 6, 6, 0, 6], [2, 4, 1, 3, 1, 7, 0]]
        var battles: [Battle] = []
        for i in teams.indices {
            for j in teams.indices where i != j {
                #expect(wins[i][j] + wins[j][i] == 13)
                battles += repeated(wins[i][j], teams[i], teams[j], .a)
            }
        }
        // Scale 1 in base e: the ratings are the natural log-strengths.
        let printed = [1.58, 1.44, 1.29, 1.25, 1.11, 0.68, 0]
        let fit = BradleyTerry(scale: 1, base: M_E, anchor: "Baltimore", anchorRating: 0).fit(battles)
        for (team, value) in zip(teams, printed) { #expect(close(fit[team], value, 0.005), "\(team)") }
        let r = [1.5814, 1.4364, 1.2945, 1.2476, 1.1077, 0.6839, 0]
        let exact = BradleyTerry(scale: 1, base: M_E, anchor: "Baltimore", anchorRating: 0, priorTies: 1e-9).fit(battles)
        for (team, value) in zip(teams, r) { #expect(close(exact[team], value, 0.00005), "\(team)") }
        // On the Elo scale, the same fit is 400 / ln(10) points per unit.
        let elo = BradleyTerry(anchor: "Baltimore", anchorRating: 0, priorTies: 1e-9).fit(battles)
        #expect(close(elo["Milwaukee"], exact["Milwaukee"]! * 400 / log(10), 1e-6))
        // The order of the battles does not matter.
        #expect(BradleyTerry().fit(battles.reversed()) == BradleyTerry().fit(battles))
    }

    @Test func bradleyTerryAnchorIsHonoured() {
        let battles = repeated(3, "A", "B", .a) + [battle("B", "A", .a), battle("B", "C", .a), battle("C", "A", .tie)]
        let free = BradleyTerry().fit(battles)
        let anchored = BradleyTerry(anchor: "B", anchorRating: 1500).fit(battles)
        #expect(close(anchored["B"], 1500, 1e-9))
        #expect(close(free.values.reduce(0, +) / 3, 1000, 1e-9))
        for model in ["A", "C"] { #expect(close(anchored[model]! - 1500, free[model]! - free["B"]!, 1e-9)) }
        // An anchor that never fought: the mean is pinned instead.
        #expect(BradleyTerry(anchor: "nobody").fit(battles) == free)
    }

    @Test func bradleyTerryAllWinsStaysFinite() {
        // A beats everyone every time: no finite maximum-likelihood strength, but the prior
        // keeps it finite (about ln(2n / priorTies) above its opponents).
        let battles = repeated(5, "A", "B", .a) + repeated(5, "C", "A", .b) + repeated(3, "B", "C", .a)
            + repeated(2, "C", "B", .a) + repeated(4, "D", "B", .b)
        for prior in [0.01, 1, 1e-6] {
            let fit = BradleyTerry(priorTies: prior).fit(battles)
            #expect(fit.count == 4 && fit.values.allSatisfy(\.isFinite), "prior \(prior)")
            #expect(fit["A"]! > fit["B"]! && fit["B"]! > fit["C"]! && fit["D"]! < fit["B"]!)
            #expect(close(fit.values.reduce(0, +) / 4, 1000, 1e-6))
        }
        // A stronger prior pulls the unbeaten model closer to the pool.
        #expect(BradleyTerry(priorTies: 1).fit(battles)["A"]! < BradleyTerry().fit(battles)["A"]!)
        // Two pools that never met are both centred: still finite.
        let split = BradleyTerry().fit(repeated(2, "A", "B", .a) + repeated(2, "C", "D", .tie))
        #expect(split.values.allSatisfy(\.isFinite) && close(split["C"], split["D"]!, 1e-9))
        #expect(BradleyTerry().fit([]).isEmpty)
        #expect(BradleyTerry().fit([battle("A", "A", .a)]).isEmpty)
    }

    /// Battles among three models of known strength (Elo-scale 0, 100, 200), ties 10 %.
    func simulated(_ count: Int, seed: UInt64) -> [Battle] {
        let truth = ["x": 0.0, "y": 100, "z": 200]
        let names = truth.keys.sorted()
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let pair = generator.sample(names, count: 2)
            let p = 1 / (1 + pow(10, (truth[pair[1]]! - truth[pair[0]]!) / 400))
            let outcome: BattleOutcome = generator.chance(0.1) ? .tie : generator.chance(p) ? .a : .b
            return battle(pair[0], pair[1], outcome)
        }
    }

    @Test func bradleyTerryBootstrapIsSeededAndNarrowsWithData() throws {
        let bt = BradleyTerry()
        let small = simulated(90, seed: 11)
        let intervals = bt.bootstrap(small, resamples: 300, seed: 5)
        #expect(intervals == bt.bootstrap(small, resamples: 300, seed: 5))
        #expect(intervals != bt.bootstrap(small, resamples: 300, seed: 6))
        let fit = bt.fit(small)
        #expect(intervals.keys.sorted() == ["x", "y", "z"])
        for (model, interval) in intervals {
            #expect(interval.rating == fit[model])
            #expect(interval.contains(interval.rating), "\(model) \(interval)")
            #expect(interval.width > 0)
        }
        let large = bt.bootstrap(simulated(900, seed: 11), resamples: 300, seed: 5)
        for model in ["x", "y", "z"] {
            #expect(large[model]!.width < 0.6 * intervals[model]!.width, "\(model)")
        }
        // With an anchor, the anchor's interval collapses onto its rating.
        let anchored = BradleyTerry(anchor: "x", anchorRating: 1000).bootstrap(small, resamples: 300, seed: 5)
        let x = try #require(anchored["x"])
        #expect(close(x.rating, 1000, 1e-9) && close(x.lower, 1000, 1e-9) && close(x.upper, 1000, 1e-9))
        #expect(anchored["z"]!.lower > 1000)
        #expect(bt.bootstrap([], seed: 1).isEmpty)
    }

    // MARK: - Length-controlled win rate

    /// A standard normal deviate (Box-Muller) from the seeded generator.
    func normal(_ generator: inout SeededGenerator) -> Double {
        let u = 1 - generator.unitDouble()   // (0, 1]
        return (-2 * log(u)).squareRoot() * cos(2 * Double.pi * generator.unitDouble())
    }

    /// `count` battles of `candidate` against "base" on random seats: the candidate's answer is
    /// `meanDelta` +- 300 characters longer, ties come 10 % of the time, and otherwise the
    /// candidate wins with probability `win(delta)`.
    func againstBaseline(_ candidate: String, count: Int, meanDelta: Double, seed: UInt64,
                         win: (Double) -> Double) -> [Battle] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { k in
            let base = max(50, Int((800 + 200 * normal(&generator)).rounded()))
            let delta = meanDelta + 300 * normal(&generator)
            let own = max(1, base + Int(delta.rounded()))
            let outcome: BattleOutcome = generator.chance(0.1) ? .tie : generator.chance(win(Double(own - base))) ? .a : .b
            let asA = Battle(questionID: "q\(k)", category: nil, a: candidate, b: "base", outcome: outcome,
                             lengthA: own, lengthB: base)
            return generator.chance(0.5) ? asA : asA.swapped
        }
    }

    @Test func lengthControlRemovesPlantedLengthBias() {
        // Equally good at equal length; the judge's log-odds are 2 tanh(delta / 300) in favour
        // of the longer answer. Over many seeds the length-controlled rate's spread here is
        // about 0.012 around 0.5.
        let bias = { (delta: Double) in 1 / (1 + exp(-2 * tanh(delta / 300))) }
        let battles = againstBaseline("verbose", count: 4000, meanDelta: 250, seed: 21, win: bias)
            + againstBaseline("terse", count: 4000, meanDelta: -250, seed: 22, win: bias)
            + [battle("verbose", "terse", .a)]   // not against the baseline: ignored
        let result = LengthControlledWinRate.estimate(battles, baseline: "base")
        #expect(result.keys.sorted() == ["terse", "verbose"])
        let verbose = result["verbose"]!, terse = result["terse"]!
        #expect(verbose.battles == 4000)
        #expect(verbose.winRate > 0.62 && terse.winRate < 0.38)
        #expect(abs(verbose.lengthControlled - 0.5) < 0.05 && abs(terse.lengthControlled - 0.5) < 0.05)
        #expect(verbose.lengthCoefficient > 1 && terse.lengthCoefficient > 1)
        // Which seat the baseline had makes no difference.
        let reseated = LengthControlledWinRate.estimate(battles.map(\.swapped), baseline: "base")
        #expect(close(reseated["verbose"]!.lengthControlled, verbose.lengthControlled, 1e-12))
        #expect(close(reseated["verbose"]!.winRate, verbose.winRate, 1e-12))
    }

    @Test func lengthControlAgreesWithRawRateWithoutBias() {
        // The judge ignores length; the candidate wins 60 % of the non-ties.
        let battles = againstBaseline("better", count: 4000, meanDelta: 250, seed: 23) { _ in 0.6 }
        let result = LengthControlledWinRate.estimate(battles, baseline: "base")["better"]!
        #expect(abs(result.winRate - 0.59) < 0.03)
        #expect(abs(result.lengthControlled - result.winRate) < 0.03)
        #expect(abs(result.lengthCoefficient) < 0.3)
    }

    @Test func lengthControlDegenerateCases() throws {
        // Always winning stays finite; equal lengths leave only the intercept.
        let sweep = repeated(20, "c", "base", .a)
        let result = try #require(LengthControlledWinRate.estimate(sweep, baseline: "base")["c"])
        #expect(result.winRate == 1 && result.lengthControlled.isFinite && result.lengthControlled > 0.9)
        #expect(result.lengthCoefficient == 0)
        let even = repeated(3, "c", "base", .a) + repeated(3, "c", "base", .b)
        #expect(close(LengthControlledWinRate.estimate(even, baseline: "base")["c"]?.lengthControlled, 0.5, 1e-12))
        #expect(LengthControlledWinRate.estimate(sweep, baseline: "other").isEmpty)
        let json = try JSONEncoder().encode(result)
        #expect(try JSONDecoder().decode(LengthControlled.self, from: json) == result)
        #expect(String(decoding: json, as: UTF8.self).contains("\"length_controlled\""))
    }

    // MARK: - Win rates

    @Test func winRecordsAndMatrix() throws {
        let battles = [
            battle("A", "B", .a, category: "math"), battle("B", "A", .tie, category: "math"),
            battle("A", "C", .b, category: "code"), battle("C", "B", .a), battle("A", "B", .a, category: "code"),
            battle("A", "A", .a, category: "math"),   // self-battle: skipped
        ]
        let records = WinRates.records(battles)
        #expect(records.keys.sorted() == ["A", "B", "C"])
        let a = try #require(records["A"])
        #expect(a.wins == 2 && a.ties == 1 && a.losses == 1 && a.battles == 4)
        #expect(a.winRate == 2.5 / 4)
        let b = try #require(records["B"])
        #expect(b.wins == 0 && b.ties == 1 && b.losses == 3 && b.winRate == 0.5 / 4)
        #expect(records["C"]! == WinRecord(wins: 2, ties: 0, losses: 0))
        // Wilson at p = 2.5/4 = 0.625, n = 4, z = 1.959964:
        // (0.625 + z^2/8 -+ z sqrt(0.625 * 0.375 / 4 + z^2/64)) / (1 + z^2/4) = 0.219427, 0.908101.
        #expect(close(a.interval.lowerBound, 0.2194265, 1e-6) && close(a.interval.upperBound, 0.9081008, 1e-6))
        // Without ties it is exactly ProportionInterval.wilson.
        let wilson = try #require(ProportionInterval.wilson(successes: 2, trials: 2))
        #expect(close(records["C"]!.interval.lowerBound, wilson.lower, 1e-15))
        #expect(close(records["C"]!.interval.upperBound, wilson.upper, 1e-15))

        let matrix = WinRates.matrix(battles)
        #expect(matrix["A"] == ["B": 2.5 / 3, "C": 0])
        #expect(matrix["B"] == ["A": 0.5 / 3, "C": 0])
        #expect(matrix["C"] == ["A": 1, "B": 1])
        #expect(matrix["A"]?["A"] == nil)

        let byCategory = WinRates.byCategory(battles)
        #expect(byCategory.keys.sorted() == ["code", "math"])
        #expect(byCategory["math"]?["A"] == WinRecord(wins: 1, ties: 1, losses: 0))
        #expect(byCategory["code"]?["A"] == WinRecord(wins: 1, ties: 0, losses: 1))
        #expect(byCategory["code"]?["C"] == WinRecord(wins: 1, ties: 0, losses: 0))

        let json = try JSONEncoder().encode(a)
        #expect(try JSONDecoder().decode(WinRecord.self, from: json) == a)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["win_rate"] as? Double == 0.625 && object["ci_low"] is Double)
    }

    @Test func battleCodableAndHelpers() throws {
        let original = Battle(questionID: "q1", category: nil, a: "m1", b: "m2", outcome: .tie, lengthA: 10, lengthB: 20)
        let json = try JSONEncoder().encode(original)
        #expect(try JSONDecoder().decode(Battle.self, from: json) == original)
        let object = try #require(try JSONSerialization.jsonObject(with: json) as? [String: Any])
        #expect(object["question_id"] as? String == "q1" && object["category"] is NSNull && object["length_b"] as? Int == 20)
        #expect(original.scoreA == 0.5 && battle("x", "y", .a).scoreA == 1 && battle("x", "y", .b).scoreA == 0)
        let swapped = battle("x", "y", .a, lengths: (1, 2)).swapped
        #expect(swapped.a == "y" && swapped.outcome == .b && swapped.lengthA == 2 && swapped.score(of: "x") == 1)
        #expect(Battle.models(in: [battle("b", "a", .a), battle("c", "c", .a)]) == ["a", "b"])
    }
}
