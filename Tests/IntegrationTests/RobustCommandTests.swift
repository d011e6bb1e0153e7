import Foundation
import Testing

/// `assay robust` through the real binary and the real model, on the bundled samples: the
/// documented fields, rates in [0, 1] that agree with the results lines, and resume.
@Suite(.serialized) struct RobustCommandTests {
    typealias Object = [String: Any]

    func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("assay-robust-\(UUID().uuidString)").path
    }

    func lines(_ folder: String) throws -> [Object] {
        let text = try String(contentsOfFile: folder + "/results.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? Object) }
    }

    func summary(_ folder: String) throws -> Object {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json"))
        return try #require(JSONSerialization.jsonObject(with: data) as? Object)
    }

    func robust(_ arguments: [String], out: String) async throws -> AssayBinary.Run {
        let run = try await AssayBinary.run(["robust", "--model", TestEnvironment.modelPath, "--quiet", "--out", out] + arguments)
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        return run
    }

    /// A rate object {value, stderr, ci_low, ci_high} within [0, 1], value inside its interval.
    func rate(_ value: Any?, _ what: String) throws -> Double {
        let object = try #require(value as? Object, "\(what)")
        let v = try #require(object["value"] as? Double), low = try #require(object["ci_low"] as? Double)
        let high = try #require(object["ci_high"] as? Double)
        #expect((0...1).contains(v) && (0...1).contains(low) && (0...1).contains(high), "\(what)")
        #expect(low <= v + 1e-12 && v <= high + 1e-12, "\(what)")
        return v
    }

    func share(_ flags: [Bool]) -> Double { Double(flags.filter { $0 }.count) / Double(flags.count) }

    @Test func multipleChoiceWithCircularEval() async throws {
        let out = folder()
        _ = try await robust(["--benchmark", "Corpora/samples/mmlu/world_geography_test.csv", "--shots", "1", "--limit", "3",
                        "--kinds", "shuffle_options,typos:0.1", "--circular", "--chunk", "8"], out: out)
        let records = try lines(out)
        for record in records {
            for field in ["id", "variant", "item_id", "subset", "mode", "prompt", "answer", "gold_position", "prediction", "correct"] {
                #expect(record[field] != nil, "\(field) in \(record["item_id"] ?? "?")")
            }
            let letter = ["A", "B", "C", "D"][record["gold_position"] as! Int]
            #expect(record["answer"] as? String == letter)
            #expect((record["rotation"] != nil) == (record["variant"] as? String == "circular"))
        }
        let byVariant = Dictionary(grouping: records) { $0["variant"] as! String }
        let originals = Dictionary(uniqueKeysWithValues: byVariant["original", default: []].map { ($0["id"] as! String, $0["correct"] as! Bool) })
        #expect(originals.count == 3)
        #expect(byVariant["circular"]?.count == 9)

        let summary = try summary(out)
        let kinds = try #require(summary["kinds"] as? [Object])
        #expect(kinds.map { $0["kind"] as? String } == ["shuffle_options", "typos:0.1"])
        for kind in kinds {
            let name = kind["kind"] as! String
            let variant = byVariant[name, default: []]
            #expect(kind["n"] as? Int == variant.count && (kind["skipped"] as! Int) + variant.count == 3)
            #expect(kind.keys.contains("pdr"))
            let before = variant.map { originals[$0["id"] as! String]! }, after = variant.map { $0["correct"] as! Bool }
            #expect(abs(try rate(kind["acc_original"], name) - share(before)) < 1e-12)
            #expect(abs(try rate(kind["acc_perturbed"], name) - share(after)) < 1e-12)
            #expect(abs(try rate(kind["consistency"], name) - share(zip(before, after).map { $0 == $1 })) < 1e-12)
            if let pdr = (kind["pdr"] as? Object)?["value"] as? Double { #expect(abs(pdr - (1 - share(after) / share(before))) < 1e-12) }
        }

        let circular = try #require(summary["circular"] as? Object)
        #expect(circular["n"] as? Int == 3 && circular["answers"] as? Int == 12)
        let positions = try #require(circular["by_gold_position"] as? [Object])
        #expect(positions.map { $0["label"] as? String } == ["A", "B", "C", "D"] && positions.allSatisfy { $0["n"] as? Int == 3 })
        let allRight = originals.map { id, right in right && byVariant["circular"]!.filter { $0["id"] as? String == id }.allSatisfy { $0["correct"] as! Bool } }
        let circularAccuracy = try rate(circular["circular_accuracy"], "circular")
        #expect(abs(circularAccuracy - share(allRight)) < 1e-12)
        let rotationZero = try rate(circular["original_accuracy"], "rotation 0"), mean = try rate(circular["mean_accuracy"], "mean")
        #expect(circularAccuracy <= rotationZero && circularAccuracy <= mean)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("Assay robustness") && html.contains("CircularEval"))
        #expect(FileManager.default.fileExists(atPath: out + "/report.md"))
    }

    @Test func generatedAnswersCountWhatAKindCannotPerturb() async throws {
        let out = folder()
        _ = try await robust(["--benchmark", "Corpora/samples/gsm8k/test.jsonl", "--limit", "2", "--max-tokens", "24",
                        "--kinds", "shuffle_options,distractor"], out: out)
        let kinds = try #require(try summary(out)["kinds"] as? [Object])
        let shuffle = try #require(kinds.first)
        #expect(shuffle["n"] as? Int == 0 && shuffle["skipped"] as? Int == 2 && shuffle["pdr"] is NSNull)
        let distractor = kinds[1]
        #expect(distractor["n"] as? Int == 2)
        _ = try rate(distractor["consistency"], "distractor")
        #expect(try lines(out).allSatisfy { $0["mode"] as? String == "generate" && $0["output"] != nil })
    }

    @Test func resumeLosesNothing() async throws {
        let full = folder(), cut = folder()
        let common = ["--benchmark", "Corpora/samples/arc/ARC-Sample-Test.jsonl", "--limit", "3", "--kinds", "typos",
                      "--circular", "--chunk", "2"]
        _ = try await robust(common, out: full)
        let count = try AssayBinary.interruptedCopy(of: full + "/results.jsonl", whole: 3, into: cut, name: "results.jsonl")
        #expect(count == 15)
        let run = try await robust(common + ["--resume"], out: cut)
        #expect(run.stderr.contains("3 already done"))
        func outcomes(_ folder: String) throws -> [String: Bool] {
            var table: [String: Bool] = [:]
            for record in try lines(folder) {
                table["\(record["variant"]!)/\(record["rotation"] ?? "")/\(record["id"]!)"] = record["correct"] as? Bool
            }
            return table
        }
        #expect(try lines(cut).count == count)
        #expect(try outcomes(cut) == outcomes(full))
        let a = try summary(full), b = try summary(cut)
        #expect((a["kinds"] as? [Object])?.first?["consistency"] as? NSDictionary == (b["kinds"] as? [Object])?.first?["consistency"] as? NSDictionary)
    }

    @Test func refusesWhatItCannotGrade() async throws {
        let relabel = try await AssayBinary.run(["robust", "--benchmark", "Corpora/samples/mmlu", "--kinds", "relabel_options"])
        #expect(relabel.status == 64 && relabel.stderr.contains("relabel_options"))
        let perplexity = try await AssayBinary.run(["robust", "--benchmark", "Corpora/samples/mmlu", "--mode", "perplexity"])
        #expect(perplexity.status == 64)
        let code = try await AssayBinary.run(["robust", "--benchmark", "Corpora/samples/humaneval/HumanEval.jsonl"])
        #expect(code.status == 1 && code.stderr.contains("mode 'code'"))
    }

    /// Variants too long for the context are recorded as skipped and left out of the figures;
    /// the run goes on and exits 1.
    @Test func variantsTooLongForTheContextAreSkipped() async throws {
        let input = try EvalCommandTests.itemsWithOneTooLong()
        defer { try? FileManager.default.removeItem(atPath: input) }
        let out = folder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try await AssayBinary.run(["robust", "--model", TestEnvironment.modelPath, "--quiet", "--out", out, "--benchmark", input,
                                             "--kinds", "typos:0.1", "--ctx", "512", "--seqs", "1", "--max-tokens", "8"])
        #expect(run.status == 1, "\(run.stderr)")
        let skipped = try lines(out).filter { $0["skipped"] != nil }
        #expect(Set(skipped.compactMap { $0["id"] as? String }) == ["long/1", "mc/3"])
        #expect(try summary(out)["skipped"] as? Int == skipped.count)
        #expect(run.stderr.contains("\(skipped.count) not evaluated (too long for the context"))
    }
}
