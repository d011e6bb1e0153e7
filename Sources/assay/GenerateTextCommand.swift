import AssayCLI
import AssayKit
import Foundation

enum GenerateTextCommand: AssayCommand {
    static let prompt = Option<String?>("prompt", "TEXT", help: "One prompt; the output goes to stdout.")
    static let input = Option<String?>("input", "FILE", help: "JSONL with `id` and a prompt field, or plain text with --lines.")
    static let field = Option<String>("field", "NAME", default: "prompt", help: "The JSONL field holding the prompt.")
    static let lines = Flag("lines", help: "Read plain text, one prompt per line.")
    static let output = Option<String>("output", "FILE", default: "-", help: "Where the JSON lines go with --input ('-': stdout).")
    static let maxTokens = Option<Int>("max-tokens", default: 128, in: 0...1_000_000, help: "Most new tokens per prompt.")
    static let temperature = Option<Double>("temperature", "T", default: 0, in: 0...100, help: "0 = greedy; above 0 samples.")
    static let topK = Option<Int>("top-k", "K", default: 40, in: 0...1_000_000, help: "Sample among the K most likely tokens (0 = all).")
    static let topP = Option<Double>("top-p", "P", default: 0.95, in: 0...1, help: "Nucleus sampling threshold (1 = off).")
    static let seed = Option<UInt64>("seed", "S", default: 0, help: "Seed of sampling (item i uses S + i).")
    static let stop = RepeatedOption<String>("stop", "TEXT", help: "Stop when this text appears (not included in the output).")
    static let system = Option<String?>("system", "TEXT", help: "System message (with --chat).")
    static let resume = Flag("resume", help: "Keep the lines already in --output and do only the missing ids.")

    static let spec = CommandSpec(
        name: "generate-text",
        abstract: "Generate text from prompts (greedy or seeded sampling), several in parallel.",
        options: ModelOptions.specs + [OptionSpec]([prompt, input, field, lines, output, maxTokens, temperature, topK, topP, seed, stop,
                                                    CommonOptions.chat, system, CommonOptions.strictLines, resume, CommonOptions.quiet]),
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

    /// What to generate from: the one `--prompt`, or every record of the `--input` file.
    private enum Job {
        case prompt(String)
        case file(String)
    }

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let job: Job
        switch (try arguments[prompt], try arguments[input]) {
        case (let text?, nil): job = .prompt(text)
        case (nil, let path?): job = .file(path)
        default: throw UsageError.conflict("give exactly one of --prompt and --input")
        }
        let output = try arguments[output], resume = arguments[resume], stop = try arguments[stop]
        if resume && output == "-" { throw UsageError.conflict("--resume needs --output FILE") }
        if stop.contains("") {
            throw UsageError.invalidValue(option: "stop", value: "", reason: "an empty stop text would match before the first token")
        }
        let settings = GenerationSettings(
            maxTokens: try arguments[maxTokens], stop: stop,
            sampling: SamplingParameters(temperature: try arguments[temperature], topK: try arguments[topK],
                                         topP: try arguments[topP], seed: try arguments[seed]),
            chat: arguments[CommonOptions.chat], system: try arguments[system])
        let source = try ModelOptions.source(from: arguments)
        let path: String
        switch job {
        case .prompt(let prompt):
            let model = try await ModelFactory.load(source)
            try model.require(settings.requirements, for: "generate-text")
            let result = try await model.generate([settings.request(for: prompt, index: 0)], progress: nil)[0]
            print(result.text)
            return 0
        case .file(let file):
            path = file
        }
        let kind: TextRecordReader.Kind = arguments[lines] ? .lines : .jsonl(field: try arguments[field])
        let reader = TextRecordReader(path: path, kind: kind)
        try reader.validate()
        try OutputPath.refuseOverwriting([path], with: output)
        let model = try await ModelFactory.load(source)
        try model.require(settings.requirements, for: "generate-text")
        let skip = resume ? try TextRecordReader.finishedIDs(in: output) : []
        let writer = try JSONLinesWriter(path: output, append: resume)
        let progress = ProgressReporter(label: "generate", unit: "items", enabled: !arguments[CommonOptions.quiet])
        InterruptSignal.install()
        let generator = TextFileGenerator(reader: reader, settings: settings, strict: arguments[CommonOptions.strictLines],
                                          chunkSize: source.chunkSize)
        let summary = try await generator.run(model: model, writer: writer, skip: skip, progress: progress) { message in
            printError("warning: \(message)")
        }
        progress.finish()
        printError(summary.line(verb: "generated"))
        return interrupted(summary, output: output) ?? (summary.skipped > 0 ? 1 : 0)
    }
}
