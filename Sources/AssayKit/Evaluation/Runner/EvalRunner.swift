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

    public typealias Outcome = RunOutcome<EvalSummary>

    public func run(model: some LanguageModel, folder: String, resume: Bool, manifest: EvalManifest,
                    progress: ProgressReporter? = nil) async throws -> Outcome {
        let log = ResultsLog<PredictionRecord>(path: (folder as NSString).appendingPathComponent("predictions.jsonl"), name: "predictions", key: \.key)
        if resume { try checkResumable(log) }
        let (evaluated, records) = try await log.fill(plan.tasks, key: \.key, resume: resume, chunkSize: settings.chunkSize,
                                                      progress: progress, stop: { InterruptSignal.isRaised }) {
            try await evaluate($0, model: model)
        }
        let summary = EvalSummary(records: records, manifest: manifest, seed: settings.seed)
        try summary.write(to: folder)
        try EvalReport.document(summary: summary, records: records).write(to: folder)
        return Outcome(evaluated: evaluated, resumed: records.count - evaluated, interrupted: InterruptSignal.isRaised, summary: summary)
    }

    /// Refuses to resume a file whose records were made with other prompts (another
    /// `--protocol`, `--shots`, `--fewshot`, ...): kept beside new ones, they would be mixed in
    /// one summary that claims this run's settings.
    func checkResumable(_ log: ResultsLog<PredictionRecord>) throws {
        let tasks = Dictionary(plan.tasks.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        for record in log.load() where record.mode != .perplexity {
            guard let task = tasks[record.key], task.mode == record.mode else { continue }
            if plan.prompts.prompt(for: task.item, style: task.style).transcript != record.prompt {
                throw UsageError.conflict("\(log.path) holds \(record.id) with another prompt than this run's: it was written with other options (--protocol, --shots, --fewshot, --cot, --chat, --system); resume with the same options, or give another --out")
            }
        }
    }

    /// The records of a chunk, in task order; tasks of one mode go to the model together.
    func evaluate(_ chunk: [EvalTask], model: some LanguageModel) async throws -> [PredictionRecord] {
        let prompts = chunk.map { plan.prompts.prompt(for: $0.item, style: $0.style) }
        var records = [PredictionRecord?](repeating: nil, count: chunk.count)
        for mode in EvalMode.allCases {
            let positions = chunk.indices.filter { chunk[$0].mode == mode }
            guard !positions.isEmpty else { continue }
            let group = positions.map { (task: chunk[$0], prompt: prompts[$0]) }
            let results = try await skippingWhatDoesNotFit(group) { group in
                switch mode {
                case .loglikelihood: return try await scoreChoices(group, model: model)
                case .generate: return try await generateAnswers(group, model: model)
                case .perplexity: return try await scoreTexts(group, model: model)
                case .code: return try await generateCode(group, model: model)
                }
            }
            for (position, record) in zip(positions, results) { records[position] = record }
        }
        return records.map { $0! }
    }

    /// Runs `body` on the group; when an item does not fit the model's context, runs the items
    /// one at a time instead, and records each one that does not fit as skipped with the
    /// reason (or, with `strict`, stops with an error naming the item).
    func skippingWhatDoesNotFit(_ group: [Prompted],
                                _ body: ([Prompted]) async throws -> [PredictionRecord]) async throws -> [PredictionRecord] {
        do {
            return try await body(group)
        } catch let error where ContextOverflow.matches(error) {
            var records: [PredictionRecord] = []
            for entry in group {
                do {
                    records += try await body([entry])
                } catch let error where ContextOverflow.matches(error) {
                    let reason = ContextOverflow.reason(error)
                    if settings.strict { throw ContextOverflow.Stop(id: entry.task.item.id, reason: reason) }
                    var record = baseRecord(entry.task, prompt: entry.prompt)
                    record.skipped = reason
                    records.append(record)
                }
            }
            return records
        }
    }

    /// The record of a task before the mode fills in what the model did.
    func baseRecord(_ task: EvalTask, prompt: Prompt) -> PredictionRecord {
        PredictionRecord(id: task.item.id, split: task.split, subset: task.item.subset ?? "", mode: task.mode,
                         prompt: prompt.transcript, answer: task.item.answer, original: task.item.provenance?.original)
    }
}

/// The four ways a chunk of tasks meets the model.
extension EvalRunner {
    typealias Prompted = (task: EvalTask, prompt: Prompt)

    /// Log-likelihood multiple choice: one request per choice, all of a chunk in one `score`
    /// call so choices of an item (and items with the same few-shot header) share their
    /// context; `fromScratch` scores each pair alone instead.
    func scoreChoices(_ group: [Prompted], model: some LanguageModel) async throws -> [PredictionRecord] {
        let continuations = group.map { plan.prompts.continuations(for: $0.task.item, style: $0.task.style) }
        let choices = continuations.map(\.texts)
        let requests = zip(group, continuations).flatMap { entry, options in
            options.scored.map { ScoreRequest(text: $0, context: entry.prompt) }
        }
        var scores: [ScoreResult] = []
        if settings.fromScratch {
            for request in requests { scores += try await model.score([request], progress: nil) }
        } else {
            scores = try await model.score(requests, progress: nil)
        }
        var offset = 0
        return zip(group, choices).map { entry, options in
            let item = entry.task.item
            let loglikelihoods = scores[offset..<offset + options.count].map(\.logProbSum)
            offset += options.count
            let labels = BenchmarkItem.labels(count: options.count)
            let gold = Set(AnswerGrader.gold(item).compactMap { labels.firstIndex(of: $0) })
            let outcome = ChoiceScoring.decide(loglikelihoods: loglikelihoods, choices: options, gold: gold,
                                               probabilityMass: gold.count > 1 || item.subset == "mc2")
            var record = baseRecord(entry.task, prompt: entry.prompt)
            record.choices = options
            record.loglikelihoods = loglikelihoods
            record.loglikelihoodsNorm = outcome.normalized
            record.prediction = labels[outcome.chosen]
            record.correct = gold.contains(outcome.chosen)
            // As the references report them: a protocol's metrics alone; a TruthfulQA mc2 item
            // gives mc2 alone (so `accuracy` is mc1's), with no right or wrong choice.
            let mc2Only = item.benchmark == "truthfulqa" && item.subset == "mc2"
            let kept = plan.prompts.protocolPlan?.evalProtocol.metrics ?? (mc2Only ? ["mc2"] : nil)
            record.metrics = kept.map { kept in outcome.metrics.filter { kept.contains($0.key) } } ?? outcome.metrics
            if kept == ["mc2"] { record.correct = nil }
            return record
        }
    }

    /// Greedy generation of every prompt of the chunk in parallel sequences, then grading.
    func generateAnswers(_ group: [Prompted], model: some LanguageModel) async throws -> [PredictionRecord] {
        let requests = group.map {
            GenerationRequest(prompt: $0.prompt, maxTokens: settings.maxTokens, stop: plan.prompts.stops(style: $0.task.style), sampling: .greedy)
        }
        let results = try await model.generate(requests, progress: nil)
        return zip(group, results).map { entry, result in
            let grade = plan.prompts.protocolPlan?.evalProtocol.grade(result.text, item: entry.task.item)
                ?? AnswerGrader.grade(result.text, item: entry.task.item, format: plan.format)
            var record = baseRecord(entry.task, prompt: entry.prompt)
            record.output = result.text
            record.prediction = grade.prediction
            record.correct = grade.correct
            record.metrics = grade.metrics
            return record
        }
    }

    /// HumanEval: `samples` completions per task (seeded per task and sample), each run against
    /// the task's tests in the sandbox; pass@1 and pass@samples with the unbiased estimator.
    func generateCode(_ group: [Prompted], model: some LanguageModel) async throws -> [PredictionRecord] {
        let samples = max(1, settings.samples)
        let temperature = settings.temperature ?? (samples == 1 ? 0 : 0.8)
        let requests = group.flatMap { entry in
            (0..<samples).map { sample in
                GenerationRequest(prompt: entry.prompt, maxTokens: settings.maxTokens, stop: plan.prompts.stops(style: entry.task.style),
                                  sampling: SamplingParameters(temperature: temperature, topK: 40, topP: 0.95,
                                                               seed: settings.seed &+ UInt64(entry.task.index * samples + sample)))
            }
        }
        let results = try await model.generate(requests, progress: nil)
        let runner = HumanEvalRunner()
        var records: [PredictionRecord] = []
        for (position, entry) in group.enumerated() {
            let completions = results[position * samples..<(position + 1) * samples].map(\.text)
            let passing = try runner.countPassing(entry.task.item, completions: Array(completions))
            var record = baseRecord(entry.task, prompt: entry.prompt)
            record.outputs = Array(completions)
            record.prediction = "\(passing.correct)/\(passing.n) passed"
            record.metrics["pass@1"] = Metrics.passAtK(n: passing.n, correct: passing.correct, k: 1)
            if samples > 1 {
                record.metrics["pass@\(samples)"] = Metrics.passAtK(n: passing.n, correct: passing.correct, k: samples)
            }
            records.append(record)
        }
        return records
    }

    /// Rolling perplexity: the item's question and answer as one text, every token scored
    /// (texts longer than the context slide). The record's prompt is the scored text.
    func scoreTexts(_ group: [Prompted], model: some LanguageModel) async throws -> [PredictionRecord] {
        let texts = group.map { Self.perplexityText($0.task.item) }
        let results = try await model.score(texts.map { ScoreRequest(text: $0) }, progress: nil)
        return zip(group, zip(texts, results)).map { entry, scored in
            let (text, result) = scored
            var record = baseRecord(entry.task, prompt: .text(text))
            record.metrics = ["loglikelihood": result.logProbSum, "tokens": Double(result.count),
                              "words": Double(text.split(whereSeparator: \.isWhitespace).count),
                              "bytes": Double(text.utf8.count)]
            return record
        }
    }

    /// The question followed by the worked solution, the gold option's text, or the answer.
    static func perplexityText(_ item: BenchmarkItem) -> String {
        if let solution = item.solution, !solution.isEmpty { return item.question + "\n" + solution }
        return item.question + "\n" + PromptStyle.question.answerText(item)
    }
}
