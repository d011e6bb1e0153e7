/// The rates of the robustness suite, on paired per-item outcomes (`original[i]` and
/// `perturbed[i]` are the same item's correctness before and after a perturbation).
/// Each is nil where it is undefined.
public enum RobustnessRates {
    /// The share of true outcomes; nil for none.
    public static func accuracy(_ outcomes: [Bool]) -> Double? {
        guard !outcomes.isEmpty else { return nil }
        return Double(outcomes.count { $0 }) / Double(outcomes.count)
    }

    /// The performance drop rate PDR = 1 − acc(perturbed) / acc(original): 0 when the
    /// perturbation changes nothing, 1 when it breaks every right answer, negative when the
    /// perturbed items score higher. Nil when the original accuracy is 0 (or there are no items).
    public static func performanceDropRate(original: [Bool], perturbed: [Bool]) -> Double? {
        guard original.count == perturbed.count, let before = accuracy(original), before > 0,
              let after = accuracy(perturbed) else { return nil }
        return 1 - after / before
    }

    /// The share of items whose correctness is the same before and after; nil for no items.
    public static func consistency(original: [Bool], perturbed: [Bool]) -> Double? {
        guard original.count == perturbed.count else { return nil }
        return accuracy(zip(original, perturbed).map { $0 == $1 })
    }
}

/// What one perturbation kind did to a model's answers (one entry of `summary.json`'s
/// `kinds`): accuracy on the same items before and after, PDR, consistency, each with a
/// paired bootstrap interval (items resampled with both their outcomes).
public struct KindSummary: Codable, Sendable, Equatable {
    public typealias Interval = EvalSummary.Interval

    /// The kind as written on the command line and in provenance ("typos:0.05").
    public var kind: String
    /// Items evaluated both ways with a right/wrong verdict both times: the paired set.
    public var n: Int
    /// Items the kind could not perturb (e.g. `shuffle_options` on open-answer items).
    public var skipped: Int
    /// Items left out because an answer has no right/wrong verdict (free-form answers).
    public var ungraded: Int
    public var accOriginal: Interval?
    public var accPerturbed: Interval?
    /// 1 − acc_perturbed / acc_original; null when acc_original is 0. Its interval leaves out
    /// the resamples whose original accuracy is 0.
    public var pdr: Interval?
    /// Share of items right both times or wrong both times.
    public var consistency: Interval?
    /// Items right originally and wrong once perturbed, and the other way round.
    public var flippedToWrong: Int
    public var flippedToRight: Int

    enum CodingKeys: String, CodingKey {
        case kind, n, skipped, ungraded, accOriginal = "acc_original", accPerturbed = "acc_perturbed", pdr, consistency
        case flippedToWrong = "flipped_to_wrong", flippedToRight = "flipped_to_right"
    }

    /// - Parameters:
    ///   - original, perturbed: the paired outcomes, one per item, same order.
    ///   - bootstrap: resamples items; every rate shares the same draws.
    public init(kind: String, original: [Bool], perturbed: [Bool], skipped: Int, ungraded: Int, bootstrap: Bootstrap) {
        precondition(original.count == perturbed.count, "one perturbed outcome per original outcome")
        self.kind = kind
        self.n = original.count
        self.skipped = skipped
        self.ungraded = ungraded
        func interval(_ rate: ([Bool], [Bool]) -> Double?) -> Interval? {
            bootstrap.estimate(count: original.count) { drawn in rate(drawn.map { original[$0] }, drawn.map { perturbed[$0] }) }
                .map(Interval.init)
        }
        accOriginal = interval { x, _ in RobustnessRates.accuracy(x) }
        accPerturbed = interval { _, y in RobustnessRates.accuracy(y) }
        pdr = interval(RobustnessRates.performanceDropRate)
        consistency = interval(RobustnessRates.consistency)
        flippedToWrong = zip(original, perturbed).count { $0 && !$1 }
        flippedToRight = zip(original, perturbed).count { !$0 && $1 }
    }

    /// Writes undefined rates as null rather than leaving the keys out.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(kind, forKey: .kind)
        let counts: [(CodingKeys, Int)] = [(.n, n), (.skipped, skipped), (.ungraded, ungraded),
                                           (.flippedToWrong, flippedToWrong), (.flippedToRight, flippedToRight)]
        for (key, count) in counts { try container.encode(count, forKey: key) }
        let rates: [(CodingKeys, Interval?)] = [(.accOriginal, accOriginal), (.accPerturbed, accPerturbed), (.pdr, pdr),
                                                (.consistency, consistency)]
        for (key, rate) in rates { try container.encode(rate, forKey: key) }
    }
}
