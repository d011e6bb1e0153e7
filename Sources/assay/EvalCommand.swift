import AssayKit
import Foundation

enum EvalCommand: AssayCommand {
    static let spec = CommandSpec(
        name: "eval",
        abstract: "Rule-based evaluation of a model on a benchmark: accuracy, perplexity, ROUGE/BLEU, pass@k.",
        options: ModelOptions.specs + EvalOptions.specs + [
            OptionSpec("mode", .value("MODE"), help: "loglikelihood, generate, perplexity or code (default: by item: multiple choice by log-likelihood, HumanEval as code, else generate)."),
            OptionSpec("limit", .value("N"), help: "Evaluate only the first N items (and the first N twins)."),
            OptionSpec("twins", .value("FILE"), help: "Twin items (canonical JSONL) to evaluate the same way; the summary gives the gap."),
            OptionSpec("out", .value("DIR"), help: "Output folder: predictions.jsonl, summary.json, report.html, report.md.", default: "eval-out"),
            OptionSpec("resume", .flag, help: "Keep the predictions already in DIR and evaluate only the missing items."),
            OptionSpec("seed", .value("S"), help: "Seed of sampling and of the bootstrap.", default: "0"),
            OptionSpec("samples", .value("N"), help: "Completions per HumanEval task (pass@1 and pass@N).", default: "1"),
            OptionSpec("temperature", .value("T"), help: "Sampling temperature of code mode (default: 0 for one sample, 0.8 for several)."),
            OptionSpec("from-scratch", .flag, help: "Score every (prompt, choice) pair in its own call, sharing nothing (slow; for checks)."),
            OptionSpec("quiet", .flag, help: "No progress on stderr."),
        ],
        discussion: """
        Writes DIR/predictions.jsonl (one line per item, appended as produced: id, split,
        subset, mode, prompt, answer, prediction, correct, output or choices + loglikelihoods
        + loglikelihoods_norm, metrics), DIR/summary.json (per split and subset: every metric
        weighted and macro, with bootstrap stderr and 95% CI; the twin gap; the run manifest)
        and DIR/report.html + report.md. Bad input lines are reported as file:line: reason
        and skipped.
        """,
        examples: [
            "assay eval --benchmark Corpora/samples/mmlu --shots 5 --out runs/mmlu",
            "assay eval --benchmark Corpora/samples/gsm8k/test.jsonl --shots 3 --cot --max-tokens 200",
            "assay eval --benchmark Corpora/samples/humaneval/HumanEval.jsonl --samples 5 --temperature 0.8",
            "assay eval --benchmark gsm8k.jsonl --twins gsm8k-twins.jsonl --out runs/gap",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        var settings = try EvalOptions.settings(from: arguments, modes: EvalMode.allCases)
        settings.twins = arguments.string("twins")
        settings.samples = try arguments.intValue("samples", in: 1...1000)
        settings.temperature = try arguments.double("temperature", in: 0...100)
        settings.fromScratch = arguments.flag("from-scratch")
        let folder = try arguments.required("out")
        let source = try ModelOptions.source(from: arguments)

        let plan = try EvalPlan(settings) { message in printError("warning: \(message)") }
        let model = try await ModelFactory.load(source)
        try plan.check(model, settings: settings)
        let manifest = EvalManifest(settings: settings, plan: plan, model: model.provenance, commandLine: CommandLine.arguments)
        let progress = ProgressReporter(label: "eval", total: plan.tasks.count, unit: "items", enabled: !arguments.flag("quiet"))
        InterruptSignal.install()
        let outcome = try await EvalRunner(settings: settings, plan: plan)
            .run(model: model, folder: folder, resume: arguments.flag("resume"), manifest: manifest, progress: progress)
        progress.finish()
        var line = "evaluated \(outcome.evaluated) items"
        if outcome.resumed > 0 { line += ", \(outcome.resumed) already done" }
        if plan.skipped > 0 { line += ", \(plan.skipped) skipped" }
        let tooLong = outcome.summary.skipped?.count ?? 0
        if tooLong > 0 { line += ", \(tooLong) not evaluated (too long for the context; see summary.json)" }
        for (name, split) in [("original", outcome.summary.original), ("twin", outcome.summary.twin)] {
            guard let split, let metric = split.metrics[split.primaryMetric] else { continue }
            line += "; \(name) \(split.primaryMetric) \(ReportDocument.format(metric.weighted.value)) ± \(ReportDocument.format(metric.weighted.stderr))"
        }
        if let gap = outcome.summary.gap { line += "; gap \(ReportDocument.format(gap.difference.value))" }
        printError("\(line) -> \(folder)")
        return finished(outcome.interrupted, done: outcome.evaluated + outcome.resumed, of: plan.tasks.count) ?? (plan.skipped + tooLong > 0 ? 1 : 0)
    }
}
