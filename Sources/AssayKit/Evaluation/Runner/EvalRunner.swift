import Foundation

/// Runs an evaluation: streams the plan's tasks through the model in chunks, appends each
/// chunk's predictions to `predictions.jsonl` as soon as it is done, then aggregates the whole
/// file into `summary.json` and the report. With `resume`, tasks whose (split, id) is already
/// in the file are skipped and the summary covers old and new lines alike.
public struct EvalRunner: Sendable {
    public var settings: EvalSettings
    public var plan: EvalPlan

    public init(settings: EvalSettings, plan: EvalPlan) {
        self.settings = settings
        self.plan = plan
    }

    /// What a run did.
    public struct Outcome: Sendable {
        public var evaluated: Int
        public var resumed: Int
        public var summary: EvalSummary
    }

    public func run(model: some LanguageModel, folder: String, resume: Bool, manifest: EvalManifest,
                    progress: ProgressReporter? = nil) async throws -> Outcome {
        let predictions = (folder as NSString).appendingPathComponent("predictions.jsonl")
        var done = Set<String>()
        if resume && FileManager.default.fileExists(atPath: predictions) {
            try PredictionRecord.truncateTornLine(predictions)
            done = Set(PredictionRecord.load(predictions).map(\.key))
        }
        let writer = try JSONLinesWriter(path: predictions, append: resume)
        let pending = plan.tasks.filter { !done.contains($0.key) }
        for start in stride(from: 0, to: pending.count, by: max(1, settings.chunkSize)) {
            let chunk = Array(pending[start..<min(pending.count, start + settings.chunkSize)])
            let records = try await evaluate(chunk, model: model)
            for record in records { try writer.write(record) }
            progress?.advance(by: chunk.count)
        }
        let records = PredictionRecord.load(predictions)
        let summary = EvalSummary(records: records, manifest: manifest, seed: settings.seed)
        try summary.write(to: folder)
        try EvalReport.document(summary: summary, records: records).write(to: folder)
        return Outcome(evaluated: pending.count, resumed: plan.tasks.count - pending.count, summary: summary)
    }

    /// The records of a chunk, in task order; tasks of one mode go to the model together.
    func evaluate(_ chunk: [EvalTask], model: some LanguageModel) async throws -> [PredictionRecord] {
        var prompts: [String] = []
        for task in chunk {
            prompts.append(try await plan.prompts.prompt(for: task.item, style: task.style, model: model))
        }
        var records = [PredictionRecord?](repeating: nil, count: chunk.count)
        for mode in EvalMode.allCases {
            let positions = chunk.indices.filter { chunk[$0].mode == mode }
            guard !positions.isEmpty else { continue }
            let group = positions.map { (task: chunk[$0], prompt: prompts[$0]) }
            let results: [PredictionRecord]
            switch mode {
            case .loglikelihood: results = try await scoreChoices(group, model: model)
            case .generate: results = try await generateAnswers(group, model: model)
            case .perplexity: results = try await scoreTexts(group, model: model)
            case .code: results = try await generateCode(group, model: model)
            }
            for (position, record) in zip(positions, results) { records[position] = record }
        }
        return records.map { $0! }
    }

    /// The record of a task before the mode fills in what the model did.
    func baseRecord(_ task: EvalTask, prompt: String) -> PredictionRecord {
        PredictionRecord(id: task.item.id, split: task.split, subset: task.item.subset ?? "", mode: task.mode,
                         prompt: prompt, answer: task.item.answer, original: task.item.provenance?.original)
    }
}
