import AssayCLI
import AssayKit
import Foundation

enum ArenaCommand: AssayCommand {
    static let mode = Option<ArenaMode>("mode", "MODE", default: .pairwise, help: "single (grade each answer 1-10), baseline (each candidate vs --baseline), pairwise (all pairs) or peer (candidates judge each other).")
    static let candidate = RepeatedOption<String>("candidate", "NAME=SOURCE", help: "A contestant: NAME=model.gguf, NAME=http://host:port/v1 (served) or NAME=answers.jsonl (id, answer). Repeat for each.")
    static let judge = Option<String?>("judge", "PATH|URL", help: "The judge: a GGUF file or a served model's base URL (not in peer mode; not needed with --dry-run).")
    static let baseline = Option<String?>("baseline", "NAME", help: "The candidate every other one meets (baseline mode); anchors Bradley-Terry at 1000 in any pair mode.")
    static let questions = Option<String?>("questions", "FILE", help: "Question set, JSONL: id, question, optional category, language, reference, turns (default: the bundled set, Corpora/arena/questions.jsonl).")
    static let category = RepeatedOption<String>("category", "NAME", help: "Only these categories (comma lists too).", splitCommas: true)
    static let language = Option<String?>("language", "en|zh", among: ["en", "zh"], help: "Only questions in this language.")
    static let limit = Option<Int?>("limit", in: 1...1_000_000, help: "At most N questions, taken round-robin over categories.")
    static let noSwap = Flag("no-swap", help: "Judge each pair in one order only (default: both orders; a verdict that flips with the order is a tie).")
    static let scale = Option<JudgeScale>("scale", "3|5", default: .threeWay, help: "Pairwise verdicts: 3 ([[A]], [[B]], [[C]] for a tie) or 5 (A>>B, A>B, A=B, B>A, B>>A).")
    static let verdict = Option<VerdictMethod?>("verdict", "HOW", among: [.likelihood, .generate], help: "likelihood (the most likely verdict option, with its probability) or generate (parse the judge's reply, retried once) (default: likelihood when the judge gives log-probabilities).")
    static let robustness = Option<Int>("robustness", default: 0, in: 0...1_000_000, help: "Judge robustness suite: re-judge the pairs of the first N questions with one answer perturbed (padding, confident claim, typos, the other answer's formatting).")
    static let maxTokens = Option<Int>("max-tokens", default: 256, in: 1...100_000, help: "Most new tokens per answer turn.")
    static let judgeMaxTokens = Option<Int>("judge-max-tokens", default: 64, in: 1...100_000, help: "Most new tokens of a judge's reply (generate).")
    static let dryRun = Flag("dry-run", help: "Generate the answers but do not call a judge: seeded random verdicts, to check the pipeline, ratings and report cheaply.")
    static let resamples = Option<Int>("resamples", default: 1000, in: 2...1_000_000, help: "Bootstrap resamples for the rating intervals.")
    static let seed = Option<UInt64>("seed", "S", default: 0, help: "Seed of the perturbations, the dry run's verdicts and the bootstrap.")
    static let out = Option<String>("out", "DIR", default: "arena-out", help: "Output folder: answers/<candidate>.jsonl, judgments.jsonl, ratings.json, report.html, report.md.")
    static let resume = Flag("resume", help: "Keep the answers and judgments already in DIR and do only what is missing.")

    static let spec = CommandSpec(
        name: "arena",
        abstract: "Judge-model evaluation of open answers: single grades, baseline, all-pairs and peer arenas, Elo and Bradley-Terry with intervals, judge-bias diagnostics.",
        options: [OptionSpec]([mode, candidate, judge, baseline, questions, category, language, limit, noSwap, scale, verdict, robustness,
                               maxTokens, judgeMaxTokens, dryRun, resamples, seed, out, resume, CommonOptions.quiet])
            + ModelOptions.llamaSpecs + [ModelOptions.apiKeyVariable.spec] + ModelOptions.serverSettingSpecs,
        discussion: """
        Candidates' answers are generated greedily (a second turn sees the model's own first
        answer) and cached in DIR/answers/; answer files are checked (file:line) and copied
        there. The judge runs at temperature 0 with the project's own prompts (English or
        Chinese by the question's language), verdict first: [[A]], [[B]] or [[C]] (tie), or
        [[1]]..[[10]] in single mode. With --verdict likelihood the verdict is the option the
        judge finds most likely (its probabilities are kept); with generate the reply is parsed,
        an unparsable reply is asked again once, then left out of the ratings and counted.
        ratings.json holds win/tie/loss, win rates with Wilson intervals, the win-rate matrix,
        online Elo (1000, K=32), Bradley-Terry (ties half, baseline or mean at 1000, scale 400)
        with bootstrap 95% intervals, the length-controlled win rate against the baseline, per
        category figures, grades (single) and the judge diagnostics: position consistency and
        bias, length bias, self-preference (peer, or a judge that is also a candidate) and the
        robustness suite's flip rates with Wilson intervals. Ctrl-C stops after the chunk in
        flight, writes the ratings and report of what was judged and exits 130; --resume
        finishes the run.
        """,
        examples: [
            "assay arena --mode pairwise --candidate smol=SmolLM2.gguf --candidate gemma=gemma-3-270m.gguf --judge SmolLM2.gguf --limit 8",
            "assay arena --mode baseline --baseline gpt --candidate gpt=gpt-answers.jsonl --candidate local=http://127.0.0.1:8080/v1 --judge http://127.0.0.1:8081/v1",
            "assay arena --mode single --candidate smol=SmolLM2.gguf --judge judge.gguf --category math,reasoning --language en",
            "assay arena --mode peer --candidate a=a.gguf --candidate b=b.gguf --candidate c=c.jsonl --robustness 4",
            "assay arena --dry-run --candidate a=a.jsonl --candidate b=b.jsonl",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let mode = try arguments[mode]
        let set = try arguments[questions].map(ArenaQuestionSet.load(path:)) ?? ArenaQuestionSet.bundled()
        let selected = try set.filtered(categories: arguments.has(category) ? try arguments[category] : nil,
                                         language: try arguments[language], limit: try arguments[limit])
        let candidates = try arguments[candidate].map { text throws(UsageError) in
            try ArenaCandidate.parse(text) { source throws(UsageError) in try ModelOptions.source(named: source, from: arguments) }
        }
        var options = ArenaOptions(mode: mode, questions: selected, candidates: candidates,
                                   judge: try arguments[judge].map { text throws(UsageError) in
                                       try ModelOptions.source(named: text, from: arguments)
                                   },
                                   baseline: try arguments[baseline], folder: try arguments[out])
        options.swap = !arguments[noSwap]
        options.scale = try arguments[scale]
        options.method = try arguments[verdict]
        options.robustnessQuestions = try arguments[robustness]
        options.answerMaxTokens = try arguments[maxTokens]
        options.judgeMaxTokens = try arguments[judgeMaxTokens]
        options.dryRun = arguments[dryRun]
        options.resamples = try arguments[resamples]
        options.seed = try arguments[seed]
        options.resume = arguments[resume]
        options.quiet = arguments[CommonOptions.quiet]
        InterruptSignal.install()
        let outcome = try await ArenaRun(options: options).run()
        print(outcome.ratings.leaderboardText)
        var line = "judged \(outcome.judged)"
        if outcome.resumedJudgments > 0 { line += ", \(outcome.resumedJudgments) already done" }
        line += "; \(outcome.ratings.parsed)/\(outcome.ratings.judgments) verdicts read"
        if outcome.interrupted { line += "; interrupted: run again with --resume to finish" }
        printError("\(line) -> \(outcome.reportPath)")
        return outcome.interrupted ? InterruptSignal.exitStatus : 0
    }
}
