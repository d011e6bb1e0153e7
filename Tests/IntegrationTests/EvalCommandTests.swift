import AssayTestSupport
import Foundation
import Testing

/// `assay eval` through the real binary and the real model.
@Suite(.serialized) struct EvalCommandTests {

    func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("assay-eval-\(UUID().uuidString)").path
    }

    func lines(_ folder: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: folder + "/predictions.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    func summary(_ folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json"))
        return try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func eval(_ arguments: [String], out: String) async throws -> AssayBinary.Run {
        let run = try await AssayBinary.run(["eval", "--model", TestEnvironment.modelPath, "--quiet", "--out", out] + arguments)
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        return run
    }

    @Test func sharedContextScoringEqualsFromScratch() async throws {
        let shared = folder(), scratch = folder()
        let common = ["--benchmark", "Corpora/samples/mmlu", "--shots", "2", "--limit", "3"]
        _ = try await eval(common, out: shared)
        _ = try await eval(common + ["--from-scratch"], out: scratch)
        let a = try lines(shared), b = try lines(scratch)
        #expect(a.count == 3 && b.count == 3)
        for (x, y) in zip(a, b) {
            #expect(x["id"] as? String == y["id"] as? String)
            let lx = try #require(x["loglikelihoods"] as? [Double]), ly = try #require(y["loglikelihoods"] as? [Double])
            #expect(lx.count == 4)
            for (p, q) in zip(lx, ly) { #expect(abs(p - q) <= 1e-3) }
        }
    }

    @Test(arguments: [
        ("Corpora/samples/mmlu", ["--shots", "1"], "accuracy"),
        ("Corpora/samples/ceval", ["--shots", "1"], "accuracy"),
        ("Corpora/samples/arc/ARC-Sample-Test.jsonl", [], "accuracy"),
        ("Corpora/samples/hellaswag/val.jsonl", [], "accuracy"),
        ("Corpora/samples/truthfulqa/mc_task.json", [], "accuracy"),
        ("Corpora/samples/truthfulqa/TruthfulQA.csv", ["--max-tokens", "16"], "rougeL"),
        ("Corpora/samples/gsm8k/test.jsonl", ["--shots", "1", "--max-tokens", "24"], "accuracy"),
        ("Corpora/samples/math", ["--max-tokens", "24"], "accuracy"),
        ("Corpora/samples/bbh", ["--cot", "--shots", "1", "--max-tokens", "24"], "accuracy"),
        ("Corpora/samples/qa/qa.jsonl", ["--max-tokens", "16"], "rougeL"),
        ("Corpora/samples/canonical/items.jsonl", ["--max-tokens", "16"], "accuracy"),
        ("Corpora/samples/humaneval/HumanEval.jsonl", ["--max-tokens", "48"], "pass@1"),
        ("Corpora/samples/gsm8k/test.jsonl", ["--mode", "perplexity"], "token_perplexity"),
    ])
    func everySampleEvaluatesEndToEnd(path: String, options: [String], metric: String) async throws {
        let out = folder()
        _ = try await eval(["--benchmark", path, "--limit", "2"] + options, out: out)
        let records = try lines(out)
        #expect(records.count == 2)
        for record in records {
            for field in ["id", "split", "subset", "mode", "prompt", "answer", "metrics"] {
                #expect(record[field] != nil, "\(path): \(field)")
            }
            #expect(record["split"] as? String == "original")
        }
        let original = try #require(try summary(out)["original"] as? [String: Any])
        #expect(original["primary_metric"] as? String == metric)
        #expect((original["metrics"] as? [String: Any])?[metric] != nil)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("Assay evaluation"))
        #expect(FileManager.default.fileExists(atPath: out + "/report.md"))
    }

    @Test func resumeLosesNothing() async throws {
        let full = folder(), cut = folder()
        let common = ["--benchmark", "Corpora/samples/gsm8k/test.jsonl", "--mode", "perplexity", "--chunk", "2"]
        _ = try await eval(common, out: full)
        let count = try AssayBinary.interruptedCopy(of: full + "/predictions.jsonl", whole: 2, into: cut, name: "predictions.jsonl")
        #expect(count >= 4)
        let run = try await eval(common + ["--resume"], out: cut)
        #expect(run.stderr.contains("2 already done"))
        func byID(_ folder: String) throws -> [String: Double] {
            var table: [String: Double] = [:]
            for record in try lines(folder) {
                table[record["id"] as! String] = (record["metrics"] as! [String: Any])["loglikelihood"] as? Double
            }
            return table
        }
        let expected = try byID(full), resumed = try byID(cut)
        #expect(try lines(cut).count == count)
        #expect(Set(expected.keys) == Set(resumed.keys))
        for (id, value) in expected { #expect(abs(value - resumed[id]!) <= 1e-6, "\(id)") }
    }

    @Test func twinsGiveAGap() async throws {
        // Twins of the MMLU geography items whose gold label is moved to another option: the
        // model's choices stay, so the two accuracies differ.
        let rows = [("Which of these is a landlocked country?", ["Portugal", "Mongolia", "Chile", "Japan"], "C", 0),
                    ("Which ocean lies between Africa and Australia?", ["Atlantic", "Arctic", "Indian", "Pacific"], "A", 2),
                    ("Which river flows through the city of Cairo?", ["Nile", "Danube", "Amazon", "Mekong"], "B", 4)]
        var jsonl = ""
        for (question, choices, answer, index) in rows {
            let object: [String: Any] = ["id": "twin/\(index)", "subset": "world_geography", "question": question, "choices": choices,
                                         "answer": answer, "provenance": ["original": "mmlu/world_geography/test/\(index)"]]
            jsonl += String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self) + "\n"
        }
        let twins = try AssayBinary.temporaryFile(jsonl)
        let out = folder()
        _ = try await eval(["--benchmark", "Corpora/samples/mmlu/world_geography_test.csv", "--twins", twins, "--shots", "1"], out: out)
        let records = try lines(out)
        #expect(records.filter { $0["split"] as? String == "twin" }.count == 3)
        let summary = try summary(out)
        let gap = try #require(summary["gap"] as? [String: Any])
        let difference = try #require(gap["difference"] as? [String: Any])
        let original = try #require(gap["original"] as? Double), twin = try #require(gap["twin"] as? Double)
        #expect(abs((difference["value"] as! Double) - (original - twin)) < 1e-12)
        #expect(gap["paired"] as? Bool == true)
        #expect((difference["ci_low"] as! Double) <= (difference["ci_high"] as! Double))
        // The paired originals are the three linked items, scored exactly as the twins' originals.
        let byID = Dictionary(uniqueKeysWithValues: records.map { ("\($0["split"]!)/\($0["id"]!)", $0) })
        let linked = [0, 2, 4].map { byID["original/mmlu/world_geography/test/\($0)"]!["correct"] as! Bool }
        #expect(abs(original - Double(linked.filter { $0 }.count) / 3) < 1e-12)
    }

    /// Ctrl-C after the first chunk: exit 130 with the way to finish, the summary and report of
    /// what finished; --resume does only the rest.
    @Test func ctrlCKeepsWhatFinishedAndResumeCompletes() async throws {
        let out = folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let arguments = ["eval", "--benchmark", "Corpora/samples/gsm8k/test.jsonl", "--mode", "generate", "--max-tokens", "48",
                         "--chunk", "1", "--seqs", "1", "--quiet", "--out", out]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(AssayBinary.path))
        process.arguments = arguments
        process.currentDirectoryURL = TestEnvironment.packageRoot
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try await process.interrupt { ((try? lines(out))?.count ?? 0) >= 1 }
        let reader = errors.fileHandleForReading
        let stderr = try await offPool { String(decoding: reader.readDataToEndOfFile(), as: UTF8.self) }
        #expect(try await process.exitStatus() == 130, "\(stderr)")
        #expect(stderr.contains("interrupted (Ctrl-C)") && stderr.contains("--resume"))
        let kept = try lines(out).count
        let total = try String(contentsOfFile: TestEnvironment.packageRoot.path + "/Corpora/samples/gsm8k/test.jsonl", encoding: .utf8)
            .split(separator: "\n").count
        #expect(kept >= 1 && kept < total)
        #expect(try summary(out)["original"] != nil && FileManager.default.fileExists(atPath: out + "/report.html"))
        let resumed = try await AssayBinary.run(arguments + ["--resume"])
        #expect(resumed.status == 0 && resumed.stderr.contains("evaluated \(total - kept) items, \(kept) already done"), "\(resumed.stderr)")
        #expect(Set(try lines(out).compactMap { $0["id"] as? String }).count == total)
    }

    /// Canonical items, one of them far longer than a 512-token context.
    static func itemsWithOneTooLong() throws -> String {
        let long = String(repeating: "The quick brown fox jumps over the lazy dog. ", count: 300) + "What is 2 plus 2?"
        let items: [[String: Any]] = [
            ["id": "short/0", "question": "What is 6 times 7?", "answer": "42"],
            ["id": "long/1", "question": long, "answer": "4"],
            ["id": "short/2", "question": "What is 15 minus 9?", "answer": "6"],
            ["id": "mc/3", "question": long, "answer": "A", "choices": ["four", "five"]],
        ]
        return try AssayBinary.temporaryFile(items.map { String(decoding: try JSONSerialization.data(withJSONObject: $0, options: .sortedKeys), as: UTF8.self) }
            .joined(separator: "\n") + "\n")
    }

    /// Items longer than the context are recorded as skipped with their id and reason, the
    /// others are evaluated, the summary counts them apart, and the exit code says something
    /// was left out; --strict stops at the first one, naming it.
    @Test func itemsTooLongForTheContextAreSkippedNotFatal() async throws {
        let input = try Self.itemsWithOneTooLong()
        defer { try? FileManager.default.removeItem(atPath: input) }
        let out = folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let common = ["eval", "--model", TestEnvironment.modelPath, "--quiet", "--benchmark", input, "--ctx", "512", "--seqs", "1",
                      "--max-tokens", "8", "--out", out]
        let run = try await AssayBinary.run(common)
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("2 not evaluated (too long for the context"), "\(run.stderr)")
        let records = try lines(out)
        #expect(records.count == 4)
        let skipped = records.filter { $0["skipped"] != nil }
        #expect(Set(skipped.compactMap { $0["id"] as? String }) == ["long/1", "mc/3"])
        #expect(skipped.allSatisfy { ($0["skipped"] as? String)?.contains("but the context holds 512") == true && $0["prediction"] == nil })
        let document = try summary(out)
        #expect((document["skipped"] as? [[String: Any]])?.count == 2)
        let original = try #require(document["original"] as? [String: Any])
        #expect(original["count"] as? Int == 2)
        #expect(try String(contentsOfFile: out + "/report.html", encoding: .utf8).contains("Not evaluated"))

        let strictOut = folder()
        defer { try? FileManager.default.removeItem(atPath: strictOut) }
        let strict = try await AssayBinary.run(Array(common.dropLast()) + [strictOut, "--strict"])
        #expect(strict.status != 0 && ["long/1", "mc/3"].contains { strict.stderr.contains("item \($0): needs") }, "\(strict.stderr)")
    }

    /// generate-text reports a prompt too long for the context as file:line, writes the others,
    /// and exits 1.
    @Test func generateTextSkipsAPromptTooLongForTheContext() async throws {
        let long = String(repeating: "word ", count: 2000)
        let input = try AssayBinary.temporaryFile("{\"id\": \"a\", \"prompt\": \"Once upon a time\"}\n{\"id\": \"b\", \"prompt\": \"\(long)\"}\n")
        defer { try? FileManager.default.removeItem(atPath: input) }
        let run = try await AssayBinary.run(["generate-text", "--model", TestEnvironment.modelPath, "--input", input, "--max-tokens", "4",
                                             "--ctx", "512", "--seqs", "1", "--quiet"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(run.stderr.contains("\(input):2: b: needs"), "\(run.stderr)")
        let ids = run.stdout.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }.compactMap { $0["id"] as? String }
        #expect(ids == ["a"])
    }
}
