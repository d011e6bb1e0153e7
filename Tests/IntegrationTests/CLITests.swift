import Foundation
import Testing

/// The real `assay` binary, as a user runs it.
@Suite(.serialized) struct CLITests {
    func assay(_ arguments: [String]) async throws -> AssayBinary.Run { try await AssayBinary.run(arguments) }

    func temporaryFile(_ text: String, suffix: String = ".jsonl") throws -> String {
        try AssayBinary.temporaryFile(text, suffix: suffix)
    }

    @Test func usageErrorsExitWith64AndAUsageLine() async throws {
        let none = try await assay([])
        #expect(none.status == 64)
        let unknownCommand = try await assay(["frobnicate"])
        #expect(unknownCommand.status == 64)
        #expect(unknownCommand.stderr.contains("unknown command 'frobnicate'"))
        let unknownFlag = try await assay(["score", "--input", "x.jsonl", "--bogus"])
        #expect(unknownFlag.status == 64)
        #expect(unknownFlag.stderr.contains("unknown option '--bogus'"))
        #expect(unknownFlag.stderr.contains("usage: assay score"))
        let missingValue = try await assay(["score", "--input"])
        #expect(missingValue.status == 64)
        #expect(missingValue.stderr.contains("'--input' needs a value"))
        let missingRequired = try await assay(["score"])
        #expect(missingRequired.status == 64)
        let badNumber = try await assay(["generate-text", "--prompt", "x", "--max-tokens", "many"])
        #expect(badNumber.status == 64)
    }

    @Test func everyCommandHasHelp() async throws {
        let top = try await assay(["--help"])
        #expect(top.status == 0)
        for command in ["info", "score", "generate-text", "generate", "perturb", "twin", "convert", "overlap", "audit",
                        "eval", "robust", "attack", "perf", "arena", "compare"] {
            #expect(top.stdout.contains(command))
            let help = try await assay([command, "--help"])
            #expect(help.status == 0, "\(command) --help")
            #expect(help.stdout.contains("USAGE: assay \(command)"))
        }
    }

    /// Summaries go to stderr in every command (stdout is for data), and the old option names
    /// still work: overlap's `--threads` is now `--workers`, twin's `--input` is `--benchmark`.
    @Test func summariesGoToStderrAndOldNamesStillWork() async throws {
        let out = NSTemporaryDirectory() + "assay-ov-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: out) }
        let overlap = try await assay(["overlap", "--benchmark", "Corpora/samples/audit/items.jsonl", "--corpus", "Corpora/reference",
                                       "--threads", "1", "--quiet", "--out", out])
        #expect(overlap.status == 0, "\(overlap.stderr)")
        #expect(overlap.stdout.isEmpty && overlap.stderr.contains("items: 30"))
        let twin = try await assay(["twin", "--input", "Corpora/samples/gsm8k/test.jsonl", "--seed", "1"])
        #expect(twin.status == 0 && twin.stdout.split(separator: "\n").count == 6, "\(twin.stderr)")
    }

    @Test func scoreWritesOneLinePerGoodItemAndReportsBadLines() async throws {
        let input = try temporaryFile("""
        {"id": "a", "text": "The cat sat on the mat."}
        {"id": "b", "text": "Water is wet."
        {"id": "c", "text": "Two plus two is four."}
        """)
        defer { try? FileManager.default.removeItem(atPath: input) }
        let run = try await assay(["score", "--input", input])
        #expect(run.status == 1, "a skipped line gives exit code 1, in every command")
        #expect(run.stderr.contains("\(input):2: not valid JSON"))
        let lines = run.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            let n = object["n_tokens"] as! Int
            let sum = object["logprob_sum"] as! Double
            let ppl = object["ppl"] as! Double
            #expect(n > 3)
            #expect(abs(ppl - exp(-sum / Double(n))) < 1e-6 * ppl)
        }
        let strict = try await assay(["score", "--input", input, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("\(input):2: not valid JSON"))
    }

    @Test func scoreResumeSkipsFinishedIds() async throws {
        let input = try temporaryFile((1...6).map { "{\"id\": \"t\($0)\", \"text\": \"Sentence number \($0) is here.\"}" }.joined(separator: "\n"))
        let output = input + ".out"
        defer { for p in [input, output] { try? FileManager.default.removeItem(atPath: p) } }
        // A run that was cut after three items.
        let full = try await assay(["score", "--input", input, "--output", output])
        #expect(full.status == 0)
        let all = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        try (all.prefix(3).joined(separator: "\n") + "\n").write(toFile: output, atomically: true, encoding: .utf8)
        let resumed = try await assay(["score", "--input", input, "--output", output, "--resume"])
        #expect(resumed.status == 0)
        #expect(resumed.stderr.contains("3 already done"))
        let after = try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n")
        #expect(after == all)
    }

    @Test func plainLinesAndMissingFiles() async throws {
        let input = try temporaryFile("first line of text\nsecond line of text\n", suffix: ".txt")
        defer { try? FileManager.default.removeItem(atPath: input) }
        let run = try await assay(["score", "--input", input, "--lines"])
        #expect(run.status == 0)
        #expect(run.stdout.contains("\"id\":\"1\"") && run.stdout.contains("\"id\":\"2\""))
        let missing = try await assay(["score", "--input", "/nonexistent/file.jsonl"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/file.jsonl: no such file"))
        let badModel = try await assay(["info", "--model", input])
        #expect(badModel.status == 1)
        #expect(badModel.stderr.contains("not a GGUF model file"))
    }

    @Test func generateTextIsReproducible() async throws {
        let a = try await assay(["generate-text", "--prompt", "The capital of France is", "--max-tokens", "8"])
        let b = try await assay(["generate-text", "--prompt", "The capital of France is", "--max-tokens", "8"])
        #expect(a.status == 0)
        #expect(!a.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty)
        #expect(a.stdout == b.stdout)
        let input = try temporaryFile("{\"id\": \"p1\", \"prompt\": \"One, two,\"}\n{\"id\": \"p2\", \"prompt\": \"Red, green,\"}\n")
        defer { try? FileManager.default.removeItem(atPath: input) }
        let file = try await assay(["generate-text", "--input", input, "--max-tokens", "6", "--temperature", "0.8", "--seed", "3"])
        #expect(file.status == 0)
        let lines = file.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].contains("\"id\":\"p1\"") && lines[0].contains("\"finish_reason\""))
    }

    @Test func infoDescribesTheModel() async throws {
        let run = try await assay(["info", "--json"])
        #expect(run.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as! [String: Any]
        #expect((object["gguf"] as? [String: Any])?["vocabularySize"] as? Int == 49152)
        #expect((object["provenance"] as? [String: Any])?["backend"] as? String == "llama.cpp")
        #expect((object["capabilities"] as? [String])?.contains("full next-token distribution") == true)
    }

    @Test func familiesAndTwinsThroughTheCLI() async throws {
        let items = try await assay(["generate", "--family", "web-of-lies", "--level", "2", "--count", "5", "--seed", "4"])
        #expect(items.status == 0)
        #expect(items.stdout.split(separator: "\n").count == 5)
        let input = try temporaryFile(items.stdout)
        defer { try? FileManager.default.removeItem(atPath: input) }
        let twins = try await assay(["twin", "--input", input, "--seed", "1"])
        #expect(twins.status == 0)
        #expect(twins.stderr.contains("twinned 5 of 5 items (5 by family)"))
        for line in twins.stdout.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            #expect((object["id"] as! String).hasSuffix("~twin"))
            #expect((object["provenance"] as! [String: Any])["perturbations"] as? [String] == ["twin:family"])
        }
        let unknown = try await assay(["generate", "--family", "no-such-family"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("navigate") && unknown.stderr.contains("shopping-en"))
        let missing = try await assay(["twin", "--input", "/nonexistent.jsonl"])
        #expect(missing.status == 1)
    }

    /// One item and one twin cannot calibrate anything: the verdict says so and how many are needed.
    @Test func anAuditOfOneItemIsInsufficient() async throws {
        let items = try temporaryFile(#"{"id":"a","question":"Tom has 3 apples and buys 4 more. How many now?","answer":"7"}"# + "\n")
        let twins = try temporaryFile(#"{"id":"t","question":"Ann has 2 pears and buys 5 more. How many now?","answer":"7"}"# + "\n")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("assay-audit-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try await assay(["audit", "--benchmark", items, "--twins", twins, "--quiet", "--out", out])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.hasPrefix("insufficient (the likelihood evidence needs") && run.stderr.contains("needs at least 10 items and 20 twins, has 1 and 1"))
        let summary = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))) as? [String: Any])
        #expect(summary["verdict"] as? String == "insufficient")
    }

    /// ASSAY_HOME naming a folder without the data is an error that says what it must hold.
    @Test func anAssayHomeWithoutItsDataIsAnError() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("assay-home-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: empty) }
        let run = try await AssayBinary.run(["generate", "--list"], environment: ["ASSAY_HOME": empty])
        #expect(run.status == 1 && run.stderr.contains("ASSAY_HOME must name a folder holding both"), "\(run.stderr)")
        #expect(try await AssayBinary.run(["generate", "--list"], environment: ["ASSAY_HOME": TestEnvironment.packageRoot.path]).status == 0)
    }
}
