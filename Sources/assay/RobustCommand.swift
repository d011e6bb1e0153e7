import AssayCLI
import AssayKit
import Foundation

/// `assay robust`: does a benchmark score survive perturbations that keep every answer right?
enum RobustCommand: AssayCommand {
    static let kinds = Option<String>("kinds", "K1,K2,...", default: RobustSettings.defaultKinds.map(\.description).joined(separator: ","),
                                      help: "Perturbation kinds, one variant of each item per kind (see `assay perturb --list`; not relabel_options).")
    static let circular = Flag("circular", help: "CircularEval: also ask every multiple-choice item under each cyclic rotation of its options "
                               + "(costs one evaluation per option; off by default).")
    static let mode = Option<EvalMode?>("mode", "MODE", among: RobustSettings.modes,
                                        help: "loglikelihood or generate (default: multiple choice by log-likelihood, else generate).")
    static let limit = Option<Int?>("limit", in: 1...Int.max, help: "Use only the first N items.")
    static let seed = Option<UInt64>("seed", "S", default: 0, help: "Seed of the perturbations and of the bootstrap.")
    static let resamples = Option<Int>("resamples", default: 1000, in: 2...1_000_000, help: "Bootstrap resamples per interval.")
    static let out = Option<String>("out", "DIR", default: "robust-out", help: "Output folder: results.jsonl, summary.json, report.html, report.md.")
    static let resume = Flag("resume", help: "Keep the lines already in DIR/results.jsonl and evaluate only the missing variants (run with the same options).")

    static let spec = CommandSpec(
        name: "robust",
        abstract: "Robustness suite: accuracy before/after each perturbation (PDR, consistency) and CircularEval.",
        options: ModelOptions.specs + EvalOptions.specs + [OptionSpec]([kinds, circular, mode, limit, seed, resamples, out, resume, CommonOptions.quiet]),
        discussion: """
        Evaluates every item as given and, per kind, its perturbed twin (the same prompts and
        grading as `assay eval`). Items a kind cannot perturb are skipped for that kind and
        counted. Per kind, on the items it perturbed: acc_original, acc_perturbed, PDR =
        1 - acc_perturbed/acc_original (null when acc_original is 0), consistency (share of
        items whose correctness is unchanged), with paired bootstrap 95% intervals. With
        --circular, each multiple-choice item is also asked under every rotation of its
        options: accuracy per gold position and the share of items right under all rotations.
        Writes DIR/results.jsonl (one line per item and variant, appended as produced),
        DIR/summary.json and DIR/report.html + report.md.
        """,
        examples: [
            "assay robust --benchmark Corpora/samples/mmlu --shots 1 --circular --out runs/robust-mmlu",
            "assay robust --benchmark Corpora/samples/gsm8k/test.jsonl --kinds distractor,typos:0.1,rename --max-tokens 200",
            "assay robust --benchmark Corpora/samples/arc/ARC-Sample-Test.jsonl --mode generate --kinds shuffle_options --circular --resume",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let eval = try EvalOptions.settings(from: arguments, mode: mode, limit: limit, seed: seed)
        var settings: RobustSettings
        do {
            settings = try RobustSettings(eval: eval, kinds: try PerturbationKind.parseList(try arguments[kinds]))
        } catch let error as PerturbationError {
            throw UsageError.invalidValue(option: "kinds", value: try arguments[kinds], reason: error.description)
        } catch let error as RobustError {
            throw UsageError.invalidValue(option: "kinds", value: try arguments[kinds], reason: error.description)
        }
        settings.circular = arguments[circular]
        settings.resamples = try arguments[resamples]
        let folder = try arguments[out]
        let source = try ModelOptions.source(from: arguments)

        let plan = try RobustPlan(settings) { printError("warning: \($0)") }
        let model = try await ModelFactory.load(source)
        try plan.eval.check(model, settings: settings.eval)
        let manifest = EvalManifest(command: "robust", settings: settings.eval, plan: plan.eval, model: model.provenance,
                                    commandLine: CommandLine.arguments)
        let progress = ProgressReporter(label: "robust", total: plan.tasks.count, unit: "variants", enabled: !arguments[CommonOptions.quiet])
        InterruptSignal.install()
        let outcome = try await RobustRunner(plan: plan)
            .run(model: model, folder: folder, resume: arguments[resume], manifest: manifest, progress: progress)
        progress.finish()
        printError(RobustReport.overview(outcome) + " -> \(folder)")
        return finished(outcome.interrupted, done: outcome.evaluated + outcome.resumed, of: plan.tasks.count) ?? (plan.eval.skipped + (outcome.summary.skipped ?? 0) > 0 ? 1 : 0)
    }
}
