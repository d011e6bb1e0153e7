import Foundation

/// Weighs the audit's signals by how the benchmark's items as a whole sit apart from their twins,
/// without labels, and combines them into one familiarity score per text.
///
/// Each signal becomes its normal scores among the twins (`NormalScores`: ranks, so a discrete
/// or heavy-tailed signal weighs like any other), centered on the twins' mean and divided by
/// the spread of distinct normal scores (`NormalScores.spread`). When a share of the items is contaminated, the items' mean moves from the
/// twins' mean by that share times a contaminated item's own shift, so
/// `w = S⁻¹ (mean(items) − mean(twins))`, with `S` the twins' covariance, is the direction linear
/// discriminant analysis would find with labels (up to a factor, before the constraints below).
/// A signal on which the items do not move gets a small weight: a weak signal cannot dilute a
/// strong one, as it does in a plain average. A prior of half a standard error of the shift
/// towards "more familiar" on every signal keeps the weights looking for single familiar items
/// when the items as a whole do not move. `S` is shrunk halfway to its diagonal, so a few dozen
/// twins give stable weights.
///
/// Weights are never negative, so an item never looks suspicious for being *less* familiar
/// than the twins on some signal (twins are never perfect copies of the items' distribution):
/// the constrained solution is found exactly (`solveNonNegative`). Only a
/// signal whose direction is not known beforehand (`signed`: the reference ratio, which a
/// reference model that knows the texts better than the audited one reverses) keeps its sign.
///
/// The weights are cross-fitted: texts are dealt into `foldCount` folds, and a text is scored
/// with the weights fitted on the other folds, never with weights it helped choose. Items and
/// twins of a fold stay exchangeable when nothing is contaminated, so the conformal threshold
/// on the twins keeps its false-positive rate near 5% (cross-conformal: the threshold pools the
/// folds). A score is in standard deviations of the training twins' scores.
struct SignalContrast: Sendable {
    /// Folds, fewer when there are not `minimumPerFold` items and twins for each; with fewer than
    /// 4 of either, one fit on everything (a sample that small is below the verdict's minimum).
    static let foldCount = 8
    static let minimumPerFold = 2
    /// How far the twins' covariance is pulled towards its diagonal.
    static let shrinkage = 0.5
    /// Added to the diagonal (variances are 1 after standardizing), so the system stays
    /// solvable when a signal is constant among the training twins.
    static let ridge = 0.01

    /// A text's key and its oriented values, one per signal (nil: not measured).
    typealias Text = (key: String, values: [Double?])

    /// The model of one fold: fitted on the texts outside it, applied to the texts in it.
    struct Model: Sendable {
        /// Per signal, the normal scores among the training twins (nil: fewer than 2 measured).
        var normalScores: [NormalScores?]
        var center: [Double]
        var scale: [Double]
        var weights: [Double]
        var scoreMean = 0.0
        var scoreScale = 1.0

        /// Standardized normal scores; a signal not measured counts as typical of the twins (0),
        /// and so does one constant among the training twins (scale ∞).
        func standardized(_ values: [Double?]) -> [Double] {
            values.indices.map { index in
                guard let value = values[index], let normal = normalScores[index] else { return 0 }
                return (normal(value) - center[index]) / scale[index]
            }
        }

        /// Each signal's part of the score (they sum to the score plus `scoreMean / scoreScale`).
        func contributions(_ values: [Double?]) -> [Double] {
            zip(weights, standardized(values)).map { $0 * $1 / scoreScale }
        }

        func score(_ values: [Double?]) -> Double {
            (zip(weights, standardized(values)).reduce(0) { $0 + $1.0 * $1.1 } - scoreMean) / scoreScale
        }
    }

    let models: [Model]
    /// The fold of each text's key.
    private let folds: [String: Int]

    /// Fits the folds' models; `signed[i]` lets signal i's weight be negative. The texts' order
    /// does not matter (they are sorted by key).
    init(items: [Text], twins: [Text], signed: [Bool] = []) {
        let items = items.sorted { $0.key < $1.key }
        let twins = twins.sorted { $0.key < $1.key }
        let count = max(1, min(Self.foldCount, min(items.count, twins.count) / Self.minimumPerFold))
        var folds: [String: Int] = [:]
        for group in [items, twins] {
            for (index, key) in Self.dealt(group.map(\.key)).enumerated() { folds[key] = index % count }
        }
        self.folds = folds
        models = (0..<count).map { fold in
            Self.fit(items: items.filter { count == 1 || folds[$0.key] != fold },
                     twins: twins.filter { count == 1 || folds[$0.key] != fold }, signed: signed)
        }
    }

    /// The model that scores a text (the one fitted without its fold).
    func model(for key: String) -> Model { models[folds[key] ?? 0] }

    /// The mean weight of each signal over the folds' models, in units of the suspicion per
    /// standard deviation of the signal's normal scores among the twins.
    var meanWeights: [Double] {
        guard let first = models.first else { return [] }
        return first.weights.indices.map { index in
            models.reduce(0) { $0 + $1.weights[index] / $1.scoreScale } / Double(models.count)
        }
    }

    /// Keys in a stable order that does not follow the input's (FNV-1a of the key, then the key),
    /// so dealing them round-robin gives folds of equal size with no pattern of the file.
    static func dealt(_ keys: [String]) -> [String] {
        keys.map { key -> (UInt64, String) in
            var hash = FNV1a()
            hash.mix(key.utf8)
            return (hash.value, key)
        }.sorted { $0 < $1 }.map(\.1)
    }

    static func fit(items: [Text], twins: [Text], signed: [Bool]) -> Model {
        let width = (items.first ?? twins.first)?.values.count ?? 0
        let normalScores = (0..<width).map { index in NormalScores(twins.compactMap { $0.values[index] }) }
        var center = [Double](repeating: 0, count: width)
        var scale = [Double](repeating: .infinity, count: width)
        for index in 0..<width {
            guard let normal = normalScores[index] else { continue }
            let values = twins.compactMap { $0.values[index].map(normal.callAsFunction) }
            guard Descriptive.standardDeviation(values) > 0 else { continue }   // constant: no weight
            center[index] = Descriptive.mean(values)
            scale[index] = normal.spread
        }
        var model = Model(normalScores: normalScores, center: center, scale: scale, weights: [Double](repeating: 0, count: width))
        let twinValues = twins.map { model.standardized($0.values) }
        guard !twinValues.isEmpty, !items.isEmpty else { return model }
        func mean(_ rows: [[Double]], _ index: Int) -> Double { rows.reduce(0) { $0 + $1[index] } / Double(rows.count) }
        // The twins' standardized values have mean 0 (measured ones are centered on their mean,
        // missing ones are 0), so the products' mean is their covariance.
        var system = (0..<width).map { a in
            (0..<width).map { b in twinValues.reduce(0) { $0 + $1[a] * $1[b] } / Double(twinValues.count) }
        }
        for a in 0..<width {
            for b in 0..<width where a != b { system[a][b] *= 1 - shrinkage }
            system[a][a] += ridge
        }
        // The prior: half a standard error of the shift towards "more familiar" on every signal of
        // known direction, so that with no shift of the items as a whole (a small contaminated
        // share) the weights still look for items more familiar than the twins on any signal.
        let prior = (1 / Double(items.count) + 1 / Double(twins.count)).squareRoot() / 2
        let towards = (0..<width).map { index -> Double in
            scale[index].isFinite && !isSigned(index, signed) ? prior : 0
        }
        let itemValues = items.map { model.standardized($0.values) }
        let shift = (0..<width).map { mean(itemValues, $0) + towards[$0] }
        model.weights = solveNonNegative(system, shift, signed: signed)
        // Items less familiar than the twins on every signal: the prior direction alone.
        if model.weights.allSatisfy({ $0 == 0 }) { model.weights = solveNonNegative(system, towards, signed: signed) }
        let scores = twins.map { model.score($0.values) }
        model.scoreMean = Descriptive.mean(scores)
        let sd = Descriptive.standardDeviation(scores)
        if sd > 0 { model.scoreScale = sd }
        return model
    }

    /// Whether signal `index` may weigh negatively (`signed` may be shorter than the signals).
    static func isSigned(_ index: Int, _ signed: [Bool]) -> Bool { signed.indices.contains(index) && signed[index] }

    /// Minimizes `x·matrix·x / 2 − vector·x` with `x[i] >= 0` unless `signed[i]` (for the
    /// symmetric positive definite matrix here, the constrained solution of `matrix · x =
    /// vector`), exactly: the optimum solves the system on its own support, so every choice of
    /// the constrained components left free is solved and the best feasible solution kept (at
    /// most 2⁹ small systems for the audit's nine signals).
    static func solveNonNegative(_ matrix: [[Double]], _ vector: [Double], signed: [Bool]) -> [Double] {
        let constrained = vector.indices.filter { !isSigned($0, signed) }
        var best = [Double](repeating: 0, count: vector.count)
        var bestObjective = 0.0   // x = 0
        for mask in 0..<(1 << constrained.count) {
            let free = vector.indices.filter { index in
                guard let bit = constrained.firstIndex(of: index) else { return true }
                return mask & (1 << bit) != 0
            }
            guard !free.isEmpty else { continue }
            let part = solve(free.map { row in free.map { matrix[row][$0] } }, free.map { vector[$0] })
            var x = [Double](repeating: 0, count: vector.count)
            for (index, value) in zip(free, part) { x[index] = value }
            guard constrained.allSatisfy({ x[$0] >= 0 }) else { continue }
            let objective = vector.indices.reduce(0.0) { total, row in
                total + x[row] * (vector.indices.reduce(0.0) { $0 + matrix[row][$1] * x[$1] } / 2 - vector[row])
            }
            if objective < bestObjective - 1e-15 { (best, bestObjective) = (x, objective) }
        }
        return best
    }

    /// Solves `matrix · x = vector` by Gaussian elimination with partial pivoting (the matrix
    /// is symmetric positive definite here, thanks to the ridge).
    static func solve(_ matrix: [[Double]], _ vector: [Double]) -> [Double] {
        var rows = zip(matrix, vector).map { $0 + [$1] }
        let n = vector.count
        for column in 0..<n {
            let pivot = (column..<n).max { abs(rows[$0][column]) < abs(rows[$1][column]) } ?? column
            rows.swapAt(column, pivot)
            guard rows[column][column] != 0 else { continue }
            for row in 0..<n where row != column {
                let factor = rows[row][column] / rows[column][column]
                if factor != 0 { for k in column...n { rows[row][k] -= factor * rows[column][k] } }
            }
        }
        return (0..<n).map { rows[$0][$0] == 0 ? 0 : rows[$0][n] / rows[$0][$0] }
    }
}
