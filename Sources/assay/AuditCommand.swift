import AssayKit
import Foundation

enum AuditCommand: AssayCommand {
    static let spec = CommandSpec(
        name: "audit",
        abstract: "Audit a benchmark for contamination: likelihood signals calibrated on fresh twins, n-gram overlap.",
        options: ModelOptions.specs + [
            OptionSpec("benchmark", .value("FILE"), help: "The benchmark file or folder.", required: true),
            OptionSpec("format", .value("NAME"), help: "Its format (default: detected)."),
            OptionSpec("twins", .value("FILE"), help: "Fresh twins as canonical JSONL (default: built with the twin builder)."),
            OptionSpec("corpus", .repeated("PATH"), help: "Reference corpus files or folders for n-gram overlap."),
            OptionSpec("overlap-threshold", .value("X"), help: "Flag an item whose n-gram overlap is at least X.", default: "0.5"),
            OptionSpec("reference-model", .value("PATH"), help: "A second model (a GGUF file, or a server's URL): adds the perplexity ratio signal."),
            OptionSpec("lowercase", .flag, help: "Add the lowercase perplexity ratio (a second pass)."),
            OptionSpec("probes", .flag, help: "Add the generation probes: completion ROUGE-L and, for multiple choice, TS-Guessing (slower)."),
            OptionSpec("evaluate", .flag, help: "Also evaluate the answers of items and twins (as assay eval --twins) into DIR/eval/ and report the accuracy gap."),
            OptionSpec("max-tokens", .value("N"), help: "Generation budget of --evaluate.", default: "64"),
            OptionSpec("seed", .value("S"), help: "Seed of twins, perturbations and bootstrap.", default: "0"),
            OptionSpec("out", .value("DIR"), help: "Output folder.", default: "audit-out"),
            OptionSpec("resume", .flag, help: "Reuse DIR/signals.jsonl and score only what is missing."),
            OptionSpec("quiet", .flag, help: "No progress on stderr."),
        ],
        discussion: """
        Writes DIR/signals.jsonl (per-text signals, appended as scored), DIR/probes.jsonl (with
        --probes: prompts, continuations and guesses), DIR/items.jsonl (per item: ppl, min_k,
        min_k_pp, zlib_ratio, ngram_acc, completion_rouge_l and ts_guessing with --probes,
        percentiles among the twins, suspicion, flagged, overlap evidence), DIR/summary.json
        (verdict, p_value, effect_size, CI, counts, thresholds, manifest) and DIR/report.md +
        report.html. DIR/twins.jsonl holds the reference population (the twins as scored); with
        --evaluate, DIR/eval/ holds the evaluation (predictions.jsonl, summary.json, report) and
        summary.json its accuracy_gap.
        """,
        examples: [
            "assay audit --benchmark Corpora/samples/audit/items.jsonl --corpus Corpora/reference --out audit-out",
            "assay audit --benchmark Corpora/samples/mmlu --format mmlu --probes --evaluate --out audit-mmlu",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        var job = AuditRun(benchmark: try arguments.required("benchmark"), outputFolder: try arguments.required("out"))
        job.format = try arguments.benchmarkFormat()
        job.twins = arguments.string("twins")
        job.corpus = arguments.strings("corpus")
        job.overlapThreshold = try arguments.doubleValue("overlap-threshold", in: 0...1)
        job.seed = try arguments.uint64Value("seed")
        job.resume = arguments.flag("resume")
        job.probes = arguments.flag("probes")
        job.evaluate = arguments.flag("evaluate")
        job.evaluationMaxTokens = try arguments.intValue("max-tokens", in: 1...4096)
        job.commandLine = CommandLine.arguments
        let source = try ModelOptions.source(from: arguments)
        let referenceSource = try arguments.string("reference-model").map { text throws(UsageError) in
            try ModelSource.parse(text, like: source)
        }
        let model = try await ModelFactory.load(source)
        var reference: (any LanguageModel)?
        if let referenceSource { reference = try await ModelFactory.load(referenceSource) }
        let store = SignalStore(model: model, reference: reference, lowercase: arguments.flag("lowercase"))
        let progress = ProgressReporter(label: "audit", unit: "texts", enabled: !arguments.flag("quiet"))
        InterruptSignal.install()
        let summary: AuditSummary
        do {
            summary = try await job.run(store: store, progress: progress)
        } catch AuditError.interrupted(let folder) {
            progress.finish()
            printError("\(AuditError.interrupted(folder: folder))")
            return InterruptSignal.exitStatus
        }
        progress.finish()
        printError("\(summary.verdict.rawValue): \(summary.flagged) of \(summary.items) items flagged, "
            + "p = \(ReportDocument.format(summary.pValue))" + (summary.shortfall.map { "; the likelihood evidence \($0)" } ?? "")
            + "; see \(job.outputFolder)/report.html")
        return 0
    }
}
