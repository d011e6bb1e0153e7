import Foundation

/// What the judge reads: the questions and every candidate's answers.
public struct ArenaMaterial: Sendable {
    public var questions: [String: ArenaQuestion]
    /// Answers by candidate, then by question id.
    public var answers: [String: [String: ArenaAnswer]]

    public init(questions: [String: ArenaQuestion], answers: [String: [String: ArenaAnswer]]) {
        self.questions = questions
        self.answers = answers
    }

    /// True when every candidate the task shows has answered the question.
    func isAnswered(_ task: JudgeTask) -> Bool {
        switch task.kind {
        case .grade(let candidate): return answers[candidate]?[task.questionID] != nil
        case .pair(let first, let second): return answers[first]?[task.questionID] != nil && answers[second]?[task.questionID] != nil
        }
    }
}

/// Turns judge tasks into judgments: builds each prompt (with the perturbation, if any), asks
/// the judge at temperature 0 and reads the verdict, by likelihood of the options or by parsing
/// its reply; or, for a dry run, draws a seeded verdict.
public struct ArenaJudge: Sendable {
    public enum Backend: Sendable {
        case model(any LanguageModel, VerdictMethod)
        case dryRun
    }

    public var backend: Backend
    public var scale: JudgeScale
    /// Most new tokens of a generated reply.
    public var maxTokens: Int
    /// Seeds the perturbations and the dry run's verdicts.
    public var seed: UInt64

    public init(backend: Backend, scale: JudgeScale = .threeWay, maxTokens: Int = 64, seed: UInt64 = 0) {
        self.backend = backend
        self.scale = scale
        self.maxTokens = maxTokens
        self.seed = seed
    }

    /// A task's prompt and the lengths of the answers it shows.
    func prompt(for task: JudgeTask, material: ArenaMaterial) -> (prompt: JudgePrompt, lengths: (Int, Int?)) {
        let question = material.questions[task.questionID]!
        func answers(_ candidate: String, other: String?) -> [String] {
            var turns = material.answers[candidate]![task.questionID]!.answers
            if let perturbation = task.perturbation, task.perturbed == candidate, let last = turns.last {
                let otherText = other.flatMap { material.answers[$0]?[task.questionID]?.answer } ?? ""
                turns[turns.count - 1] = perturbation.apply(to: last, other: otherText, question: question.question,
                                                            language: question.language,
                                                            seed: seed ^ ArenaPlan.stream(task.key))
            }
            return turns
        }
        switch task.kind {
        case .grade(let candidate):
            let shown = answers(candidate, other: nil)
            return (JudgePrompt.single(turns: question.userTurns, answers: shown, reference: question.reference,
                                       language: question.language), (shown.last?.count ?? 0, nil))
        case .pair(let first, let second):
            let a = answers(first, other: second), b = answers(second, other: first)
            return (JudgePrompt.pairwise(turns: question.userTurns, answersA: a, answersB: b, reference: question.reference,
                                         language: question.language, scale: scale),
                    (a.last?.count ?? 0, b.last?.count ?? 0))
        }
    }

    /// Judges the tasks (all answered) and returns their records in order.
    public func judge(_ tasks: [JudgeTask], material: ArenaMaterial) async throws -> [JudgmentRecord] {
        let prompts = tasks.map { prompt(for: $0, material: material) }
        var records = zip(tasks, prompts).map { task, built in record(task, built.prompt, built.lengths, material: material) }
        switch backend {
        case .dryRun:
            for index in records.indices { drawVerdict(&records[index], prompt: prompts[index].prompt) }
        case .model(let model, .likelihood):
            try await readLikelihoods(&records, prompts: prompts.map(\.prompt), model: model)
        case .model(let model, _):
            try await generateVerdicts(&records, prompts: prompts.map(\.prompt), model: model)
        }
        return records
    }

    private func record(_ task: JudgeTask, _ prompt: JudgePrompt, _ lengths: (Int, Int?), material: ArenaMaterial) -> JudgmentRecord {
        let question = material.questions[task.questionID]!
        var candidate: String?, first: String?, second: String?
        switch task.kind {
        case .grade(let name): candidate = name
        case .pair(let a, let b): (first, second) = (a, b)
        }
        let method: VerdictMethod
        switch backend {
        case .dryRun: method = .dryRun
        case .model(_, let chosen): method = chosen
        }
        return JudgmentRecord(key: task.key, questionID: task.questionID, category: question.category, language: question.language,
                              judge: task.judge, candidate: candidate, first: first, second: second,
                              perturbation: task.perturbation, perturbed: task.perturbed, template: prompt.templateID,
                              templateHash: prompt.templateHash, promptHash: SHA256.hex(Data(prompt.prompt.transcript.utf8)),
                              method: method, reply: "", probabilities: nil, verdict: nil, strong: nil, grade: nil,
                              expectedGrade: nil, attempts: 0, failure: nil, lengthFirst: lengths.0, lengthSecond: lengths.1)
    }

    /// Sets the record's verdict or grade from a reply (parsed or chosen option).
    private func apply(_ reply: JudgeReply, to record: inout JudgmentRecord) {
        switch reply {
        case .pair(let parsed): record.verdict = parsed.verdict; record.strong = parsed.strong
        case .grade(let grade): record.grade = grade
        }
        record.failure = nil
    }

    private func drawVerdict(_ record: inout JudgmentRecord, prompt: JudgePrompt) {
        var random = SeededGenerator(seed: seed, stream: ArenaPlan.stream("dry-run", record.key))
        let option = random.int(in: 0..<prompt.options.count)
        record.reply = prompt.options[option]
        record.attempts = 1
        apply(prompt.verdict(option: option), to: &record)
    }

    /// Scores every option after each prompt; the verdict is the most likely option.
    private func readLikelihoods(_ records: inout [JudgmentRecord], prompts: [JudgePrompt], model: any LanguageModel) async throws {
        let chat = model.capabilities.contains(.chat)
        let requests = prompts.flatMap { prompt in
            prompt.options.map { ScoreRequest(text: $0, context: chat ? prompt.prompt : .text(Self.transcript(prompt.prompt.messages, prompt.language))) }
        }
        let scores = try await model.score(requests, progress: nil)
        var offset = 0
        for index in records.indices {
            let options = prompts[index].options
            let logs = scores[offset..<(offset + options.count)].map { $0.tokens.reduce(0) { $0 + $1.logProb } }
            offset += options.count
            let top = logs.max() ?? 0
            let weights = logs.map { exp($0 - top) }
            let total = weights.reduce(0, +)
            let probabilities = weights.map { $0 / total }
            let best = logs.indices.max { logs[$0] < logs[$1] } ?? 0
            records[index].probabilities = probabilities
            records[index].reply = options[best]
            records[index].attempts = 1
            apply(prompts[index].verdict(option: best), to: &records[index])
            if case .grade = prompts[index].verdict(option: 0) {
                records[index].expectedGrade = probabilities.indices.reduce(0) { sum, option in
                    guard case .grade(let grade) = prompts[index].verdict(option: option) else { return sum }
                    return sum + grade * probabilities[option]
                }
            }
        }
    }

    /// Generates each reply greedily and parses it; an unparsable reply is asked again once,
    /// with a reminder of the format, then left without a verdict (and counted).
    private func generateVerdicts(_ records: inout [JudgmentRecord], prompts: [JudgePrompt], model: any LanguageModel) async throws {
        let chat = model.capabilities.contains(.chat)
        var conversations = prompts.map(\.prompt.messages)
        var pending = Array(records.indices)
        for attempt in 1...2 where !pending.isEmpty {
            let requests = pending.map { index in
                chat ? GenerationRequest(prompt: .chat(conversations[index]), maxTokens: maxTokens)
                     : GenerationRequest(text: Self.transcript(conversations[index], prompts[index].language), maxTokens: maxTokens,
                                         stop: ["\n\n"])
            }
            let replies = try await model.generate(requests, progress: nil)
            var failed: [Int] = []
            for (index, reply) in zip(pending, replies) {
                records[index].reply += (attempt > 1 ? "\n\n" : "") + reply.text
                records[index].attempts = attempt
                switch parse(reply.text, grading: records[index].candidate != nil) {
                case .success(let verdict): apply(verdict, to: &records[index])
                case .failure(let failure):
                    records[index].failure = failure.description
                    failed.append(index)
                    conversations[index] += [ChatMessage(.assistant, reply.text),
                                             ChatMessage(.user, Self.reminder(records[index].language, options: prompts[index].options))]
                }
            }
            pending = failed
        }
    }

    private func parse(_ reply: String, grading: Bool) -> Result<JudgeReply, VerdictParseFailure> {
        grading ? VerdictParser.grade(reply).map { .grade($0) } : VerdictParser.pairwise(reply, scale: scale).map { .pair($0) }
    }

    /// A judge conversation as plain text, for a judge without a chat template: the messages
    /// one after the other, then an open "Verdict:" line for the reply.
    static func transcript(_ messages: [ChatMessage], _ language: String) -> String {
        let reply = JudgePrompt.isChinese(language) ? "裁决：" : "Verdict:"
        return messages.map { $0.role == .assistant ? "\(reply) \($0.content)" : $0.content }.joined(separator: "\n\n") + "\n\n" + reply
    }

    /// The second ask after an unparsable reply.
    static func reminder(_ language: String?, options: [String]) -> String {
        let choices = options.count > 5 ? "\(options.first!) … \(options.last!)" : options.joined(separator: ", ")
        return language == "zh" ? "请只回复裁决，格式严格为以下之一：\(choices)。" : "Reply with the verdict only, exactly one of: \(choices)."
    }
}
