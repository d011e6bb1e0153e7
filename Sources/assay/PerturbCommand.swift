import AssayKit
import Foundation

/// `assay perturb`: perturbed twins of canonical items (shuffled options, typos, renamed
/// people, distractor sentences...), each recording what was done to it.
enum PerturbCommand: AssayCommand {
    static let spec = CommandSpec(
        name: "perturb",
        abstract: "Write perturbed twins of canonical JSONL items (options, typos, names, distractors...).",
        options: [
            OptionSpec("benchmark", .value("FILE"), help: "Canonical items, JSONL ('-' for standard input).", aliases: ["input"]),
            OptionSpec("kinds", .value("K1,K2,..."), help: "Perturbations applied in order; 'list' prints them."),
            OptionSpec("seed", .value("S"), help: "Seed (item i uses stream i of it).", default: "0"),
            OptionSpec("output", .value("FILE"), help: "Where to write the perturbed items ('-': standard output).", default: "-"),
            OptionSpec("strict", .flag, help: "Stop at the first malformed line instead of skipping it."),
            OptionSpec("list", .flag, help: "Print the perturbation kinds with a description each."),
        ],
        discussion: "Items no kind applies to (e.g. shuffle_options on open-answer items) are left out and counted.",
        examples: [
            "assay perturb --benchmark gsm8k.jsonl --kinds distractor,typos:0.03 --seed 7 --output gsm8k-noisy.jsonl",
            "assay perturb --benchmark mmlu.jsonl --kinds shuffle_options,relabel_options:numeric",
            "assay perturb --list",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        if arguments.flag("list") || arguments.string("kinds") == "list" {
            let width = (PerturbationKind.catalog.map(\.name.count).max() ?? 0) + 2
            for kind in PerturbationKind.catalog {
                print(kind.name + String(repeating: " ", count: width - kind.name.count) + kind.summary)
            }
            return 0
        }
        let input = try arguments.required("benchmark")
        let kinds: [PerturbationKind]
        do { kinds = try PerturbationKind.parseList(try arguments.required("kinds")) } catch let error as PerturbationError {
            throw UsageError.invalidValue(option: "kinds", value: arguments.string("kinds") ?? "", reason: error.description)
        }
        let perturber = try Perturber(kinds: kinds, seed: try arguments.uint64Value("seed"))
        let run = PerturbationRun(perturber: perturber, strict: arguments.flag("strict"))
        let summary = try run.run(input: input, output: try arguments.required("output")) { printError($0) }
        printError("perturb: \(summary.read) items read, \(summary.written) written, "
                   + "\(summary.unchanged) left out (no kind applied), \(summary.badLines) bad lines skipped")
        return summary.badLines > 0 ? 1 : 0
    }
}
