import AssayCLI
import AssayKit
import Foundation

enum AttackCommand: AssayCommand {
    static let suite = RepeatedOption<String>("suite", "NAME", help: "A suite (goal-hijacking-en) or a category (goal_hijacking); comma lists too (default: all).", splitCommas: true)
    static let language = Option<String>("language", "en|zh|all", default: "all", among: ["en", "zh", "all"], help: "The suites' language.")
    static let count = Option<Int>("count", default: 10, in: 1...100_000, help: "Fresh attacks drawn per suite.")
    static let seed = Option<UInt64>("seed", "S", default: 0, help: "Seed of the attacks (canaries, slots, variants).")
    static let maxTokens = Option<Int>("max-tokens", default: 64, in: 1...100_000, help: "Most new tokens per answer.")
    static let out = Option<String>("out", "DIR", default: "attack-out", help: "Output folder: results.jsonl, summary.json, report.html, report.md.")
    static let resume = Flag("resume", help: "Keep the results already in DIR and run only the missing attacks.")
    static let list = Flag("list", help: "List the suites and exit (no model is loaded).")

    static let spec = CommandSpec(
        name: "attack",
        abstract: "Adversarial-instruction suites: goal hijacking, prompt leaking, role play, planted answers, injections (en, zh).",
        options: ModelOptions.specs + [OptionSpec]([suite, language, count, seed, maxTokens, out, resume, list, CommonOptions.quiet]),
        discussion: """
        Suites are the .attack files under Templates/attacks/; every run draws fresh attacks from
        them with the seed (same seed, same prompts). Each output is judged by rules: the canary
        or target phrase present after normalization, the planted wrong answer affirmed, and a
        refusal lexicon. Writes DIR/results.jsonl (id, category, suite, language, prompt, output,
        success, detector, evidence, refused...), DIR/summary.json (attack success rate per
        category, suite and language with 95% Wilson CI; refusal rates) and DIR/report.html + .md.
        """,
        examples: [
            "assay attack --list",
            "assay attack --count 20 --out runs/attack",
            "assay attack --suite prompt_leaking --suite goal-hijacking-zh --language zh --seed 7",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let library = try AttackLibrary.load()
        if arguments[list] {
            print(library.listing())
            return 0
        }
        let language = try arguments[language]
        let count = try arguments[count]
        let seed = try arguments[seed]
        let maxTokens = try arguments[maxTokens]
        let folder = try arguments[out]
        let source = try ModelOptions.source(from: arguments)
        let names = try arguments[suite]
        let suites: [AttackSuite]
        do { suites = try library.select(names, language: language == "all" ? nil : language) } catch {
            throw UsageError.invalidValue(option: "suite", value: names.joined(separator: ","), reason: error.description)
        }
        let items = try suites.flatMap { try $0.generate(count: count, seed: seed) }
        let detector = try AttackDetector.load()

        let model = try await ModelFactory.load(source)
        try model.require(.generate, for: "attack")
        let settings = AttackRunSettings(chat: model.capabilities.contains(.chat), count: count, maxTokens: maxTokens,
                                         language: language, suites: suites.map(\.name))
        let manifest = AttackManifest(command: "attack", model: model.provenance, seed: seed, commandLine: CommandLine.arguments,
                                      settings: settings)
        let progress = ProgressReporter(label: "attack", total: items.count, unit: "attacks", enabled: !arguments[CommonOptions.quiet])
        InterruptSignal.install()
        let outcome = try await AttackRunner(items: items, detector: detector, maxTokens: maxTokens, chunkSize: source.chunkSize / 4)
            .run(model: model, folder: folder, resume: arguments[resume], manifest: manifest, progress: progress)
        progress.finish()
        let overall = outcome.summary.overall
        var line = "ran \(outcome.evaluated) attacks"
        if outcome.resumed > 0 { line += ", \(outcome.resumed) already done" }
        line += "; attack success rate \(ReportDocument.format(overall.asr, digits: 3)) (\(overall.successes)/\(overall.n))"
        line += ", refusal rate \(ReportDocument.format(overall.refusalRate, digits: 3))"
        printError("\(line) -> \(folder)")
        return finished(outcome.interrupted, done: outcome.evaluated + outcome.resumed, of: items.count) ?? 0
    }
}
