import AssayCLI
import AssayKit
import Foundation

enum CompareCommand: AssayCommand {
    static let out = Option<String>("out", "DIR", default: "comparison", help: "Output folder: comparison.json, comparison.md, report.html.")
    static let by = Option<ComparisonReport.Layout>("by", "LAYOUT", default: .model, help: "Leaderboard rows: model (a column per benchmark) or benchmark (a column per model).")
    static let quiet = Flag("quiet", help: "No summary on stderr.")

    static let spec = CommandSpec(
        name: "compare",
        abstract: "One page across runs: a leaderboard of models x benchmarks with intervals, fresh-twin scores, audit verdicts, robustness, attacks, arena and perf.",
        options: [OptionSpec]([out, by, quiet]),
        positionals: ["RUN_DIR..."],
        discussion: """
        Reads the output folders of eval, audit, robust, attack, arena and perf runs (their
        summary.json, or ratings.json for arena, with the manifests in them) and never runs a
        model. A folder without a summary is searched up to 3 levels down, so the folder of a
        whole demo or sweep can be given. Runs are matched by the model's provenance (the
        GGUF's SHA-256, or the served model id at its endpoint) and the benchmark's file or
        folder name; each cell shows the latest run and counts the others. Settings that
        differ between runs of one cell, or between the models of one column (format, mode,
        shots, few-shot source, chain of thought, chat, system prompt, seed, twins file), are
        listed, never silently mixed. Missing, torn or foreign folders are reported and
        skipped; the exit code is 1 only when no folder could be read.
        """,
        examples: [
            "assay compare out/demo out/demo-gemma --out out/comparison",
            "assay compare runs/eval-* runs/audit-* --by benchmark",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        guard !arguments.positionals.isEmpty else { throw UsageError.conflict("give at least one run folder: assay compare RUN_DIR...") }
        let layout = try arguments[by]
        let quiet = arguments[quiet]
        let output = try arguments[out]
        let outcome = try CompareRun(paths: arguments.positionals, output: output, layout: layout)
            .run { printError("warning: \($0)") }
        if !quiet {
            let c = outcome.comparison
            printError("compared \(c.runs.count) runs of \(c.models.count) models: \(c.leaderboard.count) leaderboard cells, "
                       + "\(c.reorderings.count) reorderings on the twins (\(c.reorderings.filter(\.significant).count) beyond the intervals), "
                       + "\(c.mismatches.count) mismatched settings, \(c.skipped.count) folders skipped")
            printError("wrote \(output)/comparison.json, comparison.md and report.html")
        }
        return 0
    }
}
