import Foundation

/// Runs a robustness suite: streams the plan's variants through `EvalRunner` in chunks (the
/// same prompts, scoring and grading as `assay eval`), appends each chunk's lines to
/// `results.jsonl` as soon as it is done, then writes `summary.json` and the report from the
/// whole file. With `resume`, variants already in the file are not evaluated again.
public struct RobustRunner: Sendable {
    /// The variants, and the settings they were planned from.
    public var plan: RobustPlan

    public init(plan: RobustPlan) { self.plan = plan }

    public typealias Outcome = RunOutcome<RobustSummary>

    /// Evaluates the missing variants into `folder/results.jsonl` and writes `summary.json`
    /// and the report from the file's lines of this plan.
    public func run(model: some LanguageModel, folder: String, resume: Bool, manifest: EvalManifest,
                    progress: ProgressReporter? = nil) async throws -> Outcome {
        let log = ResultsLog<RobustRecord>(path: (folder as NSString).appendingPathComponent("results.jsonl"), key: \.key)
        let settings = plan.settings
        let evaluator = EvalRunner(settings: settings.eval, plan: plan.eval)
        let (evaluated, records) = try await log.fill(plan.tasks, key: \.key, resume: resume, chunkSize: settings.eval.chunkSize,
                                                      progress: progress, stop: { InterruptSignal.isRaised }) { chunk in
            let predictions = try await evaluator.evaluate(chunk.map(\.task), model: model)
            return zip(chunk, predictions).map { RobustRecord(task: $0, prediction: $1) }
        }
        let summary = RobustSummary(records: records, plan: plan, manifest: manifest, resamples: settings.resamples)
        try summary.write(to: folder)
        try RobustReport.document(summary: summary, records: records).write(to: folder)
        return Outcome(evaluated: evaluated, resumed: records.count - evaluated, interrupted: InterruptSignal.isRaised, summary: summary)
    }
}
