/// How trustworthy a set of pairwise judges is, from their judgments (`PairJudgment`): do
/// they keep their verdict when the answers swap places, do they favour the first position,
/// longer answers, or their own answers, and do meaning-preserving changes to an answer
/// (`AnswerPerturbation`) move their verdicts.
///
/// Conventions for every figure:
/// - Unparsable judgments (nil verdict) are counted in `unparsable` and left out of all rates.
/// - "Plain" judgments are those without a perturbation; position, length and self-preference
///   figures use plain judgments only, robustness compares perturbed with plain ones.
/// - A judgment of a candidate against itself (`first == second`) is ignored.
/// - Where one order of a (question, judge, pair) was judged more than once, the first such
///   judgment in input order is used for consistency and as the robustness baseline.
/// - Every rate is a `Rate`: counts, and a rate with a Wilson 95% interval that are nil (never
///   NaN) when there are no trials.
public struct JudgeDiagnostics: Codable, Hashable, Sendable {
    /// A proportion: `successes` of `trials`, the rate, and its Wilson 95% interval (all nil
    /// when `trials` is 0).
    public struct Rate: Codable, Hashable, Sendable {
        public var successes: Int
        public var trials: Int
        public var rate: Double?
        public var lower: Double?
        public var upper: Double?

        public init(successes: Int, trials: Int) {
            self.successes = successes
            self.trials = trials
            rate = trials > 0 ? Double(successes) / Double(trials) : nil
            let interval = ProportionInterval.wilson(successes: successes, trials: trials)
            lower = interval?.lower
            upper = interval?.upper
        }
    }

    /// The longer answer's win rate among decisive plain verdicts whose relative length
    /// difference, (longer − shorter) / shorter, is in `lowerBound..<upperBound` (no upper
    /// bound for the last bucket; a zero-length shorter answer counts as infinitely shorter).
    public struct LengthBucket: Codable, Hashable, Sendable {
        /// The bucket as printed: "<20%", "20-50%", ">=50%".
        public var label: String
        public var lowerBound: Double
        public var upperBound: Double?
        public var longerWins: Rate
    }

    /// How one candidate fared in plain judgments: wins, ties, losses.
    public struct Record: Codable, Hashable, Sendable {
        public var wins = 0
        public var ties = 0
        public var losses = 0

        public init(wins: Int = 0, ties: Int = 0, losses: Int = 0) {
            self.wins = wins
            self.ties = ties
            self.losses = losses
        }

        /// All judgments counted.
        public var total: Int { wins + ties + losses }
        /// (wins + ties / 2) / total; nil without judgments.
        public var winRate: Double? { total > 0 ? (Double(wins) + Double(ties) / 2) / Double(total) : nil }
        /// Wins among decisive verdicts (wins + losses), with its interval.
        public var decisiveWins: Rate { Rate(successes: wins, trials: wins + losses) }
    }

    /// A judge that is also a candidate: its own answers' record as judged by itself and as
    /// judged by all the other judges, and `difference` = self win rate − others' win rate
    /// (nil when either is missing). A clearly positive difference is self-preference.
    public struct SelfPreference: Codable, Hashable, Sendable {
        public var judge: String
        public var bySelf: Record
        public var byOthers: Record
        public var difference: Double?
    }

    /// How often one perturbation kind changed a verdict. Each parsed perturbed judgment is
    /// compared with the plain judgment of the same question, judge, pair and order (for
    /// `positionSwap`: the order before the swap, the verdict brought back to that order).
    /// `flips` counts a changed verdict (a win becoming a tie counts) among `compared`;
    /// `towardPerturbed` / `awayFromPerturbed` count flips that raised / lowered the score of
    /// the perturbed candidate (for `positionSwap`, the candidate moved to position A);
    /// `unmatched` perturbed judgments had no parsed plain judgment to compare with.
    public struct Robustness: Codable, Hashable, Sendable {
        public var perturbation: AnswerPerturbation
        public var judgments: Int
        public var unparsable: Int
        public var unmatched: Int
        public var flips: Rate
        public var towardPerturbed: Int
        public var awayFromPerturbed: Int
    }

    /// The position and length figures of one judge (same definitions as the overall ones).
    public struct JudgeSummary: Codable, Hashable, Sendable {
        public var judge: String
        public var judgments: Int
        public var unparsable: Int
        public var consistency: Rate
        public var positionBias: Rate
        public var firstPositionShare: Rate
        public var lengthBias: Rate
    }

    /// All judgments given.
    public var judgments: Int
    /// Judgments whose reply did not parse.
    public var unparsable: Int
    /// Position consistency: among (question, judge, pair) judged in both orders with both
    /// replies parsed (plain judgments), the share whose two verdicts agree once the second is
    /// brought back to the first order (`PairJudgment.combine` gives consistent = true).
    public var consistency: Rate
    /// Position bias: in the inconsistent pairs of `consistency`, the share of first-position
    /// wins among their decisive verdicts (each pair contributes its two verdicts' `.a` and
    /// `.b`). 0.5 is no lean; near 1 the judge's flips favour A. A judge that says A with
    /// probability p regardless of the answers lands at p² / (p² + (1−p)²).
    public var positionBias: Rate
    /// The share of first-position wins among all decisive plain verdicts; 0.5 when verdicts
    /// do not depend on position (given both orders are judged). A judge that says A with
    /// probability p regardless of the answers lands at p.
    public var firstPositionShare: Rate
    /// Ties among parsed plain verdicts.
    public var tieRate: Rate
    /// Length bias: the longer answer's win rate among decisive plain verdicts of answers of
    /// different length.
    public var lengthBias: Rate
    /// `lengthBias` by relative length difference: <20%, 20–50%, ≥50%.
    public var lengthBuckets: [LengthBucket]
    /// One entry per judge that is also among the candidates, by judge name.
    public var selfPreference: [SelfPreference]
    /// One entry per perturbation kind present, in `AnswerPerturbation.allCases` order.
    public var robustness: [Robustness]
    /// Per judge, by name.
    public var judges: [JudgeSummary]

    /// The diagnostics of `judgments`; `candidates` are the models under comparison (a judge
    /// named like one of them gets a `selfPreference` entry).
    public static func compute(_ judgments: [PairJudgment], candidates: [String]) -> JudgeDiagnostics {
        let usable = judgments.filter { $0.first != $0.second }
        let position = PositionFigures(usable)
        let judgeNames = Set(usable.map(\.judge)).sorted()
        let judges = judgeNames.map { name -> JudgeSummary in
            let own = usable.filter { $0.judge == name }
            let figures = PositionFigures(own)
            return JudgeSummary(judge: name, judgments: own.count, unparsable: own.filter { $0.verdict == nil }.count,
                                consistency: figures.consistency, positionBias: figures.positionBias,
                                firstPositionShare: figures.firstPositionShare, lengthBias: figures.lengthBias)
        }
        return JudgeDiagnostics(
            judgments: judgments.count, unparsable: judgments.filter { $0.verdict == nil }.count,
            consistency: position.consistency, positionBias: position.positionBias,
            firstPositionShare: position.firstPositionShare, tieRate: position.tieRate,
            lengthBias: position.lengthBias, lengthBuckets: position.lengthBuckets,
            selfPreference: selfPreference(usable, candidates: Set(candidates), judges: judgeNames),
            robustness: robustness(usable), judges: judges)
    }

    // MARK: Self-preference

    private static func selfPreference(_ judgments: [PairJudgment], candidates: Set<String>, judges: [String]) -> [SelfPreference] {
        judges.filter(candidates.contains).map { judge in
            var bySelf = Record(), byOthers = Record()
            for judgment in judgments where judgment.perturbation == nil {
                guard let verdict = judgment.verdict(for: judge) else { continue }
                if judgment.judge == judge { bySelf.add(verdict) } else { byOthers.add(verdict) }
            }
            let difference = bySelf.winRate.flatMap { own in byOthers.winRate.map { own - $0 } }
            return SelfPreference(judge: judge, bySelf: bySelf, byOthers: byOthers, difference: difference)
        }
    }

    // MARK: Robustness

    private static func robustness(_ judgments: [PairJudgment]) -> [Robustness] {
        var base: [PairJudgment.OrderKey: PairVerdict] = [:]
        for judgment in judgments where judgment.perturbation == nil {
            if let verdict = judgment.verdict, base[judgment.orderKey] == nil { base[judgment.orderKey] = verdict }
        }
        return AnswerPerturbation.allCases.compactMap { kind in
            let perturbed = judgments.filter { $0.perturbation == kind }
            guard !perturbed.isEmpty else { return nil }
            var unparsable = 0, unmatched = 0, compared = 0, flips = 0, toward = 0, away = 0
            for judgment in perturbed {
                guard let verdict = judgment.verdict else { unparsable += 1; continue }
                guard let reference = base[judgment.baseKey] else { unmatched += 1; continue }
                // Both in the order of the plain judgment.
                let now = kind == .positionSwap ? verdict.swapped : verdict
                compared += 1
                guard now != reference else { continue }
                flips += 1
                let target = kind == .positionSwap ? judgment.first : judgment.perturbed
                let baseKey = judgment.baseKey
                if let target, target == baseKey.first || target == baseKey.second {
                    let before = target == baseKey.first ? reference.scoreOfA : reference.swapped.scoreOfA
                    let after = target == baseKey.first ? now.scoreOfA : now.swapped.scoreOfA
                    if after > before { toward += 1 } else if after < before { away += 1 }
                }
            }
            return Robustness(perturbation: kind, judgments: perturbed.count, unparsable: unparsable, unmatched: unmatched,
                              flips: Rate(successes: flips, trials: compared), towardPerturbed: toward, awayFromPerturbed: away)
        }
    }
}

extension JudgeDiagnostics.Record {
    /// Counts a verdict in the candidate's terms (`.a` = the candidate won).
    mutating func add(_ verdict: PairVerdict) {
        switch verdict {
        case .a: wins += 1
        case .b: losses += 1
        case .tie: ties += 1
        }
    }
}
