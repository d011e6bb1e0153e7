/// The position and length figures of `JudgeDiagnostics` over a set of judgments (all judges,
/// or one): consistency across the two orders, the lean to the first position, ties, and the
/// longer answer's win rate. Only plain (unperturbed), parsed judgments of two different
/// candidates count; see `JudgeDiagnostics` for each definition.
struct PositionFigures {
    typealias Rate = JudgeDiagnostics.Rate

    var consistency: Rate
    var positionBias: Rate
    var firstPositionShare: Rate
    var tieRate: Rate
    var lengthBias: Rate
    var lengthBuckets: [JudgeDiagnostics.LengthBucket]

    /// The relative length difference buckets: lower bounds and labels (the upper bound is
    /// the next lower bound).
    static let bucketBounds: [(lower: Double, label: String)] = [(0, "<20%"), (0.2, "20-50%"), (0.5, ">=50%")]

    init(_ judgments: [PairJudgment]) {
        let plain = judgments.filter { $0.perturbation == nil && $0.verdict != nil && $0.first != $0.second }

        // Consistency: the first judgment of each order of each (question, judge, pair).
        var byOrder: [PairJudgment.OrderKey: PairVerdict] = [:]
        var pairs: [PairJudgment.OrderKey] = []
        var seenPairs: Set<PairJudgment.OrderKey> = []
        for judgment in plain {
            if byOrder[judgment.orderKey] == nil { byOrder[judgment.orderKey] = judgment.verdict }
            if seenPairs.insert(judgment.pairKey).inserted { pairs.append(judgment.pairKey) }
        }
        var judgedBoth = 0, consistent = 0, firstWins = 0, decisiveInInconsistent = 0
        for pair in pairs {
            let forward = byOrder[pair]
            let backward = byOrder[PairJudgment.OrderKey(questionID: pair.questionID, judge: pair.judge,
                                                         first: pair.second, second: pair.first)]
            guard let forward, let backward else { continue }
            judgedBoth += 1
            if PairJudgment.combine(forward, backward).consistent == true {
                consistent += 1
            } else {
                for verdict in [forward, backward] where verdict.isDecisive {
                    decisiveInInconsistent += 1
                    if verdict == .a { firstWins += 1 }
                }
            }
        }
        consistency = Rate(successes: consistent, trials: judgedBoth)
        positionBias = Rate(successes: firstWins, trials: decisiveInInconsistent)

        // Position share and ties over every plain verdict.
        let decisive = plain.filter { $0.verdict!.isDecisive }
        firstPositionShare = Rate(successes: decisive.filter { $0.verdict == .a }.count, trials: decisive.count)
        tieRate = Rate(successes: plain.count - decisive.count, trials: plain.count)

        // Length: decisive verdicts between answers of different length.
        var longerWins = 0, trials = 0
        var bucketWins = [Int](repeating: 0, count: Self.bucketBounds.count)
        var bucketTrials = [Int](repeating: 0, count: Self.bucketBounds.count)
        for judgment in decisive where judgment.lengthFirst != judgment.lengthSecond {
            let firstLonger = judgment.lengthFirst > judgment.lengthSecond
            let won = (judgment.verdict == .a) == firstLonger
            let longer = Double(max(judgment.lengthFirst, judgment.lengthSecond))
            let shorter = Double(max(0, min(judgment.lengthFirst, judgment.lengthSecond)))
            let relative = shorter > 0 ? (longer - shorter) / shorter : .infinity
            let bucket = Self.bucketBounds.lastIndex { relative >= $0.lower } ?? 0
            trials += 1
            bucketTrials[bucket] += 1
            if won {
                longerWins += 1
                bucketWins[bucket] += 1
            }
        }
        lengthBias = Rate(successes: longerWins, trials: trials)
        lengthBuckets = Self.bucketBounds.indices.map { index in
            JudgeDiagnostics.LengthBucket(
                label: Self.bucketBounds[index].label, lowerBound: Self.bucketBounds[index].lower,
                upperBound: index + 1 < Self.bucketBounds.count ? Self.bucketBounds[index + 1].lower : nil,
                longerWins: Rate(successes: bucketWins[index], trials: bucketTrials[index]))
        }
    }
}
