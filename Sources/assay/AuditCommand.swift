import AssayCLI
import AssayKit
import Foundation

enum AuditCommand: AssayCommand {
    static let benchmark = Option<String>("benchmark", "FILE", help: "The benchmark file or folder.", required: true)
    static let format = Option<BenchmarkFormat?>("format", "NAME", help: "Its format (default: detected).")
    static let twins = Option<String?>("twins", "FILE", help: "Fresh twins as canonical JSONL (default: built with the twin builder).")
    static let corpus = RepeatedOption<String>("corpus", "PATH", help: "Reference corpus files or folders for n-gram overlap.")
    static let overlapThreshold = Option<Double>("overlap-threshold", "X", default: 0.5, in: 0...1, help: "Flag an item whose n-gram overlap is at least X.")
    static let referenceModel = Option<String?>("reference-model", "PATH", help: "A second model (a GGUF file, or a server's URL): adds the perplexity ratio signal.")
    static let lowercase = Flag("lowercase", help: "Add the lowercase perplexity ratio (a second pass).")
    static let probes = Flag("probes", help: "Add the generation probes: completion ROUGE-L and, for multiple choice, TS-Guessing (slower).")
    static let evaluate = Flag("evaluate", help: "Also evaluate the answers of items and twins (as assay eval --twins) into DIR/eval/ and report the accuracy gap.")
    static let maxTokens = Option<Int>("max-tokens", default: 64, in: 1...4096, help: "Generation budget of --evaluate.")
    static let positiveControl = Option<String?>("positive-control", "FILE", help: "Validity check: score the items of FILE (a benchmark file) with their text in the model's context, as if memorized; the audit should flag them.")
    static let seed = Option<UInt64>("seed", "S", default: 0, help: "Seed of twins, perturbations and bootstrap.")
    static let out = Option<String>("out", "DIR", default: "audit-out", help: "Output folder.")
    static let resume = Flag("resume", help: "Reuse DIR/signals.jsonl and score only what is missing.")

    static let spec = CommandSpec(
        name: "audit",
        abstract: "Audit a benchmark for contamination: likelihood signals calibrated on fresh twins, n-gram overlap.",
        options: ModelOptions.specs + [OptionSpec]([benchmark, format, twins, corpus, overlapThreshold, referenceModel, lowercase, probes,
                                                    evaluate, maxTokens, positiveControl, seed, out, resume, CommonOptions.quiet]),
        discussion: """
        Writes DIR/signals.jsonl (per-text signals, appended as scored), DIR/probes.jsonl (with
        --probes: prompts, continuations and guesses), DIR/items.jsonl (per item: ppl, min_k,
        min_k_pp, zlib_ratio, ngram_acc, completion_rouge_l and ts_guessing with --probes,
        percentiles among the twins, suspicion, driven_by, flagged, overlap evidence),
        DIR/summary.json (verdict, p_value, effect_size, CI, counts, signal_weights, thresholds,
        manifest) and DIR/report.md +
        report.html. DIR/twins.jsonl holds the reference population (the twins as scored); with
        --evaluate, DIR/eval/ holds the evaluation (predictions.jsonl, summary.json, report) and
        summary.json its accuracy_gap.

        The suspicion combines the signals with weights learned from how the items as a whole
        sit apart from the twins (cross-fitted, no labels): 0 is a typical twin. An item is
        flagged by likelihood above the twins' conformal 95% threshold (about 5% of unseen
        items exceed it). The verdict counts the flags against the 95th percentile of their
        beta-binomial law (all items share the twins' threshold), which more twins narrow.

        --positive-control checks that the audit can see contamination on this model and
        benchmark: the items of FILE (say, half of the benchmark) are scored after a copy of
        their own text, the rest and all twins as usual, and the report says so. --resume
        refuses signals scored with another control setting (DIR/positive-control.txt).
        """,
        examples: [
            "assay audit --benchmark Corpora/samples/audit/items.jsonl --corpus Corpora/reference --out audit-out",
            "assay audit --benchmark Corpora/samples/mmlu --format mmlu --probes --evaluate --out audit-mmlu",
            "assay audit --benchmark Corpora/samples/audit/items.jsonl --positive-control control.jsonl --out audit-control",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        var job = AuditRun(benchmark: try arguments[benchmark], outputFolder: try arguments[out])
        job.format = try arguments[format]
        job.twins = try arguments[twins]
        job.corpus = try arguments[corpus]
        job.overlapThreshold = try arguments[overlapThreshold]
        job.seed = try arguments[seed]
        job.positiveControl = try arguments[positiveControl]
        job.resume = arguments[resume]
        job.probes = arguments[probes]
        job.evaluate = arguments[evaluate]
        job.evaluationMaxTokens = try arguments[maxTokens]
        job.commandLine = CommandLine.arguments
        let source = try ModelOptions.source(from: arguments)
        let referenceSource = try arguments[referenceModel].map { text throws(UsageError) in
            try ModelSource.parse(text, like: source)
        }
        let model = try await ModelFactory.load(source)
        var reference: (any LanguageModel)?
        if let referenceSource { reference = try await ModelFactory.load(referenceSource) }
        let store = SignalStore(model: model, reference: reference, lowercase: arguments[lowercase])
        let progress = ProgressReporter(label: "audit", unit: "texts", enabled: !arguments[CommonOptions.quiet])
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
        printError(summary.overview + "; see \(job.outputFolder)/report.html")
        if let caution = summary.referenceCaution { printError("caution: " + caution) }
        if let note = summary.positiveControlNote { printError("positive control: " + note) }
        return 0
    }
}
