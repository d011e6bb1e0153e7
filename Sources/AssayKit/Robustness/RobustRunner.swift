import Foundation

/// Runs a robustness suite: streams the plan's variants through `EvalRunner` in chunks (the
/// same prompts, scoring and grading as `assay eval`), appends each chunk's lines to
/// `results.jsonl` as soon as it is done, then writes `summary.json` and the report from the
/// whole file. With `resume`, variants already in the file are not evaluated again.
public struct RobustRunner: Sendable {
    public var settings: RobustSettings
    public var plan: RobustPlan

    public init(settings: RobustSettings, plan: RobustPlan) {
        self.settings = settings
        self.plan = plan
    }

    /// What a run did.
    public struct Outcome: Sendable {
        /// Variants evaluated by this run, and found done in the results file.
        public var evaluated: Int
        public var resumed: Int
        public var summary: RobustSummary
    }

    public func run(model: some LanguageModel, folder: String, resume: Bool, manifest: EvalManifest,
                    progress: ProgressReporter? = nil) async throws -> Outcome {
        let results = (folder as NSString).appendingPathComponent("results.jsonl")
        var done = Set<String>()
        if resume && FileManager.default.fileExists(atPath: results) {
            try PredictionRecord.truncateTornLine(results)
            done = Set(RobustRecord.load(results).map(\.key))
        }
        let writer = try JSONLinesWriter(path: results, append: resume)
        let evaluator = EvalRunner(settings: settings.eval, plan: plan.eval)
        let pending = plan.tasks.filter { !done.contains($0.key) }
        let size = max(1, settings.eval.chunkSize)
        for start in stride(from: 0, to: pending.count, by: size) {
            let chunk = Array(pending[start..<min(pending.count, start + size)])
            let predictions = try await evaluator.evaluate(chunk.map(\.task), model: model)
            for (task, prediction) in zip(chunk, predictions) { try writer.write(RobustRecord(task: task, prediction: prediction)) }
            progress?.advance(by: chunk.count)
        }
        let records = RobustRecord.load(results)
        let summary = RobustSummary(records: records, plan: plan, manifest: manifest, resamples: settings.resamples)
        try summary.write(to: folder)
        try RobustReport.document(summary: summary, records: records).write(to: folder)
        return Outcome(evaluated: pending.count, resumed: plan.tasks.count - pending.count, summary: summary)
    }
}
