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

    func eval(_ arguments: [String], out: String) throws -> AssayBinary.Run {
        let run = try AssayBinary.run(["eval", "--model", TestEnvironment.modelPath, "--quiet", "--out", out] + arguments)
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        return run
    }

    @Test func sharedContextScoringEqualsFromScratch() throws {
        let shared = folder(), scratch = folder()
        let common = ["--benchmark", "Corpora/samples/mmlu", "--shots", "2", "--limit", "3"]
        _ = try eval(common, out: shared)
        _ = try eval(common + ["--from-scratch"], out: scratch)
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
    func everySampleEvaluatesEndToEnd(path: String, options: [String], metric: String) throws {
        let out = folder()
        _ = try eval(["--benchmark", path, "--limit", "2"] + options, out: out)
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

    @Test func resumeLosesNothing() throws {
        let full = folder(), cut = folder()
        let common = ["--benchmark", "Corpora/samples/gsm8k/test.jsonl", "--mode", "perplexity", "--chunk", "2"]
        _ = try eval(common, out: full)
        let count = try AssayBinary.interruptedCopy(of: full + "/predictions.jsonl", whole: 2, into: cut, name: "predictions.jsonl")
        #expect(count >= 4)
        let run = try eval(common + ["--resume"], out: cut)
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

    @Test func twinsGiveAGap() throws {
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
        _ = try eval(["--benchmark", "Corpora/samples/mmlu/world_geography_test.csv", "--twins", twins, "--shots", "1"], out: out)
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
}
