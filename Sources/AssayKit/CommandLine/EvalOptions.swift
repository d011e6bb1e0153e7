/// The options the commands that evaluate a benchmark share (`assay eval`, `assay robust`):
/// the benchmark, how its prompts are built and answers generated, and how work is chunked;
/// and how they become `EvalSettings`.
public enum EvalOptions {
    /// `--benchmark`, `--format`, `--shots`, `--fewshot`, `--cot`, `--chat`, `--system`,
    /// `--max-tokens`, `--chunk`.
    public static let specs: [OptionSpec] = [
        OptionSpec("benchmark", .value("FILE|DIR"), help: "Benchmark file or folder in any format `assay convert` reads.", required: true),
        OptionSpec("format", .value("NAME"), help: "The benchmark's format (default: detected)."),
        OptionSpec("shots", .value("K"), help: "Worked examples in each prompt.", default: "0"),
        OptionSpec("fewshot", .value("FILE"), help: "Take the examples from this file (default: the dev split, else the first K items of each subset)."),
        OptionSpec("cot", .flag, help: "Chain of thought: examples show worked reasoning ending in 'The answer is X.'"),
        OptionSpec("chat", .flag, help: "Wrap each prompt as a user message in the model's chat template."),
        OptionSpec("system", .value("TEXT"), help: "System text (a system message with --chat, else the prompt's first paragraph)."),
        OptionSpec("max-tokens", .value("N"), help: "Most new tokens per generated answer.", default: "256"),
        OptionSpec("chunk", .value("N"), help: "Items per model call and per flush of the results file.", default: "16"),
        OptionSpec("strict", .flag, help: "Stop at the first item whose prompt does not fit the model's context (default: record it as skipped, with the reason, and go on)."),
    ]

    /// The settings these options describe, with `--mode` (one of `modes`), `--limit` and
    /// `--seed`, which each command declares with its own help.
    public static func settings(from arguments: ParsedArguments, modes: [EvalMode]) throws(UsageError) -> EvalSettings {
        var settings = EvalSettings(benchmark: try arguments.required("benchmark"))
        settings.mode = try arguments.choice("mode", modes.map(\.rawValue)).flatMap(EvalMode.init(rawValue:))
        settings.limit = try arguments.int("limit", in: 1...Int.max)
        settings.seed = try arguments.uint64Value("seed")
        settings.format = try arguments.benchmarkFormat()
        settings.shots = try arguments.intValue("shots", in: 0...64)
        settings.fewshot = arguments.string("fewshot")
        settings.chainOfThought = arguments.flag("cot")
        settings.chat = arguments.flag("chat")
        settings.system = arguments.string("system")
        settings.maxTokens = try arguments.intValue("max-tokens", in: 1...100_000)
        settings.chunkSize = try arguments.intValue("chunk", in: 1...100_000)
        settings.strict = arguments.flag("strict")
        return settings
    }
}
