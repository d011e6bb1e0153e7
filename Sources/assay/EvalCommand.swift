import AssayCLI
import AssayKit
import Foundation

enum EvalCommand: AssayCommand {
    static let mode = Option<EvalMode?>("mode", "MODE", among: EvalMode.allCases,
                                        help: "loglikelihood, generate, perplexity or code (default: by item: multiple choice by log-likelihood, HumanEval as code, else generate).")
    static let limit = Option<Int?>("limit", in: 1...Int.max, help: "Evaluate only the first N items (and their twins).")
    static let twins = Option<String?>("twins", "FILE", help: "Twin items (canonical JSONL) to evaluate the same way; the summary gives the gap.")
    static let out = Option<String>("out", "DIR", default: "eval-out", help: "Output folder: predictions.jsonl, summary.json, report.html, report.md.")
    static let resume = Flag("resume", help: "Keep the predictions already in DIR and evaluate only the missing items.")
    static let seed = Option<UInt64>("seed", "S", default: 0, help: "Seed of sampling and of the bootstrap.")
    static let samples = Option<Int>("samples", default: 1, in: 1...1000, help: "Completions per HumanEval task (pass@1 and pass@N).")
    static let temperature = Option<Double?>("temperature", "T", in: 0...100, help: "Sampling temperature of code mode (default: 0 for one sample, 0.8 for several).")
    static let dryRun = Flag("dry-run", help: "Write DIR/requests.jsonl (every request the run would send: context, and continuations or stop strings) and stop, without a model.")
    static let fromScratch = Flag("from-scratch", help: "Score every (prompt, choice) pair in its own call, sharing nothing (slow; for checks).")

    static let spec = CommandSpec(
        name: "eval",
        abstract: "Rule-based evaluation of a model on a benchmark: accuracy, perplexity, ROUGE/BLEU, pass@k.",
        options: ModelOptions.specs + EvalOptions.specs + [EvalOptions.evalProtocol.spec]
            + [OptionSpec]([mode, limit, twins, out, resume, seed, samples, temperature, fromScratch, dryRun, CommonOptions.quiet]),
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
            "assay eval --benchmark Corpora/samples/hellaswag/val.jsonl --protocol hellaswag --out runs/hellaswag",
            "assay eval --benchmark gsm8k/test.jsonl --protocol gsm8k --fewshot gsm8k/train.jsonl --dry-run --out runs/requests",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        var settings = try EvalOptions.settings(from: arguments, mode: mode, limit: limit, seed: seed)
        settings.twins = try arguments[twins]
        settings.samples = try arguments[samples]
        settings.temperature = try arguments[temperature]
        settings.fromScratch = arguments[fromScratch]
        let folder = try arguments[out]
        let source = try ModelOptions.source(from: arguments)

        let plan = try EvalPlan(settings) { message in printError("warning: \(message)") }
        if arguments[dryRun] {
            let path = try PlannedRequest.write(plan, settings: settings, to: folder)
            printError("wrote the requests of \(plan.tasks.count) items -> \(path)")
            return plan.skipped > 0 ? 1 : 0
        }
        let model = try await ModelFactory.load(source)
        try plan.check(model, settings: settings)
        let manifest = EvalManifest(settings: settings, plan: plan, model: model.provenance, commandLine: CommandLine.arguments)
        let progress = ProgressReporter(label: "eval", total: plan.tasks.count, unit: "items", enabled: !arguments[CommonOptions.quiet])
        InterruptSignal.install()
        let outcome = try await EvalRunner(settings: settings, plan: plan)
            .run(model: model, folder: folder, resume: arguments[resume], manifest: manifest, progress: progress)
        progress.finish()
        var line = "evaluated \(outcome.evaluated) items"
        if outcome.resumed > 0 { line += ", \(outcome.resumed) already done" }
        if plan.skipped > 0 { line += ", \(plan.skipped) skipped" }
        let tooLong = outcome.summary.skipped?.count ?? 0
        if tooLong > 0 { line += ", \(tooLong) not evaluated (too long for the context; see summary.json)" }
        for (name, split) in [("original", outcome.summary.original), ("twin", outcome.summary.twin)] {
            guard let split else { continue }
            let shown = EvalSummary.headlineMetrics(of: split, evalProtocol: settings.evalProtocol).compactMap { metric in
                split.metrics[metric].map { "\(metric) \(ReportDocument.format($0.weighted.value)) ± \(ReportDocument.format($0.weighted.stderr))" }
            }
            if !shown.isEmpty { line += "; \(name) " + shown.joined(separator: ", ") }
        }
        if let gap = outcome.summary.gap { line += "; gap \(ReportDocument.format(gap.difference.value))" }
        printError("\(line) -> \(folder)")
        return finished(outcome.interrupted, done: outcome.evaluated + outcome.resumed, of: plan.tasks.count) ?? (plan.skipped + tooLong > 0 ? 1 : 0)
    }
}
