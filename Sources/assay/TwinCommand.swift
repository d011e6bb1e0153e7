import AssayCLI
import AssayKit
import Foundation

/// `assay twin`: a fresh set of the same form and size as a benchmark file.
enum TwinCommand: AssayCommand {
    static let benchmark = Option<String>("benchmark", "FILE", help: "Benchmark file or folder in any supported format (see `assay convert --list-formats`).",
                                          required: true, aliases: ["input"])
    static let format = Option<BenchmarkFormat?>("format", "NAME", help: "Input format (default: detected).")
    static let seed = Option<UInt64>("seed", "S", default: 0, help: "Seed; the same seed gives the same twins.")
    static let output = Option<String>("output", "FILE", default: "-", help: "Canonical JSONL of the twins ('-': stdout).")
    static let strict = Flag("strict", help: "Stop at the first bad input record.")

    static let spec = CommandSpec(
        name: "twin",
        abstract: "Make a fresh twin of every benchmark item (template re-draw, same family, or natural perturbation).",
        options: [OptionSpec]([benchmark, format, seed, output, strict]),
        discussion: """
        Per item, the first method that applies: a template in Templates/ matches the question
        (a fresh draw of it: new names and numbers, answer recomputed); the item came from an item family (a new item of the
        same family and level); natural perturbations (renamed people and objects, re-ordered
        options). Twin ids are <id>~twin; provenance.original is the source id and
        provenance.perturbations starts with twin:template, twin:family or twin:perturbation.
        """,
        examples: [
            "assay twin --benchmark Corpora/samples/gsm8k/test.jsonl --output twins.jsonl",
            "assay twin --benchmark Corpora/samples/mmlu --format mmlu --seed 3",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let input = try arguments[benchmark]
        let format = try arguments[format]
        let run = TwinRun(builder: try TwinBuilder(seed: try arguments[seed]), format: format, strict: arguments[strict])
        let summary = try run.run(input: input, output: try arguments[output]) { message in
            printError("warning: \(message)")
        }
        let methods = summary.byMethod.sorted { $0.key < $1.key }.map { "\($0.value) by \($0.key)" }.joined(separator: ", ")
        var line = "twinned \(summary.written) of \(summary.read) items (\(methods.isEmpty ? "none" : methods))"
        if !summary.untwinned.isEmpty { line += "; no twin for \(summary.untwinned.count): \(summary.untwinned.prefix(5).joined(separator: ", "))" }
        if summary.badLines > 0 { line += "; \(summary.badLines) bad records skipped" }
        printError(line)
        return summary.badLines > 0 || !summary.untwinned.isEmpty ? 1 : 0
    }
}
