import AssayCLI
import AssayKit
import Foundation

/// `assay convert`: any supported upstream benchmark file to canonical JSONL.
enum ConvertCommand: AssayCommand {
    static let benchmark = Option<String>("benchmark", "FILE|DIR", help: "The benchmark file or folder (MMLU/MATH folders).", aliases: ["input"])
    static let format = Option<BenchmarkFormat?>("format", "NAME", help: "The input format (detected when omitted; see --list-formats).")
    static let output = Option<String>("output", "FILE", default: "-", help: "Where to write the items; '-' is standard output.")
    static let strict = Flag("strict", help: "Stop at the first malformed record instead of skipping it.")
    static let listFormats = Flag("list-formats", help: "List the supported formats and exit.")

    static let spec = CommandSpec(
        name: "convert",
        abstract: "Convert an upstream benchmark file or folder to canonical item JSONL.",
        options: [OptionSpec]([benchmark, format, output, strict, listFormats]),
        discussion: "Malformed records are reported on stderr as file:line: reason and skipped (exit 1 if any), or stop the run with --strict.",
        examples: [
            "assay convert --benchmark Corpora/samples/gsm8k/test.jsonl --output gsm8k.jsonl",
            "assay convert --benchmark Corpora/samples/mmlu --format mmlu --output mmlu.jsonl --strict",
            "assay convert --list-formats",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        if arguments[listFormats] {
            print(BenchmarkFormat.listing)
            return 0
        }
        let input = try arguments[benchmark]
        let format = try arguments[format]
        let output = try arguments[output]
        try OutputPath.refuseOverwriting([input], with: output)
        let summary = try BenchmarkReader.convert(input, format: format, output: output, strict: arguments[strict],
                                                  onWarning: { printError("warning: \($0)") }) {
            printError("warning: skipped \($0)")
        }
        printError("converted \(summary.items) \(summary.formats.map(\.rawValue).joined(separator: "+")) items to \(output == "-" ? "standard output" : output)"
                   + (summary.skipped > 0 ? ", skipped \(summary.skipped) malformed records" : ""))
        return summary.skipped > 0 ? 1 : 0
    }
}
