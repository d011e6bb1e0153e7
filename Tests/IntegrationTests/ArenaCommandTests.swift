import AssayKit
import AssayTestSupport
import Foundation
import Testing

/// `assay arena` through the real binary with two real GGUF candidates (the default SmolLM2
/// model and the second small model scripts/setup installs) and a real judge, in-process and
/// through the local llama-server: every mode end to end on a few questions, the dry run on the
/// whole bundled set, and the outputs' shape.
@Suite(.serialized) struct ArenaCommandTests {
    static var secondModel: String {
        if let path = ProcessInfo.processInfo.environment["ASSAY_SECOND_MODEL"], !path.isEmpty { return path }
        return FileManager.default.homeDirectoryForCurrentUser.path + "/.cache/assay/models/gemma-3-270m-Q4_K_M.gguf"
    }

    func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("assay-arena-\(UUID().uuidString)").path
    }

    func arena(_ arguments: [String], out: String) async throws -> AssayBinary.Run {
        let run = try await AssayBinary.run(["arena", "--quiet", "--out", out, "--resamples", "200"] + arguments)
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
        return run
    }

    func ratings(_ out: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: out + "/ratings.json"))
        let file = try #require(JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(file["ratings"] as? [String: Any])
    }

    func judgments(_ out: String) throws -> [[String: Any]] {
        let text = try String(contentsOfFile: out + "/judgments.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
    }

    var candidates: [String] {
        ["--candidate", "smol=\(TestEnvironment.modelPath)", "--candidate", "gemma=\(Self.secondModel)"]
    }

    /// Pairwise with both orders and the robustness suite, the judge in-process (the default
    /// model, so it is also a candidate: self-preference shows).
    @Test func pairwiseWithTwoRealCandidatesAndARealJudge() async throws {
        let out = folder()
        _ = try await arena(["--mode", "pairwise", "--limit", "3", "--max-tokens", "48", "--robustness", "1",
                       "--judge", TestEnvironment.modelPath] + candidates, out: out)
        for name in ["smol", "gemma"] {
            let answers = try String(contentsOfFile: out + "/answers/\(name).jsonl", encoding: .utf8).split(separator: "\n")
            #expect(answers.count == 3)
        }
        let lines = try judgments(out)
        // 3 questions x 1 pair x 2 orders, and 4 perturbations of the first question's pair.
        #expect(lines.count == 3 * 2 + 4)
        for line in lines {
            #expect(line["method"] as? String == "likelihood")
            let probabilities = try #require(line["probabilities"] as? [Double])
            #expect(probabilities.count == 3 && abs(probabilities.reduce(0, +) - 1) < 1e-9)
            #expect(["A", "B", "C"].contains(line["verdict"] as? String ?? ""))
            #expect((line["template_hash"] as? String)?.count == 64 && (line["prompt_hash"] as? String)?.count == 64)
        }
        let r = try ratings(out)
        #expect(r["battles"] as? Int == 3)
        let bt = try #require(r["bradley_terry"] as? [String: [String: Double]])
        #expect(Set(bt.keys) == ["smol", "gemma"])
        #expect(abs(((bt["smol"]?["rating"] ?? 0) + (bt["gemma"]?["rating"] ?? 0)) / 2 - 1000) < 1e-6)
        let diagnostics = try #require(r["diagnostics"] as? [String: Any])
        #expect((diagnostics["robustness"] as? [Any])?.count == 4)
        #expect((diagnostics["self_preference"] as? [Any] ?? diagnostics["selfPreference"] as? [Any])?.isEmpty == false)
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("<svg") && html.contains("Judge diagnostics") && html.contains("smol") && html.contains("gemma"))
    }

    /// Baseline and single modes, and a judge that generates its verdict (parsed, retried).
    @Test func baselineAndSingleModes() async throws {
        let out = folder()
        _ = try await arena(["--mode", "baseline", "--baseline", "gemma", "--limit", "2", "--max-tokens", "32",
                       "--judge", Self.secondModel] + candidates, out: out)
        let r = try ratings(out)
        let bt = try #require(r["bradley_terry"] as? [String: [String: Double]])
        #expect(bt["gemma"]?["rating"] == 1000)
        #expect((r["length_controlled"] as? [String: Any])?["smol"] != nil)
        let single = folder()
        // Answers reused from the first run's folder: the candidate is now an answer file.
        _ = try await arena(["--mode", "single", "--limit", "2", "--verdict", "generate", "--judge-max-tokens", "16",
                       "--candidate", "smol=\(out)/answers/smol.jsonl", "--judge", TestEnvironment.modelPath], out: single)
        let lines = try judgments(single)
        #expect(lines.count == 2)
        for line in lines {
            #expect(line["method"] as? String == "generate")
            let parsed = line["grade"] != nil
            #expect(parsed || (line["attempts"] as? Int == 2 && line["failure"] != nil), "\(line)")
        }
        let grades = try ratings(single)
        #expect(grades["judgments"] as? Int == 2)
    }

    /// Peer mode: the two models judge each other's pairs with a third candidate (an answer file).
    @Test func peerModeNeverRatesAJudgesOwnPair() async throws {
        let out = folder()
        // A terse third candidate with an answer for every turn of every bundled question.
        let terse = try ArenaQuestionSet.bundled().questions.map { question in
            String(decoding: try JSONEncoder().encode(["id": question.id]), as: UTF8.self).dropLast()
                + ",\"answers\":" + String(decoding: try JSONEncoder().encode(question.userTurns.map { _ in "I do not know." }), as: UTF8.self) + "}"
        }
        let third = try AssayBinary.temporaryFile(terse.joined(separator: "\n") + "\n")
        _ = try await arena(["--mode", "peer", "--category", "math,writing", "--language", "en", "--limit", "2",
                       "--max-tokens", "32", "--candidate", "third=\(third)"] + candidates, out: out)
        let lines = try judgments(out)
        let questions = Set(lines.compactMap { $0["question_id"] as? String })
        #expect(!questions.isEmpty)
        let judges = Set(lines.compactMap { $0["judge"] as? String })
        #expect(judges == ["smol", "gemma"])
        let r = try ratings(out)
        // Each judge rates the one pair it is not in (both orders), per question answered by all.
        #expect(r["battles"] as? Int == 2 * questions.count)
    }

    /// The dry run over the whole bundled set: no judge, seeded verdicts, same bytes twice.
    @Test func dryRunOnTheWholeSet() async throws {
        let out = folder()
        _ = try await arena(["--dry-run", "--max-tokens", "8", "--seed", "5"] + candidates, out: out)
        let set = try ArenaQuestionSet.bundled()
        let lines = try judgments(out)
        #expect(lines.count == set.questions.count * 2)
        #expect(lines.allSatisfy { $0["method"] as? String == "dry-run" })
        let first = try Data(contentsOf: URL(fileURLWithPath: out + "/judgments.jsonl"))
        _ = try await arena(["--dry-run", "--max-tokens", "8", "--seed", "5", "--resume"] + candidates, out: out)
        #expect(try Data(contentsOf: URL(fileURLWithPath: out + "/judgments.jsonl")) == first)
    }

    /// The judge through the local llama-server gives the in-process judge's verdicts, and its
    /// option probabilities within 0.05.
    @Test func aServedJudgeAgreesWithTheInProcessOne() async throws {
        let server = try await LlamaServerProcess.start(model: TestEnvironment.modelPath, slots: 2, extra: ["-fa", "off", "-no-kvu", "--no-jinja"])
        defer { server.stop() }
        let local = folder(), served = folder()
        _ = try await arena(["--limit", "3", "--max-tokens", "32", "--judge", TestEnvironment.modelPath] + candidates, out: local)
        let answers = ["--candidate", "smol=\(local)/answers/smol.jsonl", "--candidate", "gemma=\(local)/answers/gemma.jsonl"]
        _ = try await arena(["--limit", "3", "--judge", server.baseURL.absoluteString] + answers, out: served)
        let a = try judgments(local), b = try judgments(served)
        #expect(a.count == b.count && a.count == 6)
        for (x, y) in zip(a, b) {
            #expect((x["key"] as? String)?.replacingOccurrences(of: "|smol|pair|", with: "|judge|pair|") == y["key"] as? String)
            let px = try #require(x["probabilities"] as? [Double]), py = try #require(y["probabilities"] as? [Double])
            // Long prompts: llama-server and the in-process context batch them differently, and
            // the options' log-likelihoods move by a few hundredths of a nat.
            #expect(zip(px, py).allSatisfy { abs($0 - $1) < 0.05 }, "\(px) vs \(py)")
            #expect(x["verdict"] as? String == y["verdict"] as? String)
        }
    }

    /// Ctrl-C after the first chunk of judgments: exit 130, ratings and report of what was
    /// judged, marked interrupted; --resume finishes without judging anything twice.
    @Test func ctrlCKeepsWhatWasJudgedAndResumeFinishes() async throws {
        let out = folder()
        let terse = try ArenaQuestionSet.bundled().questions.map { question in
            String(decoding: try JSONEncoder().encode(["id": question.id]), as: UTF8.self).dropLast()
                + ",\"answers\":" + String(decoding: try JSONEncoder().encode(question.userTurns.map { "Answer to: " + $0 }), as: UTF8.self) + "}"
        }
        let answers = try AssayBinary.temporaryFile(terse.joined(separator: "\n") + "\n")
        // --seqs 2: chunks of 8 judgments; 12 questions x 2 orders = 24 judgments. Ctrl-C lets the
        // chunk in flight finish, so 8 or 16 are kept.
        let arguments = ["arena", "--quiet", "--out", out, "--limit", "12", "--seqs", "2", "--judge", TestEnvironment.modelPath,
                         "--candidate", "a=\(answers)", "--candidate", "b=\(try AssayBinary.temporaryFile(terse.joined(separator: "\n")))"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(AssayBinary.path))
        process.arguments = arguments
        process.currentDirectoryURL = TestEnvironment.packageRoot
        process.standardError = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        try await process.interrupt { ((try? judgments(out))?.count ?? 0) >= 8 }
        #expect(try await process.exitStatus() == 130)
        let kept = try judgments(out).count
        #expect(kept % 8 == 0 && kept >= 8 && kept < 24)
        let file = try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/ratings.json"))) as? [String: Any])
        #expect(file["interrupted"] as? Bool == true)
        #expect(try String(contentsOfFile: out + "/report.html", encoding: .utf8).contains("Interrupted"))
        let resumed = try await AssayBinary.run(arguments + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let keys = try judgments(out).compactMap { $0["key"] as? String }
        #expect(keys.count == 24 && Set(keys).count == 24)
        #expect(resumed.stderr.contains("judged \(24 - kept), \(kept) already done"), "\(resumed.stderr)")
    }

    @Test func badInputIsRefusedWithAReason() async throws {
        let out = folder()
        let unknown = try await AssayBinary.run(["arena", "--out", out, "--mode", "baseline", "--baseline", "nobody", "--dry-run",
                                           "--limit", "1"] + candidates)
        #expect(unknown.status != 0 && unknown.stderr.contains("nobody") && unknown.stderr.contains("not a candidate"))
        let noJudge = try await AssayBinary.run(["arena", "--out", out, "--limit", "1"] + candidates)
        #expect(noJudge.status != 0 && noJudge.stderr.contains("--judge"))
        let badFile = try AssayBinary.temporaryFile(#"{"id":"not-in-the-set","answer":"4"}"# + "\n{oops\n")
        let bad = try await AssayBinary.run(["arena", "--out", out, "--dry-run", "--candidate", "a=\(badFile)", "--candidate", "b=\(badFile)"])
        #expect(bad.status != 0 && bad.stderr.contains(":2:"))
    }
}
