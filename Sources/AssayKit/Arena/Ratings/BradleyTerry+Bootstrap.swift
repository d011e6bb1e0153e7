/// A rating with its bootstrap percentile interval. JSON keys: `rating`, `ci_low`, `ci_high`.
public struct RatingInterval: Codable, Hashable, Sendable {
    /// The rating fitted on all battles.
    public var rating: Double
    /// The lower end of the percentile interval.
    public var lower: Double
    /// The upper end of the percentile interval.
    public var upper: Double

    /// Creates an interval from its three values.
    public init(rating: Double, lower: Double, upper: Double) {
        self.rating = rating
        self.lower = lower
        self.upper = upper
    }

    enum CodingKeys: String, CodingKey {
        case rating, lower = "ci_low", upper = "ci_high"
    }

    /// The width of the interval, `upper - lower`.
    public var width: Double { upper - lower }

    /// Whether `value` lies in the closed interval.
    public func contains(_ value: Double) -> Bool {
        lower <= value && value <= upper
    }
}

extension BradleyTerry {
    /// Bootstrap percentile intervals of the ratings, as Chatbot Arena reports them: the
    /// battles are resampled with replacement (as many as there are, self-battles left out)
    /// `resamples` times, each draw is fitted like `fit`, and a model's interval runs between
    /// the (1 - confidence)/2 and (1 + confidence)/2 quantiles (type 7, as `Descriptive`) of its
    /// ratings over the draws. `rating` is the fit on all battles, which usually, though not by
    /// construction, lies inside the interval.
    ///
    /// The draws come from `SeededGenerator(seed:)`: the same battles and seed give the same
    /// intervals, on every machine. Every draw keeps the anchoring of `fit` (the anchor pinned
    /// at `anchorRating`, or the mean there when there is no anchor); a draw that happens to
    /// leave out the anchor, or a model, says nothing about it and is not counted for it. A
    /// model counted in fewer than two draws (possible only with very few resamples) gets the
    /// degenerate interval [rating, rating].
    ///
    /// - Parameters:
    ///   - resamples: the number of draws (at least 2).
    ///   - confidence: the interval's coverage, in (0, 1).
    ///   - seed: the generator's seed.
    public func bootstrap(_ battles: [Battle], resamples: Int = 1000, confidence: Double = 0.95,
                          seed: UInt64) -> [String: RatingInterval] {
        precondition(resamples >= 2, "at least 2 resamples")
        precondition(confidence > 0 && confidence < 1, "confidence in (0, 1)")
        let models = Battle.models(in: battles)
        let entries = PairwiseTally.entries(battles, models: models)
        guard !entries.isEmpty,
              let full = ratings(PairwiseTally(entries: entries, picks: entries.indices, models: models),
                                 requireAnchor: false)
        else { return [:] }

        var index = [String: Int]()
        for (k, model) in models.enumerated() { index[model] = k }
        var draws = [[Double]](repeating: [], count: models.count)
        for k in draws.indices { draws[k].reserveCapacity(resamples) }
        var generator = SeededGenerator(seed: seed)
        var picks = [Int](repeating: 0, count: entries.count)
        for _ in 0..<resamples {
            for k in picks.indices { picks[k] = generator.int(in: 0..<entries.count) }
            let tally = PairwiseTally(entries: entries, picks: picks, models: models)
            guard let drawn = ratings(tally, requireAnchor: true) else { continue }
            for model in tally.models {
                if let k = index[model], let value = drawn[model] { draws[k].append(value) }
            }
        }

        let tail = (1 - confidence) / 2
        var result = [String: RatingInterval]()
        for (k, model) in models.enumerated() {
            guard let rating = full[model] else { continue }
            guard draws[k].count >= 2 else {
                result[model] = RatingInterval(rating: rating, lower: rating, upper: rating)
                continue
            }
            let sorted = draws[k].sorted()
            result[model] = RatingInterval(rating: rating, lower: Descriptive.quantile(sorted: sorted, tail),
                                           upper: Descriptive.quantile(sorted: sorted, 1 - tail))
        }
        return result
    }
}
