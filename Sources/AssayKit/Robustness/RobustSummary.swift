import Foundation

/// The aggregate of a robustness run (`summary.json`): the original accuracy, per kind the
/// paired rates (`KindSummary`), and CircularEval (`CircularSummary`) when asked for, with the
/// run's manifest. Built from the results file and the plan, so a resumed run summarizes old
/// and new lines alike; lines the plan does not ask for are ignored.
public struct RobustSummary: Codable, Sendable {
    public typealias Interval = EvalSummary.Interval

    /// Accuracy on the original items with a right/wrong verdict.
    public struct Original: Codable, Sendable, Equatable {
        public var n: Int
        public var ungraded: Int
        /// nil (written as null) when no original item was graded.
        public var accuracy: Interval?

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(n, forKey: .n)
            try container.encode(ungraded, forKey: .ungraded)
            try container.encode(accuracy, forKey: .accuracy)   // null, not left out
        }
    }

    public var manifest: EvalManifest
    public var resamples: Int
    public var original: Original
    /// One entry per kind, in the order asked.
    public var kinds: [KindSummary]
    public var circular: CircularSummary?
    /// Lines recorded but not evaluated (too long for the context...), left out of every
    /// figure; nil when none were.
    public var skipped: Int?

    public init(records: [RobustRecord], plan: RobustPlan, manifest: EvalManifest, resamples: Int) {
        let bootstrap = Bootstrap(resamples: resamples, seed: manifest.seed)
        var byKey: [String: RobustRecord] = [:]
        for record in records where record.skipped == nil { byKey[record.key] = record }
        let skippedLines = records.filter { $0.skipped != nil }.count
        skipped = skippedLines > 0 ? skippedLines : nil
        let originalKey = { (id: String) in RobustRecord.key(variant: RobustTask.originalVariant, rotation: nil, id: id) }
        let outcomes = plan.tasks.filter { $0.variant == RobustTask.originalVariant }.compactMap { byKey[$0.key]?.correct }
        let evaluated = plan.tasks.filter { $0.variant == RobustTask.originalVariant && byKey[$0.key] != nil }.count
        original = Original(n: outcomes.count, ungraded: evaluated - outcomes.count,
                            accuracy: bootstrap.estimate(count: outcomes.count) { drawn in
                                RobustnessRates.accuracy(drawn.map { outcomes[$0] })
                            }.map(Interval.init))

        kinds = plan.settings.kinds.map(\.description).map { kind in
            var before: [Bool] = [], after: [Bool] = []
            var ungraded = 0
            for task in plan.tasks where task.variant == kind {
                guard let perturbed = byKey[task.key], let source = byKey[originalKey(task.id)] else { continue }
                guard let x = source.correct, let y = perturbed.correct else { ungraded += 1; continue }
                before.append(x)
                after.append(y)
            }
            return KindSummary(kind: kind, original: before, perturbed: after, skipped: plan.unperturbed[kind] ?? 0,
                               ungraded: ungraded, bootstrap: bootstrap)
        }

        if plan.settings.circular {
            var rotations: [String: [RobustTask]] = [:]
            for task in plan.tasks where task.variant == RobustTask.circularVariant { rotations[task.id, default: []].append(task) }
            var items: [[RotationOutcome]] = []
            var incomplete = 0
            for task in plan.tasks where task.variant == RobustTask.originalVariant {
                guard let turns = rotations[task.id] else { continue }
                let outcomes = ([task] + turns).map { turn in
                    byKey[turn.key].flatMap { record in
                        record.correct.map { RotationOutcome(goldPosition: turn.goldPosition!, correct: $0) }
                    }
                }
                if outcomes.allSatisfy({ $0 != nil }) { items.append(outcomes.map { $0! }) } else { incomplete += 1 }
            }
            circular = CircularSummary(items: items, skipped: plan.unrotated + incomplete, bootstrap: bootstrap)
        }
        self.manifest = manifest
        self.resamples = resamples
    }

    /// Writes `summary.json` (pretty, sorted keys) into `folder`, atomically.
    public func write(to folder: String) throws {
        try JSONLinesWriter.writeDocument(self, to: (folder as NSString).appendingPathComponent("summary.json"))
    }
}
