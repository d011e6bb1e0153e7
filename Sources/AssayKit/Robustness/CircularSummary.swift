/// One answer of CircularEval: where the gold option stood and whether the model was right.
public struct RotationOutcome: Sendable, Equatable {
    public var goldPosition: Int
    public var correct: Bool

    public init(goldPosition: Int, correct: Bool) {
        self.goldPosition = goldPosition
        self.correct = correct
    }
}

/// CircularEval over multiple-choice items (`summary.json`'s `circular`): every item asked
/// under each cyclic rotation of its options. A model that knows the answer is right under
/// all of them; one that favours a letter is right only where the gold option lands on it.
public struct CircularSummary: Codable, Sendable, Equatable {
    public typealias Interval = EvalSummary.Interval

    /// Accuracy over all answers given with the gold option at one position.
    public struct Position: Codable, Sendable, Equatable {
        /// The position's label ("A" for the first option).
        public var label: String
        public var n: Int
        public var correct: Int
        public var accuracy: Double
        /// Wilson 95 % interval: each item gives at most one answer per position, so the
        /// answers are independent.
        public var ciLow: Double
        public var ciHigh: Double

        enum CodingKeys: String, CodingKey { case label, n, correct, accuracy, ciLow = "ci_low", ciHigh = "ci_high" }
    }

    /// Items asked under every rotation.
    public var n: Int
    /// Items that could not be rotated (no single gold option, or not multiple choice).
    public var skipped: Int
    /// Answers given (items × rotations).
    public var answers: Int
    public var byGoldPosition: [Position]
    /// Accuracy with the options as given (rotation 0).
    public var originalAccuracy: Interval?
    /// Per item the share of its rotations answered right, averaged over items.
    public var meanAccuracy: Interval?
    /// The share of items answered right under every rotation.
    public var circularAccuracy: Interval?

    enum CodingKeys: String, CodingKey {
        case n, skipped, answers, byGoldPosition = "by_gold_position", originalAccuracy = "original_accuracy"
        case meanAccuracy = "mean_accuracy", circularAccuracy = "circular_accuracy"
    }

    /// Undefined rates are written as null, not left out.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(n, forKey: .n)
        try container.encode(skipped, forKey: .skipped)
        try container.encode(answers, forKey: .answers)
        try container.encode(byGoldPosition, forKey: .byGoldPosition)
        try container.encode(originalAccuracy, forKey: .originalAccuracy)
        try container.encode(meanAccuracy, forKey: .meanAccuracy)
        try container.encode(circularAccuracy, forKey: .circularAccuracy)
    }

    /// - Parameters:
    ///   - items: per item, its outcome under every rotation, rotation 0 first.
    ///   - skipped: items that could not be rotated.
    ///   - bootstrap: resamples items for the item-level rates.
    public init(items: [[RotationOutcome]], skipped: Int, bootstrap: Bootstrap) {
        precondition(items.allSatisfy { !$0.isEmpty }, "every item has its rotation 0")
        n = items.count
        self.skipped = skipped
        answers = items.reduce(0) { $0 + $1.count }
        let positions = items.map { $0.map(\.goldPosition).max()! + 1 }.max() ?? 0
        let labels = BenchmarkItem.labels(count: positions)
        byGoldPosition = (0..<positions).compactMap { position in
            let outcomes = items.flatMap { $0.filter { $0.goldPosition == position } }
            let right = outcomes.count(where: \.correct)
            guard let wilson = ProportionInterval.wilson(successes: right, trials: outcomes.count) else { return nil }
            return Position(label: labels[position], n: outcomes.count, correct: right,
                            accuracy: Double(right) / Double(outcomes.count), ciLow: wilson.lower, ciHigh: wilson.upper)
        }
        func interval(_ perItem: ([RotationOutcome]) -> Double) -> Interval? {
            let values = items.map(perItem)
            return bootstrap.estimate(count: values.count) { drawn in Descriptive.mean(drawn.map { values[$0] }) }.map(Interval.init)
        }
        originalAccuracy = interval { $0[0].correct ? 1 : 0 }
        meanAccuracy = interval { Double($0.count(where: \.correct)) / Double($0.count) }
        circularAccuracy = interval { $0.allSatisfy(\.correct) ? 1 : 0 }
    }
}
