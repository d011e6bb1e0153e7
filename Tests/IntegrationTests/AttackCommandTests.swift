import Foundation
import Testing

/// `assay attack` through the real binary and the real model: every suite end to end, the
/// documented fields, rates in [0, 1], and resume.
@Suite(.serialized) struct AttackCommandTests {

    func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("assay-attack-\(UUID().uuidString)").path
    }

    func lines(_ folder: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: folder + "/results.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    func attack(_ arguments: [String], out: String) async throws -> AssayBinary.Run {
        let run = try await AssayBinary.run(["attack", "--model", TestEnvironment.modelPath, "--quiet", "--out", out] + arguments)
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        return run
    }

    func checkRate(_ value: Any?, _ label: String) throws {
        let rate = try #require(value as? [String: Any], "\(label)")
        let asr = try #require(rate["asr"] as? Double), refusal = try #require(rate["refusal_rate"] as? Double)
        let ci = try #require(rate["asr_ci"] as? [Double])
        #expect((0...1).contains(asr) && (0...1).contains(refusal), "\(label)")
        #expect(ci.count == 2 && ci[0] <= asr && asr <= ci[1] && ci[0] >= 0 && ci[1] <= 1, "\(label)")
        let n = try #require(rate["n"] as? Int), successes = try #require(rate["successes"] as? Int)
        #expect(abs(asr - Double(successes) / Double(n)) < 1e-12, "\(label)")
    }

    @Test func everySuiteRunsEndToEnd() async throws {
        let out = folder()
        _ = try await attack(["--count", "1", "--max-tokens", "12"], out: out)
        let records = try lines(out)
        #expect(records.count == 16)
        for record in records {
            for field in ["id", "category", "suite", "language", "prompt", "output", "success", "detector", "target", "refused", "note"] {
                #expect(record[field] != nil, "\(record["id"] ?? "?"): \(field)")
            }
            let success = try #require(record["success"] as? Bool)
            let output = try #require(record["output"] as? String)
            if success {
                let evidence = try #require(record["evidence"] as? String)
                #expect(output.contains(evidence))
            }
        }
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/summary.json"))
        let summary = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        try checkRate(summary["overall"], "overall")
        let categories = try #require(summary["categories"] as? [String: Any])
        #expect(Set(categories.keys) == ["goal_hijacking", "prompt_leaking", "role_play", "instruction_induction",
                                         "indirect_injection", "reverse_exposure", "unsafe_premise"])
        for (name, rate) in categories {
            try checkRate(rate, name)
            let mine = records.filter { $0["category"] as? String == name }
            #expect((rate as? [String: Any])?["n"] as? Int == mine.count)
            #expect((rate as? [String: Any])?["successes"] as? Int == mine.filter { $0["success"] as? Bool == true }.count)
        }
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("Assay adversarial-instruction report"))
        #expect(FileManager.default.fileExists(atPath: out + "/report.md"))
    }

    @Test func resumeFinishesATornRunWithTheSamePrompts() async throws {
        let full = folder(), cut = folder()
        let common = ["--suite", "goal_hijacking", "--count", "2", "--max-tokens", "8", "--seed", "4"]
        _ = try await attack(common, out: full)
        #expect(try AssayBinary.interruptedCopy(of: full + "/results.jsonl", whole: 1, into: cut, name: "results.jsonl") == 4)
        let run = try await attack(common + ["--resume"], out: cut)
        #expect(run.stderr.contains("1 already done"))
        let expected = try lines(full), resumed = try lines(cut)
        #expect(resumed.count == 4)
        let prompts = { (records: [[String: Any]]) in Dictionary(uniqueKeysWithValues: records.map { ($0["id"] as! String, $0["prompt"] as! String) }) }
        #expect(prompts(expected) == prompts(resumed))
    }

    @Test func listNeedsNoModel() async throws {
        let run = try await AssayBinary.run(["attack", "--list"])
        #expect(run.status == 0)
        #expect(run.stdout.split(separator: "\n").count == 16)
        #expect(try await AssayBinary.run(["attack", "--suite", "no-such-suite", "--list"]).status == 0)
        #expect(try await AssayBinary.run(["attack", "--suite", "no-such-suite", "--model", TestEnvironment.modelPath]).status == 64)
    }
}
