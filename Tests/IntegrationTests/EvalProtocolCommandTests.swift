import AssayTestSupport
import Foundation
import Testing

/// `assay eval --protocol` through the real binary and the real model: the run scores what
/// `--dry-run` says it sends, reports the reference's metrics, and records the protocol.
@Suite(.serialized) struct EvalProtocolCommandTests {
    func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("assay-protocol-\(UUID().uuidString)").path
    }

    func jsonLines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    @Test func truthfulQAMC2RunsAsDryRunSaysAndReportsMC2Alone() async throws {
        let dry = folder(), run = folder()
        defer { for path in [dry, run] { try? FileManager.default.removeItem(atPath: path) } }
        let common = ["eval", "--benchmark", "Corpora/samples/truthfulqa/mc_task.json", "--protocol", "truthfulqa_mc2", "--quiet"]
        let planned = try await AssayBinary.run(common + ["--dry-run", "--out", dry])
        #expect(planned.status == 0, "\(planned.stderr)")
        let done = try await AssayBinary.run(common + ["--model", TestEnvironment.modelPath, "--out", run])
        #expect(done.status == 0, "\(done.stderr)")
        let requests = try jsonLines(dry + "/requests.jsonl"), predictions = try jsonLines(run + "/predictions.jsonl")
        #expect(requests.count == predictions.count && !requests.isEmpty)
        for (request, prediction) in zip(requests, predictions) {
            #expect(request["context"] as? String == prediction["prompt"] as? String)
            let continuations = try #require(request["continuations"] as? [String]), choices = try #require(prediction["choices"] as? [String])
            #expect(continuations == choices.map { " " + $0 })
            let metrics = try #require(prediction["metrics"] as? [String: Double])
            #expect(Array(metrics.keys) == ["mc2"] && (0...1).contains(metrics["mc2"]!))
        }
        let summary = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/summary.json"))) as? [String: Any])
        let original = try #require(summary["original"] as? [String: Any])
        #expect(original["primary_metric"] as? String == "mc2")
        let settings = try #require((summary["manifest"] as? [String: Any])?["settings"] as? [String: Any])
        #expect(settings["protocol"] as? String == "truthfulqa_mc2")
        #expect((settings["protocol_reference"] as? String)?.contains("lm-evaluation-harness") == true)
    }

    /// The BBH protocol's requests as lm-eval sends them: 1024 new tokens, its stop strings, the
    /// prompt file's description first; the manifest says the protocol's deliberate difference.
    @Test func bbhDryRunHasTheReferenceLengthAndStops() async throws {
        let out = folder(), files = folder()
        defer { for path in [out, files] { try? FileManager.default.removeItem(atPath: path) } }
        try FileManager.default.createDirectory(atPath: files, withIntermediateDirectories: true)
        let prompts = files + "/boolean_expressions.txt"
        try ("Evaluate a Boolean expression.\n\n" + (0..<3).map {
            "Q: True or \($0 == 0 ? "True" : "False") is\nA: Let's think step by step.\nOne side is True. So the answer is True."
        }.joined(separator: "\n\n") + "\n").write(toFile: prompts, atomically: true, encoding: .utf8)
        let run = try await AssayBinary.run(["eval", "--benchmark", "Corpora/samples/bbh/boolean_expressions.json", "--protocol",
                                             "bbh_cot_fewshot_boolean_expressions", "--fewshot", prompts, "--dry-run", "--quiet", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        let first = try #require(try jsonLines(out + "/requests.jsonl").first)
        #expect(first["max_tokens"] as? Int == 1024 && first["until"] as? [String] == ["</s>", "Q", "\n\n"])
        #expect((first["context"] as? String)?.hasPrefix("Evaluate a Boolean expression.\n\nQ: True or True is\nA: Let's think step by step.\n") == true)
    }

    @Test func optionsTheProtocolFixesAreRefused() async throws {
        let out = folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try await AssayBinary.run(["eval", "--benchmark", "Corpora/samples/mmlu", "--protocol", "mmlu", "--shots", "3",
                                             "--dry-run", "--out", out])
        #expect(run.status == 64)
        #expect(run.stderr.contains("--protocol mmlu fixes what --shots sets"), "\(run.stderr)")
        let unknown = try await AssayBinary.run(["eval", "--benchmark", "Corpora/samples/mmlu", "--protocol", "mmlu_pro", "--dry-run", "--out", out])
        #expect(unknown.status == 64 && unknown.stderr.contains("hellaswag, arc_easy"), "\(unknown.stderr)")
    }
}
