import AssayKit
import Foundation

enum ArenaCommand: AssayCommand {
    static let spec = CommandSpec(
        name: "arena",
        abstract: "Judge-model evaluation of open answers: single grades, baseline, all-pairs and peer arenas, Elo and Bradley-Terry with intervals, judge-bias diagnostics.",
        options: [
            OptionSpec("mode", .value("MODE"), help: "single (grade each answer 1-10), baseline (each candidate vs --baseline), pairwise (all pairs) or peer (candidates judge each other).", default: "pairwise"),
            OptionSpec("candidate", .repeated("NAME=SOURCE"), help: "A contestant: NAME=model.gguf, NAME=http://host:port/v1 (served) or NAME=answers.jsonl (id, answer). Repeat for each."),
            OptionSpec("judge", .value("PATH|URL"), help: "The judge: a GGUF file or a served model's base URL (not in peer mode; not needed with --dry-run)."),
            OptionSpec("baseline", .value("NAME"), help: "The candidate every other one meets (baseline mode); anchors Bradley-Terry at 1000 in any pair mode."),
            OptionSpec("questions", .value("FILE"), help: "Question set, JSONL: id, question, optional category, language, reference, turns (default: the bundled set, Corpora/arena/questions.jsonl)."),
            OptionSpec("category", .repeated("NAME"), help: "Only these categories (comma lists too)."),
            OptionSpec("language", .value("en|zh"), help: "Only questions in this language."),
            OptionSpec("limit", .value("N"), help: "At most N questions, taken round-robin over categories."),
            OptionSpec("no-swap", .flag, help: "Judge each pair in one order only (default: both orders; a verdict that flips with the order is a tie)."),
            OptionSpec("scale", .value("3|5"), help: "Pairwise verdicts: 3 ([[A]], [[B]], [[C]] for a tie) or 5 (A>>B, A>B, A=B, B>A, B>>A).", default: "3"),
            OptionSpec("verdict", .value("HOW"), help: "likelihood (the most likely verdict option, with its probability) or generate (parse the judge's reply, retried once) (default: likelihood when the judge gives log-probabilities)."),
            OptionSpec("robustness", .value("N"), help: "Judge robustness suite: re-judge the pairs of the first N questions with one answer perturbed (padding, confident claim, typos, the other answer's formatting).", default: "0"),
            OptionSpec("max-tokens", .value("N"), help: "Most new tokens per answer turn.", default: "256"),
            OptionSpec("judge-max-tokens", .value("N"), help: "Most new tokens of a judge's reply (generate).", default: "64"),
            OptionSpec("dry-run", .flag, help: "Generate the answers but do not call a judge: seeded random verdicts, to check the pipeline, ratings and report cheaply."),
            OptionSpec("resamples", .value("N"), help: "Bootstrap resamples for the rating intervals.", default: "1000"),
            OptionSpec("seed", .value("S"), help: "Seed of the perturbations, the dry run's verdicts and the bootstrap.", default: "0"),
            OptionSpec("out", .value("DIR"), help: "Output folder: answers/<candidate>.jsonl, judgments.jsonl, ratings.json, report.html, report.md.", default: "arena-out"),
            OptionSpec("resume", .flag, help: "Keep the answers and judgments already in DIR and do only what is missing."),
            OptionSpec("quiet", .flag, help: "No progress on stderr."),
        ] + ModelOptions.specs.filter { $0.name != "model" }
          + ModelOptions.servedSpecs.filter { !["model-url", "model-name"].contains($0.name) },
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
        let mode = try arguments.choice("mode", ArenaMode.allCases.map(\.rawValue)).flatMap(ArenaMode.init(rawValue:)) ?? .pairwise
        let set = try arguments.string("questions").map(ArenaQuestionSet.load(path:)) ?? ArenaQuestionSet.bundled()
        let questions = try set.filtered(categories: arguments.has("category") ? arguments.strings("category", splitCommas: true) : nil,
                                         language: try arguments.choice("language", ["en", "zh"]),
                                         limit: try arguments.int("limit", in: 1...1_000_000))
        let candidates = try arguments.strings("candidate").map { text throws(UsageError) in
            try ArenaCandidate.parse(text) { source throws(UsageError) in try ModelOptions.source(named: source, from: arguments) }
        }
        var options = ArenaOptions(mode: mode, questions: questions, candidates: candidates,
                                   judge: try arguments.string("judge").map { text throws(UsageError) in
                                       try ModelOptions.source(named: text, from: arguments)
                                   },
                                   baseline: arguments.string("baseline"), folder: try arguments.required("out"))
        options.swap = !arguments.flag("no-swap")
        options.scale = try arguments.choice("scale", JudgeScale.allCases.map(\.rawValue)).flatMap(JudgeScale.init(rawValue:)) ?? .threeWay
        options.method = try arguments.choice("verdict", ["likelihood", "generate"]).flatMap(VerdictMethod.init(rawValue:))
        options.robustnessQuestions = try arguments.intValue("robustness", in: 0...1_000_000)
        options.answerMaxTokens = try arguments.intValue("max-tokens", in: 1...100_000)
        options.judgeMaxTokens = try arguments.intValue("judge-max-tokens", in: 1...100_000)
        options.dryRun = arguments.flag("dry-run")
        options.resamples = try arguments.intValue("resamples", in: 2...1_000_000)
        options.seed = try arguments.uint64Value("seed")
        options.resume = arguments.flag("resume")
        options.quiet = arguments.flag("quiet")
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
