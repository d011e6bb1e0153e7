import AssayKit
import Foundation

enum PerfCommand: AssayCommand {
    static let spec = CommandSpec(
        name: "perf",
        abstract: "Measure a served model's speed under controlled load (TTFT, TPOT, ITL, latency, throughput, goodput), or a GGUF's in-process throughput.",
        options: ModelOptions.endpointSpecs + [
            OptionSpec("header", .repeated("'NAME: VALUE'"), help: "An extra header sent with every request (repeatable)."),
            OptionSpec("api", .value("KIND"), help: "chat (/chat/completions, the prompt as a user message) or completions (/completions, the raw prompt).", default: "chat"),
            OptionSpec("parallel", .value("LIST"), help: "Closed loop: most requests in flight, one level per value (e.g. 1,4,16). With --rate: one cap.", default: "1"),
            OptionSpec("number", .value("LIST"), help: "Requests per level: one value, or one per level.", default: "16"),
            OptionSpec("rate", .value("LIST"), help: "Open loop instead: Poisson arrivals at R requests/s (seeded), one level per value; -1 sends all at once."),
            OptionSpec("duration", .value("S"), help: "Stop sending after S seconds per level (those in flight finish)."),
            OptionSpec("warmup", .value("N"), help: "Requests sent before each level, left out of its metrics.", default: "0"),
            OptionSpec("max-tokens", .value("N"), help: "max_tokens of every request.", default: "128"),
            OptionSpec("min-tokens", .value("N"), help: "min_tokens of every request (vLLM, SGLang)."),
            OptionSpec("ignore-eos", .flag, help: "Send ignore_eos: true (vLLM, SGLang, llama-server): every answer runs to --max-tokens."),
            OptionSpec("no-stream", .flag, help: "Ask for whole answers instead of event streams (TTFT then equals the latency)."),
            OptionSpec("temperature", .value("T"), help: "Sampling temperature sent.", default: "0"),
            OptionSpec("extra-body", .value("JSON"), help: "A JSON object merged into every request body."),
            OptionSpec("dataset", .value("NAME"), help: "Prompts: bundled[:short,long,zh] (Corpora/perf), line_by_line (--dataset-path), random (--input-tokens), fresh (--family).", default: "bundled"),
            OptionSpec("dataset-path", .value("FILE"), help: "line_by_line: a text file, one prompt per line."),
            OptionSpec("input-tokens", .value("N±M"), help: "random: prompt lengths in tokens, uniform in N-M..N+M, exact (e.g. 512±64 or 512+-64).", default: "128"),
            OptionSpec("tokenizer", .value("GGUF"), help: "random: count tokens with this GGUF's tokenizer instead of the server's /tokenize."),
            OptionSpec("family", .value("NAME"), help: "fresh: the template or family whose questions are the prompts (assay generate --list)."),
            OptionSpec("slo", .value("SPEC"), help: "Goodput objectives, e.g. ttft=0.5,tpot=50ms,e2e=10 (seconds unless ms)."),
            OptionSpec("idle-timeout", .value("S"), help: "A request fails as stalled after S seconds without a byte.", default: "60"),
            OptionSpec("timeout", .value("S"), help: "A request fails after S seconds in all.", default: "600"),
            OptionSpec("pause", .value("S"), help: "Seconds to wait between levels.", default: "0"),
            OptionSpec("seed", .value("S"), help: "Seed of the arrivals and of random and fresh prompts.", default: "0"),
            OptionSpec("out", .value("DIR"), help: "Output folder (default: a new perf-DATE folder under the current one)."),
            OptionSpec("quiet", .flag, help: "No progress on stderr."),
            OptionSpec("model", .value("PATH"), help: "In-process mode instead of --model-url: a GGUF's prompt and generation tokens/s at each --parallel (llama-batched-bench's table)."),
            OptionSpec("pp", .value("N"), help: "In-process: prompt tokens per sequence.", default: "128"),
            OptionSpec("tg", .value("N"), help: "In-process: generated tokens per sequence.", default: "128"),
            OptionSpec("threads", .value("N"), help: "In-process: decoding threads, fixed (default: the cores other processes leave free, rechecked every half second)."),
            OptionSpec("flash-attn", .flag, help: "In-process: use llama.cpp's flash attention (llama-batched-bench's default; Assay's commands keep it off for exact scores)."),
            OptionSpec("json", .flag, help: "In-process: print the rows as JSON lines on stdout."),
        ],
        discussion: """
        Outputs (in --out): requests.jsonl (one line per request as it finishes: monotonic
        start, first chunk, first text chunk, every chunk time, end, status, error, prompt
        and completion tokens and their source), summary.json (per level: Assay's metrics
        with their definitions, evalscope's names and percentile table, the seed's table, and
        the server's /metrics token counters when it has them) and report.html. Failed
        requests (refused, HTTP errors, cut streams, stalls, timeouts) are counted with their
        reason and the run goes on. Ctrl-C stops sending, writes the summary and report of
        what finished and exits 130. The client speaks plain http:// itself (one thread,
        non-blocking sockets) so its own overhead stays in microseconds.
        """,
        examples: [
            "assay perf --model-url http://127.0.0.1:8080/v1 --parallel 1,4,16 --number 16,64,256 --max-tokens 64 --ignore-eos",
            "assay perf --model-url http://127.0.0.1:8080/v1 --rate 2,8 --number 64 --slo ttft=0.5,tpot=50ms",
            "assay perf --model-url http://127.0.0.1:8080/v1 --dataset random --input-tokens 512±64 --parallel 4 --number 32",
            "assay perf --model ~/.cache/assay/models/SmolLM2-135M-Instruct.Q4_1.gguf --parallel 1,2,4 --pp 128 --tg 64",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let parallel = try integers(arguments, "parallel") ?? [1]
        if let path = arguments.string("model") {
            if arguments.has("model-url") { throw UsageError.conflict("give --model (in-process) or --model-url (a server), not both") }
            let rows = try PerfInProcess(path: path, threads: try arguments.int("threads", in: 1...512), parallel: parallel,
                                         promptTokens: try arguments.intValue("pp", in: 1...1_000_000),
                                         generatedTokens: try arguments.intValue("tg", in: 0...1_000_000),
                                         seed: try arguments.uint64Value("seed"),
                                         flashAttention: arguments.flag("flash-attn")).run()
            if arguments.flag("json") {
                for row in rows { print(String(decoding: try JSONLinesWriter.makeEncoder().encode(row), as: UTF8.self)) }
            } else {
                printError(PerfInProcess.table(rows))
            }
            return 0
        }
        guard let urlText = arguments.string("model-url") else {
            throw UsageError.conflict("give --model-url URL (a served model) or --model FILE.gguf (in-process throughput)")
        }
        let api = try arguments.choiceValue("api", ["chat", "completions"])
        let settings = PerfSettings(
            api: api, endpoint: "", stream: !arguments.flag("no-stream"), parallel: parallel,
            number: try integers(arguments, "number") ?? [16],
            rates: try arguments.string("rate").map { text in
                try text.split(separator: ",").map { part in
                    guard let value = Double(part) else { throw UsageError.invalidValue(option: "rate", value: text, reason: "expected numbers such as 2,8 or -1") }
                    return value
                }
            },
            duration: try arguments.double("duration", in: 0.001...1e7), warmup: try arguments.intValue("warmup", in: 0...1_000_000),
            maxTokens: try arguments.intValue("max-tokens", in: 1...10_000_000), minTokens: try arguments.int("min-tokens", in: 0...10_000_000),
            ignoreEOS: arguments.flag("ignore-eos"), temperature: try arguments.doubleValue("temperature", in: 0...100),
            extraBody: arguments.string("extra-body"), dataset: "",
            idleTimeout: try arguments.doubleValue("idle-timeout", in: 0.01...86_400),
            requestTimeout: try arguments.doubleValue("timeout", in: 0.01...86_400),
            slo: try arguments.string("slo").map { try PerfSLO(parsing: $0) }, pause: try arguments.doubleValue("pause", in: 0...86_400))
        let dataset = try PerfDataset.parse(name: arguments.string("dataset"), path: arguments.string("dataset-path"),
                                            inputTokens: arguments.string("input-tokens"), tokenizer: arguments.string("tokenizer"),
                                            family: arguments.string("family"))
        InterruptSignal.install()
        let run = try await PerfRun.prepare(
            url: urlText, modelName: arguments.string("model-name"), apiKeyVariable: arguments.string("api-key-env"),
            headers: try headers(arguments),
            settings: settings, dataset: dataset, seed: try arguments.uint64Value("seed"),
            folder: arguments.string("out").map { URL(fileURLWithPath: $0) }, commandLine: CommandLine.arguments,
            showProgress: !arguments.flag("quiet"))
        let outcome = try await run.run()
        printError(outcome.summary.text)
        printError("requests: \(outcome.requestsPath)\nsummary:  \(outcome.summaryPath)\nreport:   \(outcome.reportPath)")
        if outcome.summary.interrupted { return InterruptSignal.exitStatus }
        // A run where nothing succeeded measured nothing: say so in the exit status too.
        return outcome.summary.levels.contains { $0.succeeded > 0 } ? 0 : 1
    }

    /// `--header 'Name: value'` options.
    private static func headers(_ arguments: ParsedArguments) throws -> [String: String] {
        var headers: [String: String] = [:]
        for text in arguments.strings("header") {
            let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains(" "), !text.contains("\r"), !text.contains("\n") else {
                throw UsageError.invalidValue(option: "header", value: text, reason: "expected 'Name: value'")
            }
            headers[parts[0]] = parts[1]
        }
        return headers
    }

    /// A comma list of positive integers.
    private static func integers(_ arguments: ParsedArguments, _ name: String) throws -> [Int]? {
        guard let text = arguments.string(name) else { return nil }
        return try text.split(separator: ",").map { part in
            guard let value = Int(part.trimmingCharacters(in: .whitespaces)), value >= 1 else {
                throw UsageError.invalidValue(option: name, value: text, reason: "expected positive integers such as 1,4,16")
            }
            return value
        }
    }
}
