import AssayKit
/// The options the commands that evaluate a benchmark share (`assay eval`, `assay robust`):
/// the benchmark, how its prompts are built and answers generated, and how work is chunked;
/// and how they become `EvalSettings`.
public enum EvalOptions {
    public static let benchmark = Option<String>("benchmark", "FILE|DIR", help: "Benchmark file or folder in any format `assay convert` reads.", required: true)
    public static let format = Option<BenchmarkFormat?>("format", "NAME", help: "The benchmark's format (default: detected).")
    public static let shots = Option<Int>("shots", "K", default: 0, in: 0...64, help: "Worked examples in each prompt.")
    public static let fewshot = Option<String?>("fewshot", "FILE", help: "Take the examples from this file (default: the dev split, else the first K items of each subset).")
    public static let chainOfThought = Flag("cot", help: "Chain of thought: examples show worked reasoning ending in 'The answer is X.'")
    public static let system = Option<String?>("system", "TEXT", help: "System text (a system message with --chat, else the prompt's first paragraph).")
    public static let maxTokens = Option<Int>("max-tokens", default: 256, in: 1...100_000, help: "Most new tokens per generated answer.")
    public static let chunk = Option<Int>("chunk", default: 16, in: 1...100_000, help: "Items per model call and per flush of the results file.")
    public static let evalProtocol = Option<String?>("protocol", "NAME", help: "Reproduce a reference task request for request (hellaswag, arc_easy, mmlu, gsm8k, truthfulqa_mc1, bbh_cot_fewshot_<task>, ...; see docs/methods/protocols.md). It fixes the shots, prompts, mode and metrics.")
    public static let strict = Flag("strict", help: "Stop at the first item whose prompt does not fit the model's context (default: record it as skipped, with the reason, and go on).")

    /// `--benchmark`, `--format`, `--shots`, `--fewshot`, `--cot`, `--chat`, `--system`,
    /// `--max-tokens`, `--chunk`, `--strict`. (`--protocol` is read here but declared by `assay
    /// eval` alone: robustness perturbs items, so its prompts cannot be a reference's.)
    public static let specs = [OptionSpec]([benchmark, format, shots, fewshot, chainOfThought, CommonOptions.chat, system, maxTokens, chunk, strict])

    /// The settings these options describe, with the command's own `--mode`, `--limit` and
    /// `--seed` (each command declares them with its own help).
    public static func settings(from arguments: ParsedArguments, mode: Option<EvalMode?>, limit: Option<Int?>,
                                seed: Option<UInt64>) throws(UsageError) -> EvalSettings {
        var settings = EvalSettings(benchmark: try arguments[benchmark])
        settings.mode = try arguments[mode]
        settings.limit = try arguments[limit]
        settings.seed = try arguments[seed]
        settings.format = try arguments[format]
        settings.shots = try arguments[shots]
        settings.fewshot = try arguments[fewshot]
        settings.chainOfThought = arguments[chainOfThought]
        settings.chat = arguments[CommonOptions.chat]
        settings.system = try arguments[system]
        settings.maxTokens = try arguments[maxTokens]
        settings.chunkSize = try arguments[chunk]
        settings.strict = arguments[strict]
        if let name = try arguments[evalProtocol] {
            // What else the protocol fixes is checked by `EvalPlan`; the length is a default.
            let chosen = try EvalProtocol.named(name)
            if !arguments.has(maxTokens) { settings.maxTokens = chosen.maxTokens }
            settings.evalProtocol = chosen
        }
        return settings
    }
}
