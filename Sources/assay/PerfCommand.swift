import AssayCLI
import AssayKit
import Foundation

enum PerfCommand: AssayCommand {
    static let header = RepeatedOption<String>("header", "'NAME: VALUE'", help: "An extra header sent with every request (repeatable).")
    static let api = Option<String>("api", "KIND", default: "chat", among: ["chat", "completions"], help: "chat (/chat/completions, the prompt as a user message) or completions (/completions, the raw prompt).")
    static let parallel = Option<String>("parallel", "LIST", default: "1", help: "Closed loop: most requests in flight, one level per value (e.g. 1,4,16). With --rate: one cap.")
    static let number = Option<String>("number", "LIST", default: "16", help: "Requests per level: one value, or one per level.")
    static let rate = Option<String?>("rate", "LIST", help: "Open loop instead: Poisson arrivals at R requests/s (seeded), one level per value; -1 sends all at once.")
    static let duration = Option<Double?>("duration", "S", in: 0.001...1e7, help: "Stop sending after S seconds per level (those in flight finish).")
    static let warmup = Option<Int>("warmup", default: 0, in: 0...1_000_000, help: "Requests sent before each level, left out of its metrics.")
    static let maxTokens = Option<Int>("max-tokens", default: 128, in: 1...10_000_000, help: "max_tokens of every request.")
    static let minTokens = Option<Int?>("min-tokens", in: 0...10_000_000, help: "min_tokens of every request (vLLM, SGLang).")
    static let ignoreEOS = Flag("ignore-eos", help: "Send ignore_eos: true (vLLM, SGLang, llama-server): every answer runs to --max-tokens.")
    static let noStream = Flag("no-stream", help: "Ask for whole answers instead of event streams (TTFT then equals the latency).")
    static let temperature = Option<Double>("temperature", "T", default: 0, in: 0...100, help: "Sampling temperature sent.")
    static let extraBody = Option<String?>("extra-body", "JSON", help: "A JSON object merged into every request body.")
    static let dataset = Option<String>("dataset", "NAME", default: "bundled", help: "Prompts: bundled[:short,long,zh] (Corpora/perf), line_by_line (--dataset-path), random (--input-tokens), fresh (--family).")
    static let datasetPath = Option<String?>("dataset-path", "FILE", help: "line_by_line: a text file, one prompt per line.")
    static let inputTokens = Option<String>("input-tokens", "N±M", default: "128", help: "random: prompt lengths in tokens, uniform in N-M..N+M, exact (e.g. 512±64 or 512+-64).")
    static let tokenizer = Option<String?>("tokenizer", "GGUF", help: "random: count tokens with this GGUF's tokenizer instead of the server's /tokenize.")
    static let family = Option<String?>("family", "NAME", help: "fresh: the template or family whose questions are the prompts (assay generate --list).")
    static let slo = Option<String?>("slo", "SPEC", help: "Goodput objectives, e.g. ttft=0.5,tpot=50ms,e2e=10 (seconds unless ms).")
    static let idleTimeout = Option<Double>("idle-timeout", "S", default: 60, in: 0.01...86_400, help: "A request fails as stalled after S seconds without a byte.")
    static let timeout = Option<Double>("timeout", "S", default: 600, in: 0.01...86_400, help: "A request fails after S seconds in all.")
    static let pause = Option<Double>("pause", "S", default: 0, in: 0...86_400, help: "Seconds to wait between levels.")
    static let seed = Option<UInt64>("seed", "S", default: 0, help: "Seed of the arrivals and of random and fresh prompts.")
    static let out = Option<String?>("out", "DIR", help: "Output folder (default: a new perf-DATE folder under the current one).")
    static let model = Option<String?>("model", "PATH", help: "In-process mode instead of --model-url: a GGUF's prompt and generation tokens/s at each --parallel (llama-batched-bench's table).")
    static let promptTokens = Option<Int>("pp", default: 128, in: 1...1_000_000, help: "In-process: prompt tokens per sequence.")
    static let generatedTokens = Option<Int>("tg", default: 128, in: 0...1_000_000, help: "In-process: generated tokens per sequence.")
    static let threads = Option<Int?>("threads", in: 1...512, help: "In-process: decoding threads, fixed (default: the cores other processes leave free, rechecked every half second).")
    static let flashAttention = Flag("flash-attn", help: "In-process: use llama.cpp's flash attention (llama-batched-bench's default; Assay's commands keep it off for exact scores).")
    static let json = Flag("json", help: "In-process: print the rows as JSON lines on stdout.")

    static let spec = CommandSpec(
        name: "perf",
        abstract: "Measure a served model's speed under controlled load (TTFT, TPOT, ITL, latency, throughput, goodput), or a GGUF's in-process throughput.",
        options: ModelOptions.endpointSpecs + [OptionSpec]([
            header, api, parallel, number, rate, duration, warmup, maxTokens, minTokens, ignoreEOS, noStream, temperature, extraBody,
            dataset, datasetPath, inputTokens, tokenizer, family, slo, idleTimeout, timeout, pause, seed, out, CommonOptions.quiet,
            model, promptTokens, generatedTokens, threads, flashAttention, json,
        ]),
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
        let parallel = try integers(arguments, parallel)
        if let path = try arguments[model] {
            if arguments.has(ModelOptions.modelURL) { throw UsageError.conflict("give --model (in-process) or --model-url (a server), not both") }
            let rows = try PerfInProcess(path: path, threads: try arguments[threads], parallel: parallel,
                                         promptTokens: try arguments[promptTokens], generatedTokens: try arguments[generatedTokens],
                                         seed: try arguments[seed], flashAttention: arguments[flashAttention]).run()
            if arguments[json] {
                for row in rows { print(String(decoding: try JSONLinesWriter.makeEncoder().encode(row), as: UTF8.self)) }
            } else {
                printError(PerfInProcess.table(rows))
            }
            return 0
        }
        guard let urlText = try arguments[ModelOptions.modelURL] else {
            throw UsageError.conflict("give --model-url URL (a served model) or --model FILE.gguf (in-process throughput)")
        }
        let settings = PerfSettings(
            api: try arguments[api], endpoint: "", stream: !arguments[noStream], parallel: parallel,
            number: try integers(arguments, number),
            rates: try arguments[rate].map { text in
                try text.split(separator: ",").map { part in
                    guard let value = Double(part) else { throw UsageError.invalidValue(option: "rate", value: text, reason: "expected numbers such as 2,8 or -1") }
                    return value
                }
            },
            duration: try arguments[duration], warmup: try arguments[warmup],
            maxTokens: try arguments[maxTokens], minTokens: try arguments[minTokens],
            ignoreEOS: arguments[ignoreEOS], temperature: try arguments[temperature],
            extraBody: try arguments[extraBody], dataset: "",
            idleTimeout: try arguments[idleTimeout], requestTimeout: try arguments[timeout],
            slo: try arguments[slo].map { try PerfSLO(parsing: $0) }, pause: try arguments[pause])
        let dataset = try PerfDataset.parse(name: try arguments[dataset], path: try arguments[datasetPath],
                                            inputTokens: try arguments[inputTokens], tokenizer: try arguments[tokenizer],
                                            family: try arguments[family])
        InterruptSignal.install()
        let run = try await PerfRun.prepare(
            url: urlText, modelName: try arguments[ModelOptions.modelName], apiKeyVariable: try arguments[ModelOptions.apiKeyVariable],
            headers: try headers(arguments),
            settings: settings, dataset: dataset, seed: try arguments[seed],
            folder: try arguments[out].map { URL(fileURLWithPath: $0) }, commandLine: CommandLine.arguments,
            showProgress: !arguments[CommonOptions.quiet])
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
        for text in try arguments[header] {
            let parts = text.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[0].contains(" "), !text.contains("\r"), !text.contains("\n") else {
                throw UsageError.invalidValue(option: "header", value: text, reason: "expected 'Name: value'")
            }
            headers[parts[0]] = parts[1]
        }
        return headers
    }

    /// The option's comma list of positive integers.
    private static func integers(_ arguments: ParsedArguments, _ option: Option<String>) throws -> [Int] {
        let text = try arguments[option]
        return try text.split(separator: ",").map { part in
            guard let value = Int(part.trimmingCharacters(in: .whitespaces)), value >= 1 else {
                throw UsageError.invalidValue(option: option.spec.name, value: text, reason: "expected positive integers such as 1,4,16")
            }
            return value
        }
    }
}
