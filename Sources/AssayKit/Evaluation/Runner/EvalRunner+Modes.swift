import Foundation

/// The four ways a chunk of tasks meets the model.
extension EvalRunner {
    typealias Prompted = (task: EvalTask, prompt: String)

    /// Log-likelihood multiple choice: one request per choice, all of a chunk in one `score`
    /// call so choices of an item (and items with the same few-shot header) share their
    /// context; `fromScratch` scores each pair alone instead.
    func scoreChoices(_ group: [Prompted], model: some LanguageModel) async throws -> [PredictionRecord] {
        let delimiter = plan.prompts.choiceDelimiter
        let choices = group.map { $0.task.style.choices($0.task.item) }
        let requests = zip(group, choices).flatMap { entry, options in
            options.map { ScoreRequest(text: delimiter + $0, context: entry.prompt) }
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
            record.metrics = outcome.metrics
            return record
        }
    }

    /// Greedy generation of every prompt of the chunk in parallel sequences, then grading.
    func generateAnswers(_ group: [Prompted], model: some LanguageModel) async throws -> [PredictionRecord] {
        let requests = group.map {
            GenerationRequest(prompt: $0.prompt, maxTokens: settings.maxTokens, stop: $0.task.style.stops,
                              sampling: .greedy, addSpecial: !settings.chat)
        }
        let results = try await model.generate(requests, progress: nil)
        return zip(group, results).map { entry, result in
            let grade = AnswerGrader.grade(result.text, item: entry.task.item, format: plan.format)
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
                GenerationRequest(prompt: entry.prompt, maxTokens: settings.maxTokens, stop: entry.task.style.stops,
                                  sampling: SamplingParameters(temperature: temperature, topK: 40, topP: 0.95,
                                                               seed: settings.seed &+ UInt64(entry.task.index * samples + sample)),
                                  addSpecial: !settings.chat)
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
            var record = baseRecord(entry.task, prompt: text)
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
