/// Battles aggregated per pair of models: what a Bradley-Terry likelihood depends on (the
/// order of the battles does not matter to it, only how many each pair fought and how much
/// each side scored). Models are indexed in name order so that every sum over them runs in
/// the same order on every run.
struct PairwiseTally: Sendable, Hashable {
    /// One pair of models that fought at least once, `i < j` (indices into `models`).
    struct Pair: Sendable, Hashable {
        var i: Int
        var j: Int
        /// Model i's total score against model j: its wins plus half the ties.
        var scoreI: Double
        /// The number of battles between them.
        var games: Double
    }

    /// The models with at least one battle against another model, sorted by name.
    let models: [String]
    /// The pairs that fought, ordered by (i, j).
    let pairs: [Pair]

    /// A battle reduced to what the tally needs: the two sides' indices in a fixed model list
    /// (`low < high`) and the lower-indexed side's score.
    struct Entry: Sendable, Hashable {
        var low: Int
        var high: Int
        var scoreLow: Double
    }

    /// The battles (self-battles left out) reduced against `models`, which must contain every
    /// side of every battle (`Battle.models(in:)` does).
    static func entries(_ battles: [Battle], models: [String]) -> [Entry] {
        var index = [String: Int]()
        for (k, name) in models.enumerated() { index[name] = k }
        return battles.compactMap { battle in
            guard !battle.isSelfBattle, let ia = index[battle.a], let ib = index[battle.b] else { return nil }
            return ia < ib ? Entry(low: ia, high: ib, scoreLow: battle.scoreA)
                           : Entry(low: ib, high: ia, scoreLow: battle.scoreB)
        }
    }

    /// The tally of all `battles`.
    init(_ battles: [Battle]) {
        let models = Battle.models(in: battles)
        let entries = Self.entries(battles, models: models)
        self.init(entries: entries, picks: entries.indices, models: models)
    }

    /// The tally of the entries picked by `picks` (indices into `entries`, repeats counting
    /// again, as a bootstrap draw has them). Only the models of `universe` that appear in a
    /// picked entry are kept, still in name order.
    init<Picks: Sequence<Int>>(entries: [Entry], picks: Picks, models universe: [String]) {
        let n = universe.count
        var score = [Double](repeating: 0, count: n * n)
        var games = [Double](repeating: 0, count: n * n)
        for k in picks {
            let entry = entries[k]
            let cell = entry.low * n + entry.high
            score[cell] += entry.scoreLow
            games[cell] += 1
        }
        var present = [Bool](repeating: false, count: n)
        for i in 0..<n {
            for j in (i + 1)..<n where games[i * n + j] > 0 {
                present[i] = true
                present[j] = true
            }
        }
        var compact = [Int](repeating: -1, count: n)
        var kept: [String] = []
        for i in 0..<n where present[i] {
            compact[i] = kept.count
            kept.append(universe[i])
        }
        var pairs: [Pair] = []
        for i in 0..<n where present[i] {
            for j in (i + 1)..<n where games[i * n + j] > 0 {
                pairs.append(Pair(i: compact[i], j: compact[j], scoreI: score[i * n + j], games: games[i * n + j]))
            }
        }
        models = kept
        self.pairs = pairs
    }
}
