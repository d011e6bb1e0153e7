import AssayKit
import Foundation

enum GenerateTextCommand: AssayCommand {
    static let spec = CommandSpec(
        name: "generate-text",
        abstract: "Generate text from prompts (greedy or seeded sampling), several in parallel.",
        options: ModelOptions.specs + [
            OptionSpec("prompt", .value("TEXT"), help: "One prompt; the output goes to stdout."),
            OptionSpec("input", .value("FILE"), help: "JSONL with `id` and a prompt field, or plain text with --lines."),
            OptionSpec("field", .value("NAME"), help: "The JSONL field holding the prompt.", default: "prompt"),
            OptionSpec("lines", .flag, help: "Read plain text, one prompt per line."),
            OptionSpec("output", .value("FILE"), help: "Where the JSON lines go with --input (default: stdout)."),
            OptionSpec("max-tokens", .value("N"), help: "Most new tokens per prompt.", default: "128"),
            OptionSpec("temperature", .value("T"), help: "0 = greedy; above 0 samples.", default: "0"),
            OptionSpec("top-k", .value("K"), help: "Sample among the K most likely tokens (0 = all).", default: "40"),
            OptionSpec("top-p", .value("P"), help: "Nucleus sampling threshold (1 = off).", default: "0.95"),
            OptionSpec("seed", .value("S"), help: "Seed of sampling (item i uses S + i).", default: "0"),
            OptionSpec("stop", .repeated("TEXT"), help: "Stop when this text appears (not included in the output)."),
            OptionSpec("chat", .flag, help: "Wrap each prompt as a user message in the model's chat template."),
            OptionSpec("system", .value("TEXT"), help: "System message (with --chat)."),
            OptionSpec("strict", .flag, help: "Stop at the first bad input line instead of skipping it."),
            OptionSpec("resume", .flag, help: "Keep the lines already in --output and do only the missing ids."),
            OptionSpec("quiet", .flag, help: "No progress on stderr."),
        ],
        discussion: """
        With --input, each output line holds `id`, `prompt`, `output`, `finish_reason`
        (stop, eos, length), `n_tokens` and `logprob_sum` (log-probability of the generated
        tokens under the model). Prompts are decoded in parallel sequences (--seqs).
        """,
        examples: [
            "assay generate-text --prompt 'The capital of France is' --max-tokens 8",
            "assay generate-text --chat --prompt 'Name three colors.' --temperature 0.7 --seed 3",
            "assay generate-text --input prompts.jsonl --output out.jsonl --stop $'\\n\\n'",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let prompt = arguments.string("prompt")
        let input = arguments.string("input")
        guard (prompt == nil) != (input == nil) else { throw UsageError.conflict("give exactly one of --prompt and --input") }
        let output = arguments.string("output") ?? "-"
        if arguments.flag("resume") && output == "-" { throw UsageError.conflict("--resume needs --output FILE") }
        if arguments.strings("stop").contains("") {
            throw UsageError.invalidValue(option: "stop", value: "", reason: "an empty stop text would match before the first token")
        }
        let settings = GenerationSettings(
            maxTokens: try arguments.intValue("max-tokens", in: 0...1_000_000),
            stop: arguments.strings("stop"),
            sampling: SamplingParameters(temperature: try arguments.doubleValue("temperature", in: 0...100),
                                         topK: try arguments.intValue("top-k", in: 0...1_000_000),
                                         topP: try arguments.doubleValue("top-p", in: 0...1),
                                         seed: try arguments.uint64Value("seed")),
            chat: arguments.flag("chat"), system: arguments.string("system"))
        let source = try ModelOptions.source(from: arguments)
        if let prompt {
            let model = try await ModelFactory.load(source)
            try model.require(settings.requirements, for: "generate-text")
            let result = try await model.generate([settings.request(for: prompt, index: 0)], progress: nil)[0]
            print(result.text)
            return 0
        }
        let kind: TextRecordReader.Kind = arguments.flag("lines") ? .lines : .jsonl(field: try arguments.required("field"))
        let reader = TextRecordReader(path: input!, kind: kind)
        try reader.validate()
        try OutputPath.refuseOverwriting([input!], with: output)
        let model = try await ModelFactory.load(source)
        try model.require(settings.requirements, for: "generate-text")
        let resume = arguments.flag("resume")
        let skip = resume ? try TextRecordReader.finishedIDs(in: output) : []
        let writer = try JSONLinesWriter(path: output, append: resume)
        let progress = ProgressReporter(label: "generate", unit: "items", enabled: !arguments.flag("quiet"))
        InterruptSignal.install()
        let generator = TextFileGenerator(reader: reader, settings: settings, strict: arguments.flag("strict"),
                                          chunkSize: source.chunkSize)
        let summary = try await generator.run(model: model, writer: writer, skip: skip, progress: progress) { message in
            printError("warning: \(message)")
        }
        progress.finish()
        printError(summary.line(verb: "generated"))
        return interrupted(summary, output: output) ?? (summary.skipped > 0 ? 1 : 0)
    }
}
