import AssayCLI
import AssayKit
import Foundation

/// `assay perturb`: perturbed twins of canonical items (shuffled options, typos, renamed
/// people, distractor sentences...), each recording what was done to it.
enum PerturbCommand: AssayCommand {
    static let benchmark = Option<String>("benchmark", "FILE", help: "Canonical items, JSONL ('-' for standard input).", aliases: ["input"])
    static let kinds = Option<String>("kinds", "K1,K2,...", help: "Perturbations applied in order; 'list' prints them.")
    static let seed = Option<UInt64>("seed", "S", default: 0, help: "Seed (item i uses stream i of it).")
    static let output = Option<String>("output", "FILE", default: "-", help: "Where to write the perturbed items ('-': standard output).")
    static let strict = Flag("strict", help: "Stop at the first malformed line instead of skipping it.")
    static let list = Flag("list", help: "Print the perturbation kinds with a description each.")

    static let spec = CommandSpec(
        name: "perturb",
        abstract: "Write perturbed twins of canonical JSONL items (options, typos, names, distractors...).",
        options: [OptionSpec]([benchmark, kinds, seed, output, strict, list]),
        discussion: "Items no kind applies to (e.g. shuffle_options on open-answer items) are left out and counted.",
        examples: [
            "assay perturb --benchmark gsm8k.jsonl --kinds distractor,typos:0.03 --seed 7 --output gsm8k-noisy.jsonl",
            "assay perturb --benchmark mmlu.jsonl --kinds shuffle_options,relabel_options:numeric",
            "assay perturb --list",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        if try arguments[list] || arguments.has(kinds) && arguments[kinds] == "list" {
            let width = (PerturbationKind.catalog.map(\.name.count).max() ?? 0) + 2
            for kind in PerturbationKind.catalog {
                print(kind.name + String(repeating: " ", count: width - kind.name.count) + kind.summary)
            }
            return 0
        }
        let input = try arguments[benchmark]
        let text = try arguments[kinds]
        let parsed: [PerturbationKind]
        do throws(PerturbationError) { parsed = try PerturbationKind.parseList(text) } catch {
            throw UsageError.invalidValue(option: "kinds", value: text, reason: error.description)
        }
        let perturber = try Perturber(kinds: parsed, seed: try arguments[seed])
        let run = PerturbationRun(perturber: perturber, strict: arguments[strict])
        let summary = try run.run(input: input, output: try arguments[output]) { printError($0) }
        printError("perturb: \(summary.read) items read, \(summary.written) written, "
                   + "\(summary.unchanged) left out (no kind applied), \(summary.badLines) bad lines skipped")
        return summary.badLines > 0 ? 1 : 0
    }
}
