import Foundation

/// An arena run end to end: every candidate's answers (generated and cached, or read from its
/// file) into `answers/<name>.jsonl`; the judge calls into `judgments.jsonl`, chunk by chunk;
/// then `ratings.json` and `report.html` from the files' lines. `resume` keeps both files and
/// does only what is missing, so nothing is lost and nothing is judged twice.
public struct ArenaRun: Sendable {
    public var options: ArenaOptions
    /// A judge used instead of loading `options.judge` (tests' scripted judges).
    let judgeOverride: (any LanguageModel)?

    public init(options: ArenaOptions) {
        self.init(options: options, judgeOverride: nil)
    }

    init(options: ArenaOptions, judgeOverride: (any LanguageModel)?) {
        self.options = options
        self.judgeOverride = judgeOverride
    }

    /// What a run did.
    public struct Outcome: Sendable {
        public var generatedAnswers: Int
        public var judged: Int
        public var resumedJudgments: Int
        public var ratings: ArenaRatings
        public var reportPath: String
        /// Ctrl-C stopped the run after the chunk in flight; the ratings cover what was done.
        public var interrupted: Bool
    }

    public func run() async throws -> Outcome {
        try options.validate()
        let folder = options.folder
        let answersFolder = (folder as NSString).appendingPathComponent("answers")
        do {
            try FileManager.default.createDirectory(atPath: answersFolder, withIntermediateDirectories: true)
        } catch {
            throw InputError.unwritable(path: answersFolder, reason: error.localizedDescription)
        }
        if options.resume { try checkResumable(folder) }
        let questions = options.questions.questions
        var answers: [String: [String: ArenaAnswer]] = [:]
        var entries: [ArenaSettings.CandidateEntry] = []
        var generated = 0
        for candidate in options.candidates where !InterruptSignal.isRaised {
            let path = (answersFolder as NSString).appendingPathComponent(candidate.name + ".jsonl")
            switch candidate.source {
            case .answers(let file):
                let given = try ArenaAnswer.load(path: file, questions: options.questions)
                let writer = try JSONLinesWriter(path: path)
                for question in questions { if let answer = given[question.id] { try writer.write(answer) } }
                answers[candidate.name] = given
                entries.append(.init(name: candidate.name, model: nil, answers: file))
            case .model(let source):
                let model = try await ModelFactory.load(source)
                try model.require(.generate, for: "arena answers")
                let progress = ProgressReporter(label: "answers \(candidate.name)", total: questions.count, unit: "questions",
                                                enabled: !options.quiet)
                let result = try await AnswerGenerator(maxTokens: options.answerMaxTokens, chunkSize: source.chunkSize)
                    .answers(of: model, questions: questions, path: path, resume: options.resume, progress: progress)
                progress.finish()
                generated += result.generated
                answers[candidate.name] = result.answers
                entries.append(.init(name: candidate.name, model: model.provenance, answers: nil))
            }
        }
        let missing = Dictionary(uniqueKeysWithValues: options.candidates.map { candidate in
            (candidate.name, questions.map(\.id).filter { answers[candidate.name]?[$0] == nil })
        })
        for (name, ids) in missing.sorted(by: { $0.key < $1.key }) where !ids.isEmpty {
            note("warning: \(name) has no answer for \(ids.count) question(s) (\(ids.prefix(5).joined(separator: ", "))\(ids.count > 5 ? ", ..." : "")): left out of its battles")
        }

        let plan = ArenaPlan(mode: options.mode, candidates: options.candidates.map(\.name), judges: options.judgeNames,
                             baseline: options.baseline, swap: options.swap, robustnessQuestions: options.robustnessQuestions,
                             seed: options.seed)
        let material = ArenaMaterial(questions: Dictionary(questions.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first }),
                                     answers: answers)
        let tasks = plan.tasks(questions: questions.map(\.id)).filter(material.isAnswered)
        let log = ResultsLog<JudgmentRecord>(path: (folder as NSString).appendingPathComponent("judgments.jsonl"), name: "judgments", key: \.key)
        var judged = 0, judgeProvenance: ModelProvenance?, method = options.method ?? .likelihood
        if options.dryRun { method = .dryRun }
        var records: [JudgmentRecord] = []
        for (index, judgeName) in plan.judges.enumerated() where !InterruptSignal.isRaised {
            let own = tasks.filter { $0.judge == judgeName }
            let done = options.resume || index > 0 ? Set(log.load().map(\.key)) : []
            let judge: ArenaJudge
            if options.dryRun || own.allSatisfy({ done.contains($0.key) }) {
                judge = ArenaJudge(backend: .dryRun, scale: options.scale, maxTokens: options.judgeMaxTokens, seed: options.seed)
            } else {
                let model: any LanguageModel
                if let judgeOverride {
                    model = judgeOverride
                } else {
                    model = try await ModelFactory.load(options.judge ?? options.candidates.first { $0.name == judgeName }!.modelSource!)
                }
                try model.require(.generate, for: "judging")
                if options.method == nil { method = model.capabilities.contains(.tokenLogProbs) ? .likelihood : .generate }
                if method == .likelihood { try model.require(.tokenLogProbs, for: "reading verdicts by likelihood (--verdict likelihood)") }
                if options.mode != .peer { judgeProvenance = model.provenance }
                judge = ArenaJudge(backend: .model(model, method), scale: options.scale, maxTokens: options.judgeMaxTokens, seed: options.seed)
            }
            let progress = ProgressReporter(label: "judge \(judgeName)", total: own.count, unit: "judgments", enabled: !options.quiet)
            let chunk = options.judge?.chunkSize ?? options.candidates.first { $0.name == judgeName }?.modelSource?.chunkSize ?? 32
            let (count, all) = try await log.fill(own, key: \.key, resume: options.resume || index > 0, chunkSize: chunk,
                                                  progress: progress, stop: { InterruptSignal.isRaised }) { chunk in
                try await judge.judge(chunk, material: material)
            }
            progress.finish()
            judged += count
            records += all
        }
        let ratings = ArenaRatings(plan: plan, judgments: records, missingAnswers: missing, resamples: options.resamples,
                                   seed: options.seed)
        let settings = ArenaSettings(mode: options.mode, questions: options.questions.source, questionCount: questions.count,
                                     candidates: entries, judges: plan.judges, baseline: options.baseline, swap: options.swap,
                                     scale: options.scale, method: method, robustnessQuestions: options.robustnessQuestions,
                                     answerMaxTokens: options.answerMaxTokens, judgeMaxTokens: options.judgeMaxTokens,
                                     dryRun: options.dryRun)
        let manifest = ArenaManifest(command: "arena", model: judgeProvenance ?? ModelProvenance(backend: options.dryRun ? "dry-run" : "peers", model: plan.judges.joined(separator: ",")),
                                     seed: options.seed, commandLine: CommandLine.arguments, settings: settings)
        let interrupted = InterruptSignal.isRaised
        let file = ArenaRatingsFile(manifest: manifest, interrupted: interrupted, ratings: ratings)
        try JSONLinesWriter.writeDocument(file, to: (folder as NSString).appendingPathComponent("ratings.json"))
        let report = try ArenaReport.document(file, judgments: records).write(to: folder)
        return Outcome(generatedAnswers: generated, judged: judged, resumedJudgments: tasks.count - judged, ratings: ratings,
                       reportPath: report, interrupted: interrupted)
    }

    /// Refuses to resume a folder whose last run judged differently (a dry run's random
    /// verdicts must never mix with a judge's).
    func checkResumable(_ folder: String) throws(UsageError) {
        var differences: [String] = []
        let judged = ResultsLog<JudgmentRecord>(path: (folder as NSString).appendingPathComponent("judgments.jsonl"), name: "judgments", key: \.key).load()
        if let first = judged.first, (first.method == .dryRun) != options.dryRun {
            differences.append(options.dryRun ? "its judgments came from a judge" : "its judgments are a dry run's")
        }
        let path = (folder as NSString).appendingPathComponent("ratings.json")
        if let data = FileManager.default.contents(atPath: path),
           let previous = try? JSONLinesWriter.makeDecoder().decode(ArenaRatingsFile.self, from: data) {
            let before = previous.manifest.settings
            if before.mode != options.mode { differences.append("its mode was \(before.mode.rawValue)") }
            if before.scale != options.scale { differences.append("its scale was \(before.scale.rawValue)") }
            if before.swap != options.swap { differences.append(before.swap ? "it judged both orders" : "it judged one order (--no-swap)") }
        }
        guard differences.isEmpty else {
            throw .conflict("cannot --resume \(folder): \(differences.joined(separator: ", ")); use the same options or another --out")
        }
    }

    private func note(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// `ratings.json`: the manifest and the ratings.
public struct ArenaRatingsFile: Codable, Sendable {
    public var manifest: ArenaManifest
    /// Ctrl-C stopped the run: the ratings cover the judgments made before it.
    public var interrupted: Bool
    public var ratings: ArenaRatings
}
