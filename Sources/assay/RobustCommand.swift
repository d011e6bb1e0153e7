import AssayKit
import Foundation

/// `assay robust`: does a benchmark score survive perturbations that keep every answer right?
enum RobustCommand: AssayCommand {
    static let spec = CommandSpec(
        name: "robust",
        abstract: "Robustness suite: accuracy before/after each perturbation (PDR, consistency) and CircularEval.",
        options: ModelOptions.specs + EvalOptions.specs + [
            OptionSpec("kinds", .value("K1,K2,..."), help: "Perturbation kinds, one variant of each item per kind (see `assay perturb --list`; "
                       + "not relabel_options).", default: RobustSettings.defaultKinds.map(\.description).joined(separator: ",")),
            OptionSpec("circular", .flag, help: "CircularEval: also ask every multiple-choice item under each cyclic rotation of its options "
                       + "(costs one evaluation per option; off by default)."),
            OptionSpec("mode", .value("MODE"), help: "loglikelihood or generate (default: multiple choice by log-likelihood, else generate)."),
            OptionSpec("limit", .value("N"), help: "Use only the first N items."),
            OptionSpec("seed", .value("S"), help: "Seed of the perturbations and of the bootstrap.", default: "0"),
            OptionSpec("resamples", .value("N"), help: "Bootstrap resamples per interval.", default: "1000"),
            OptionSpec("out", .value("DIR"), help: "Output folder: results.jsonl, summary.json, report.html, report.md.", default: "robust-out"),
            OptionSpec("resume", .flag, help: "Keep the lines already in DIR/results.jsonl and evaluate only the missing variants "
                       + "(run with the same options)."),
            OptionSpec("quiet", .flag, help: "No progress on stderr."),
        ],
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
        let eval = try EvalOptions.settings(from: arguments, modes: RobustSettings.modes)
        var settings: RobustSettings
        do {
            settings = try RobustSettings(eval: eval, kinds: try PerturbationKind.parseList(try arguments.required("kinds")))
        } catch let error as PerturbationError {
            throw UsageError.invalidValue(option: "kinds", value: arguments.string("kinds") ?? "", reason: error.description)
        } catch let error as RobustError {
            throw UsageError.invalidValue(option: "kinds", value: arguments.string("kinds") ?? "", reason: error.description)
        }
        settings.circular = arguments.flag("circular")
        settings.resamples = try arguments.intValue("resamples", in: 2...1_000_000)
        let folder = try arguments.required("out")
        let source = try ModelOptions.source(from: arguments)

        let plan = try RobustPlan(settings) { printError("warning: \($0)") }
        let model = try await ModelFactory.load(source)
        try plan.eval.check(model, settings: settings.eval)
        let manifest = EvalManifest(command: "robust", settings: settings.eval, plan: plan.eval, model: model.provenance,
                                    commandLine: CommandLine.arguments)
        let progress = ProgressReporter(label: "robust", total: plan.tasks.count, unit: "variants", enabled: !arguments.flag("quiet"))
        InterruptSignal.install()
        let outcome = try await RobustRunner(plan: plan)
            .run(model: model, folder: folder, resume: arguments.flag("resume"), manifest: manifest, progress: progress)
        progress.finish()
        printError(RobustReport.overview(outcome) + " -> \(folder)")
        return finished(outcome.interrupted, done: outcome.evaluated + outcome.resumed, of: plan.tasks.count) ?? (plan.eval.skipped + (outcome.summary.skipped ?? 0) > 0 ? 1 : 0)
    }
}
