import AssayKit
import AssayTestSupport
import Foundation
import Synchronization
import Testing

/// The HTTP backend against the real llama-server (same pinned llama.cpp source), started on
/// 127.0.0.1 by each test and stopped on every path: what comes back through HTTP equals what
/// the in-process backend computes from the same GGUF file.
///
/// The server runs with the recipe that makes this hold: `-fa off` (the in-process backend
/// turns flash attention off: on the CPU it changes scores by ~0.1 nats), `-no-kvu` (a KV
/// stream per slot) and `--no-jinja` (llama.cpp's built-in chat templates, as in-process; the
/// Jinja engine runs the template's default system prompt).
@Suite(.serialized) struct ServedModelTests {
    static let recipe = ["-fa", "off", "-no-kvu", "--no-jinja"]

    func server(slots: Int = 4, extra: [String] = []) async throws -> LlamaServerProcess {
        try await LlamaServerProcess.start(model: TestEnvironment.modelPath, slots: slots, extra: Self.recipe + extra)
    }

    func served(_ server: LlamaServerProcess, concurrency: Int = 4) async throws -> OpenAIModel {
        try await OpenAIModel.connect(OpenAIModel.Configuration(baseURL: server.baseURL, concurrency: concurrency))
    }

    /// One sequence at a time in-process, as each server slot decodes its request alone.
    func local() throws -> LlamaModel {
        try LlamaModel(ModelConfiguration(path: TestEnvironment.modelPath, sequences: 1))
    }

    @Test func capabilitiesAndProvenanceAreProbed() async throws {
        let server = try await server()
        defer { server.stop() }
        let model = try await served(server)
        #expect(model.capabilities.contains([.generate, .chat, .tokenLogProbs, .greedyTokens, .tokenize]))
        #expect(!model.capabilities.contains(.fullDistribution))
        #expect(model.provenance.backend == "openai-http")
        #expect(model.provenance.endpoint == server.baseURL.absoluteString)
        #expect(throws: ModelCapabilityError.self) { try model.require(.fullDistribution, for: "Min-K%++") }
        let local = try local()
        #expect(try await model.tokenize("Hello world, 你好") == (try local.tokenize("Hello world, 你好")))
        #expect(try await model.detokenize([19556, 905]) == (try local.detokenize([19556, 905])))
    }

    @Test func greedyGenerationsEqualInProcess() async throws {
        let server = try await server()
        defer { server.stop() }
        let model = try await served(server)
        let requests = [
            GenerationRequest(text: "The capital of France is", maxTokens: 24),
            GenerationRequest(text: "Question: What is 12 plus 30?\nAnswer:", maxTokens: 24, stop: ["\n"]),
            GenerationRequest(prompt: .chat(system: "You answer in one sentence.", user: "Why is the sky blue?"), maxTokens: 32),
            GenerationRequest(prompt: .chat([ChatMessage(.user, "写一句关于秋天的话。")]), maxTokens: 20),
        ]
        let http = try await model.generate(requests, progress: nil)
        let inProcess = try local().generateNow(requests)
        for (a, b) in zip(http, inProcess) {
            #expect(a.text == b.text)
            #expect(a.tokens == b.tokens)
            #expect(a.finishReason == b.finishReason)
            for (x, y) in zip(a.logProbs ?? [], b.logProbs ?? []) { #expect(abs(x - y) < 1e-3) }
        }
    }

    @Test func logLikelihoodsEqualInProcess() async throws {
        let server = try await server()
        defer { server.stop() }
        let model = try await served(server)
        let context = "The following are multiple choice questions (with answers).\n\nWhat is 2 + 2?\nA. 3\nB. 4\nC. 5\nAnswer:"
        var requests = ["A", "B", "C"].map { ScoreRequest(text: " " + $0, context: context) }
        requests.append(ScoreRequest(text: "A whole text is scored from its first token, after BOS."))
        requests.append(ScoreRequest(text: "The river rose through the night, and by morning the low fields were under water. "
                                     + "Farmers moved their animals to the hill, and the school opened its doors to families "
                                     + "who had nowhere else to sleep until the water went down."))
        requests.append(ScoreRequest(text: " Paris, the capital.", context: "Question: Where is the Eiffel tower?\nAnswer: "))
        requests.append(ScoreRequest(text: "Paris", context: .chat([ChatMessage(.user, "Name the capital of France.")])))
        let http = try await model.score(requests, progress: nil)
        let inProcess = try local().scoreNow(requests)
        // The first continuation token comes from the prompt's batch, as in-process (agreement
        // ~1e-4 nats); the server decodes the rest one token per step, with other CPU kernels
        // than an in-process scoring batch (measured on AVX2: about 1e-2 nats per token). Those
        // differences can flip a near-tie greedy token (seen on AVX-512: 2 positions of 36), so
        // greedy tokens must agree at the first token and at 9 positions in 10 of the rest: a
        // field read wrong or shifted by one agrees almost nowhere.
        var agreeing = 0, compared = 0
        for (index, (a, b)) in zip(http, inProcess).enumerated() {
            #expect(a.tokens.map(\.token) == b.tokens.map(\.token), "request \(index)")
            #expect(abs(a.tokens[0].logProb - b.tokens[0].logProb) < 3e-4, "request \(index): first token")
            #expect(abs(a.logProbSum - b.logProbSum) < 3e-4 + 2e-2 * Double(a.count - 1), "request \(index): \(a.logProbSum) vs \(b.logProbSum)")
            #expect(a.tokens[0].greedyToken != nil && a.tokens[0].greedyToken == b.tokens[0].greedyToken, "request \(index): first greedy token")
            for (x, y) in zip(a.tokens.dropFirst(), b.tokens.dropFirst()) {
                compared += 1
                if x.greedyToken != nil && x.greedyToken == y.greedyToken { agreeing += 1 }
            }
            #expect(a.tokens.allSatisfy { $0.distribution == nil })
        }
        #expect(compared > 50 && Double(agreeing) >= 0.9 * Double(compared), "greedy tokens agree at \(agreeing) of \(compared) positions")
    }

    @Test func commandsGiveTheSameResultsServedAndInProcess() async throws {
        let server = try await server()
        defer { server.stop() }
        let url = ["--model-url", server.baseURL.absoluteString]
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("assay-served-\(UUID().uuidString)").path
        let jobs: [(name: String, arguments: [String], file: String)] = [
            ("mmlu", ["eval", "--benchmark", "Corpora/samples/mmlu", "--shots", "2", "--limit", "6"], "predictions.jsonl"),
            ("gsm8k", ["eval", "--benchmark", "Corpora/samples/gsm8k/test.jsonl", "--shots", "2", "--cot", "--limit", "2",
                       "--max-tokens", "64"], "predictions.jsonl"),
            ("robust", ["robust", "--benchmark", "Corpora/samples/mmlu", "--shots", "1", "--limit", "4", "--kinds",
                        "shuffle_options,typos:0.1"], "results.jsonl"),
            ("attack", ["attack", "--count", "1", "--max-tokens", "24", "--language", "en"], "results.jsonl"),
        ]
        for job in jobs {
            let served = try await AssayBinary.run(job.arguments + url + ["--quiet", "--out", "\(root)/\(job.name)-http"])
            let local = try await AssayBinary.run(job.arguments + ["--seqs", "1", "--quiet", "--out", "\(root)/\(job.name)-local"])
            try #require(served.status == 0 && local.status == 0, "\(job.name): \(served.stderr) \(local.stderr)")
            let a = try records("\(root)/\(job.name)-http/\(job.file)"), b = try records("\(root)/\(job.name)-local/\(job.file)")
            #expect(a.count == b.count && !a.isEmpty, "\(job.name)")
            for (x, y) in zip(a, b) {
                for field in ["id", "prediction", "correct", "output", "success"] {
                    #expect(x[field].map(String.init(describing:)) == y[field].map(String.init(describing:)), "\(job.name) \(field)")
                }
                for (p, q) in zip(x["loglikelihoods"] as? [Double] ?? [], y["loglikelihoods"] as? [Double] ?? []) {
                    #expect(abs(p - q) < 3e-4, "\(job.name): \(p) vs \(q)")
                }
            }
            let manifest = try summaryManifest("\(root)/\(job.name)-http")
            #expect((manifest["model"] as? [String: Any])?["backend"] as? String == "openai-http")
        }
    }

    @Test func anAuditThroughHTTPSaysWhichSignalsItSkipped() async throws {
        let server = try await server()
        defer { server.stop() }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("assay-served-audit-\(UUID().uuidString)").path
        // The English items: llama-server cannot score tokens that split a Chinese character.
        let items = try String(contentsOfFile: TestEnvironment.packageRoot.path + "/Corpora/samples/audit/items.jsonl", encoding: .utf8)
            .split(separator: "\n").filter { !$0.contains("-zh/") }.joined(separator: "\n")
        let english = try AssayBinary.temporaryFile(items + "\n")
        let run = try await AssayBinary.run(["audit", "--benchmark", english, "--quiet", "--out", out,
                                       "--model-url", server.baseURL.absoluteString])
        try #require(run.status == 0, "\(run.stderr)")
        let settings = try #require(try summaryManifest(out)["settings"] as? [String: Any])
        let skipped = try #require(settings["skipped_signals"] as? [String])
        #expect(skipped.contains { $0.hasPrefix("min_k_pp") } && !skipped.contains { $0.hasPrefix("ngram_acc") })
        let results = try records(out + "/items.jsonl")
        #expect(!results.isEmpty)
        // A result line carries its signals at the top level.
        #expect(results.allSatisfy { $0["min_k_pp"] == nil && $0["ppl"] is NSNumber })
        #expect(results.allSatisfy { $0["ngram_acc"] is NSNumber })
    }

    @Test func aTokenInsideACharacterIsRefusedClearly() async throws {
        let server = try await server()
        defer { server.stop() }
        let model = try await served(server)
        await #expect(throws: OpenAIModelError.self) {
            _ = try await model.score([ScoreRequest(text: "小明有三个苹果，吃了一个。")], progress: nil)
        }
    }

    @Test func theAPIKeyIsSentAndNeverWritten() async throws {
        let key = "sk-assay-test-\(UUID().uuidString)"
        let server = try await server(extra: ["--api-key", key])
        defer { server.stop() }
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("assay-served-key-\(UUID().uuidString)").path
        setenv("ASSAY_TEST_KEY", key, 1)
        setenv("ASSAY_TEST_WRONG_KEY", "sk-wrong-\(UUID().uuidString)", 1)
        let arguments = ["eval", "--benchmark", "Corpora/samples/mmlu", "--limit", "2", "--quiet", "--out", out,
                         "--model-url", server.baseURL.absoluteString, "--response-cache", out + "/cache.jsonl"]
        let refused = try await AssayBinary.run(arguments + ["--api-key-env", "ASSAY_TEST_WRONG_KEY"])
        #expect(refused.status != 0 && refused.stderr.contains("401"), "\(refused.stderr)")
        #expect(!refused.stderr.contains(ProcessInfo.processInfo.environment["ASSAY_TEST_WRONG_KEY"]!))
        let run = try await AssayBinary.run(arguments + ["--api-key-env", "ASSAY_TEST_KEY"])
        try #require(run.status == 0, "\(run.stderr)")
        #expect(!(run.stdout + run.stderr).contains(key))
        for file in try FileManager.default.subpathsOfDirectory(atPath: out) {
            let text = (try? String(contentsOfFile: out + "/" + file, encoding: .utf8)) ?? ""
            #expect(!text.contains(key), "\(file) holds the key")
        }
        #expect(try String(contentsOfFile: out + "/summary.json", encoding: .utf8).contains("ASSAY_TEST_KEY"))
    }

    @Test func aServerKilledMidRunLosesNothingOnResume() async throws {
        let first = try await server(slots: 2)
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("assay-served-kill-\(UUID().uuidString).jsonl").path
        let prompts = (0..<40).map { "{\"id\": \"p\($0)\", \"prompt\": \"Count from \($0) to \($0 + 30):\"}" }.joined(separator: "\n")
        let input = try AssayBinary.temporaryFile(prompts + "\n")
        let arguments = ["generate-text", "--input", input, "--output", out, "--max-tokens", "48", "--quiet", "--concurrency", "2"]
        // Kill the server as soon as the first lines are written, from a thread of its own: a
        // task on the cooperative pool can be starved by other suites until the run is over.
        let killed = Atomic<Bool>(false)
        Thread.detachNewThread {
            for _ in 0..<6000 {
                if let text = try? String(contentsOfFile: out, encoding: .utf8), text.contains("\n") { break }
                usleep(5_000)
            }
            first.kill9()
            killed.store(true, ordering: .sequentiallyConsistent)
        }
        let broken = try await AssayBinary.run(arguments + ["--model-url", first.baseURL.absoluteString])
        while !killed.load(ordering: .sequentiallyConsistent) { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(broken.status != 0)
        #expect(broken.stderr.contains("no server at") || broken.stderr.contains("127.0.0.1"), "\(broken.stderr)")
        let done = try records(out).count
        #expect(done > 0 && done < 40, "the run stopped part way: \(done) lines")
        let second = try await server(slots: 2)
        defer { second.stop() }
        let resumed = try await AssayBinary.run(arguments + ["--resume", "--model-url", second.baseURL.absoluteString])
        try #require(resumed.status == 0, "\(resumed.stderr)")
        let ids = try records(out).compactMap { $0["id"] as? String }
        #expect(ids.count == 40 && Set(ids).count == 40)
    }

    func records(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    func summaryManifest(_ folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json"))
        let summary = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(summary["manifest"] as? [String: Any])
    }
}
