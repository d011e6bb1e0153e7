import AssayTestSupport
import Foundation
import Testing
@testable import AssayKit

/// `EvalRunner` end to end on `FakeModel`: small canonical benchmarks whose questions plant
/// what the fake "knows" (`[right: X]` for log-likelihood, `=> answer` for generation), so the
/// accuracy, the predictions file, the summary and the manifest can be checked by hand.
@Suite struct EvalPipelineTests {
    /// Five multiple-choice items; the fake prefers the marked letter (ties go to A).
    /// Right: mc/1, mc/3, mc/4. Wrong: mc/2 (marked A, gold C), mc/5 (no mark, gold B).
    static let choiceItems = [
        BenchmarkItem(id: "mc/1", subset: "animals", question: "Which animal can fly? [right: B]",
                      choices: ["cow", "sparrow", "goat"], answer: "B"),
        BenchmarkItem(id: "mc/2", subset: "animals", question: "Which animal gives wool? [right: A]",
                      choices: ["cat", "dog", "sheep"], answer: "C"),
        BenchmarkItem(id: "mc/3", subset: "plants", question: "Which is a fruit? [right: C]",
                      choices: ["carrot", "potato", "pear", "onion"], answer: "C"),
        BenchmarkItem(id: "mc/4", subset: "plants", question: "Which grows on trees? [right: D]",
                      choices: ["moss", "grass", "fern", "apple"], answer: "D"),
        BenchmarkItem(id: "mc/5", subset: "plants", question: "Which is a root?",
                      choices: ["leaf", "carrot", "petal"], answer: "B"),
    ]

    /// Six open items; the fake answers what follows "=> ". Right: g/1, g/3, g/4, g/6.
    static let openItems = [
        BenchmarkItem(id: "g/1", subset: "arith", question: "What is 6 times 7? => 42", answer: "42"),
        BenchmarkItem(id: "g/2", subset: "arith", question: "What is 15 minus 9? => 7", answer: "6"),
        BenchmarkItem(id: "g/3", subset: "arith", question: "How many legs has a spider? => It has 8 legs.", answer: "8"),
        BenchmarkItem(id: "g/4", subset: "words", question: "What is the capital of France? => Paris", answer: "Paris"),
        BenchmarkItem(id: "g/5", subset: "words", question: "How many days has a week?", answer: "7"),
        BenchmarkItem(id: "g/6", subset: "arith", question: "What is 10 plus 5? => The answer is 15", answer: "15"),
    ]

    /// A fresh folder holding `items` as `bench.jsonl`; returns (benchmark path, output folder).
    static func benchmark(_ items: [BenchmarkItem]) throws -> (path: String, output: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-eval-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let lines = try items.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let path = folder.appendingPathComponent("bench.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return (path, folder.appendingPathComponent("out").path)
    }

    /// Plans and runs an evaluation of `items` on `model`.
    static func run(_ items: [BenchmarkItem], model: FakeModel, configure: (inout EvalSettings) -> Void = { _ in },
                    output: String? = nil, benchmark: String? = nil, resume: Bool = false)
        async throws -> (outcome: EvalRunner.Outcome, output: String, benchmark: String) {
        let files: (path: String, output: String)
        if let benchmark, let output { files = (benchmark, output) } else { files = try Self.benchmark(items) }
        var settings = EvalSettings(benchmark: files.path)
        settings.maxTokens = 32
        settings.chunkSize = 2
        configure(&settings)
        let plan = try EvalPlan(settings) { Issue.record("unexpected warning: \($0)") }
        try plan.check(model, settings: settings)
        let manifest = EvalManifest(settings: settings, plan: plan, model: model.provenance, commandLine: ["assay", "eval"])
        let outcome = try await EvalRunner(settings: settings, plan: plan)
            .run(model: model, folder: files.output, resume: resume, manifest: manifest)
        return (outcome, files.output, files.path)
    }

    static func predictions(_ folder: String) throws -> [PredictionRecord] {
        let text = try String(contentsOfFile: folder + "/predictions.jsonl", encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(PredictionRecord.self, from: Data($0.utf8)) }
    }

    /// `summary.json` as plain JSON, read independently of `EvalSummary`'s decoder.
    static func summaryJSON(_ folder: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test func logLikelihoodAccuracyIsWhatWasPlanted() async throws {
        let model = FakeModel(name: "planted-mc")
        let (outcome, output, benchmark) = try await Self.run(Self.choiceItems, model: model)
        #expect(outcome.evaluated == 5 && outcome.resumed == 0)

        let records = try Self.predictions(output)
        #expect(records.map(\.id) == ["mc/1", "mc/2", "mc/3", "mc/4", "mc/5"])
        #expect(records.map(\.mode) == Array(repeating: .loglikelihood, count: 5))
        #expect(records.map(\.prediction) == ["B", "A", "C", "D", "A"])
        #expect(records.map(\.correct) == [true, false, true, true, false])
        #expect(records[0].choices == ["A", "B", "C"])
        let first = try #require(records[0].loglikelihoods)
        #expect(first.count == 3 && abs(first[0] + 5) < 1e-9 && abs(first[1] + 0.1) < 1e-9 && abs(first[2] + 5) < 1e-9)
        #expect(records[0].prompt == """
            The following are multiple choice questions (with answers) about animals.

            Which animal can fly? [right: B]
            A. cow
            B. sparrow
            C. goat
            Answer:
            """)

        // One request per choice, each a space-delimited letter after the plain-text prompt.
        let requests = model.scores.withLock { $0 }
        #expect(requests.count == 17)  // 3 + 3 + 4 + 4 + 3 choices
        #expect(requests.prefix(3).map(\.text) == [" A", " B", " C"])
        let plain = requests.allSatisfy { request in request.context.map { !$0.isChat } ?? false }
        #expect(plain)
        #expect(requests.first?.context == .text(records[0].prompt))
        #expect(model.generations.withLock { $0.isEmpty })

        let summary = try #require(outcome.summary.original)
        #expect(summary.count == 5 && summary.primaryMetric == "accuracy")
        #expect(abs((summary.accuracy ?? -1) - 0.6) < 1e-12)
        #expect(abs((summary.macroAccuracy ?? -1) - (0.5 + 2.0 / 3) / 2) < 1e-12)
        #expect(summary.subsets["animals"]?.count == 2 && summary.subsets["plants"]?.count == 3)
        #expect(outcome.summary.twin == nil && outcome.summary.gap == nil)

        let json = try Self.summaryJSON(output)
        let original = try #require(json["original"] as? [String: Any])
        #expect(original["accuracy"] as? Double == outcome.summary.original?.accuracy)
        #expect(original["count"] as? Int == 5)
        let manifest = try #require(json["manifest"] as? [String: Any])
        let model_ = try #require(manifest["model"] as? [String: Any])
        #expect(model_["backend"] as? String == "fake" && model_["model"] as? String == "planted-mc")
        #expect((manifest["settings"] as? [String: Any])?["benchmark"] as? String == benchmark)
        #expect(outcome.summary.manifest.model == model.provenance)
        for file in ["report.md", "report.html"] { #expect(FileManager.default.fileExists(atPath: output + "/" + file)) }
    }

    /// TruthfulQA's mc1 and mc2 items are reported apart, as lm-eval's two tasks: an mc2 item
    /// carries `mc2` alone, so the headline `accuracy` is mc1's.
    @Test func truthfulQAAccuracyIsMC1sAndMC2StandsApart() async throws {
        let mc1 = BenchmarkItem(id: "t/mc1/0", benchmark: "truthfulqa", subset: "mc1", question: "Q? [right: A]",
                                choices: ["yes", "no"], answer: "A")
        let mc2 = BenchmarkItem(id: "t/mc2/0", benchmark: "truthfulqa", subset: "mc2", question: "Q? [right: C]",
                                choices: ["yes", "true", "no"], answer: "A,B")
        let (outcome, output, _) = try await Self.run([mc1, mc2], model: FakeModel())
        let records = try Self.predictions(output)
        #expect(Set(records[0].metrics.keys) == ["accuracy", "acc_norm"] && records[0].correct == true)
        #expect(Array(records[1].metrics.keys) == ["mc2"] && records[1].correct == nil)
        let summary = try #require(outcome.summary.original)
        #expect(summary.primaryMetric == "accuracy" && summary.metrics["accuracy"]?.count == 1 && summary.accuracy == 1)
        #expect(summary.metrics["mc2"]?.count == 1 && summary.metrics["mc2"]!.weighted.value < 0.5)
    }

    @Test func generationIsGradedFromTheAnswer() async throws {
        let model = FakeModel()
        let (outcome, output, _) = try await Self.run(Self.openItems, model: model)
        let records = try Self.predictions(output)
        #expect(records.map(\.id) == Self.openItems.map(\.id))
        #expect(records.map(\.mode) == Array(repeating: .generate, count: 6))
        #expect(records.map(\.output) == ["42", "7", "It has 8 legs.", "Paris", "I don't know.", "The answer is 15"])
        #expect(records.map(\.correct) == [true, false, true, true, false, true])
        #expect(records[0].prediction == "42" && records[1].prediction == "7")

        let requests = model.generations.withLock { $0 }
        #expect(requests.count == 6)
        #expect(requests[0].prompt == .text("Question: What is 6 times 7? => 42\nAnswer:"))
        #expect(requests.allSatisfy { $0.maxTokens == 32 && $0.stop == ["\n\n", "Question:"] && $0.sampling.isGreedy })
        #expect(model.scores.withLock { $0.isEmpty })

        #expect(abs((outcome.summary.original?.accuracy ?? -1) - 4.0 / 6) < 1e-12)
        #expect(outcome.summary.manifest.model.backend == "fake")
        let json = try Self.summaryJSON(output)
        #expect(((json["manifest"] as? [String: Any])?["model"] as? [String: Any])?["backend"] as? String == "fake")
    }

    @Test func chatPutsConversationsToTheModel() async throws {
        let model = FakeModel()
        let chat: (inout EvalSettings) -> Void = { $0.chat = true; $0.system = "Answer briefly." }
        let (generated, generatedFolder, _) = try await Self.run(Self.openItems, model: model, configure: chat)
        let requests = model.generations.withLock { $0 }
        #expect(requests.count == 6)
        #expect(requests[0].prompt == .chat([ChatMessage(.system, "Answer briefly."),
                                             ChatMessage(.user, "Question: What is 6 times 7? => 42\nAnswer:")]))
        let allChat = requests.allSatisfy { $0.prompt.isChat }
        #expect(allChat)
        #expect(model.seen.withLock { $0 }.allSatisfy { $0.hasPrefix("[system]\nAnswer briefly.\n\n[user]\nQuestion: ") })
        // The record keeps the conversation as its transcript; grading is unchanged.
        let records = try Self.predictions(generatedFolder)
        #expect(records[0].prompt == requests[0].prompt.transcript)
        #expect(records.map(\.correct) == [true, false, true, true, false, true])
        #expect(generated.summary.manifest.settings.chat)

        // Log-likelihood after a chat: the letters start the assistant turn, with no space.
        let scorer = FakeModel()
        let (scored, _, _) = try await Self.run(Self.choiceItems, model: scorer, configure: chat)
        let scores = scorer.scores.withLock { $0 }
        #expect(scores.allSatisfy { $0.context?.isChat == true })
        #expect(scores.prefix(3).map(\.text) == ["A", "B", "C"])
        #expect(abs((scored.summary.original?.accuracy ?? -1) - 0.6) < 1e-12)
    }

    /// A twin is evaluated only beside its original: twins of few-shot examples and of items
    /// beyond --limit are left out with one warning; twins naming no original keep the first N.
    @Test func twinsOfItemsNotEvaluatedAreLeftOut() {
        func twin(of original: String?, _ n: Int) -> BenchmarkItem {
            BenchmarkItem(id: "twin/\(n)", question: "q\(n)", choices: ["a", "b"], answer: "A",
                          provenance: Provenance(original: original))
        }
        let originals = Array(Self.choiceItems.prefix(3))   // mc/1...mc/3 evaluated
        let twins = [twin(of: "mc/dev", 0), twin(of: "mc/2", 1), twin(of: "mc/5", 2), twin(of: "mc/1", 3), twin(of: nil, 4)]
        var warnings: [String] = []
        let kept = EvalPlan.twinsOf(originals, in: twins, limit: 3) { warnings.append($0) }
        #expect(kept.map(\.id) == ["twin/1", "twin/3", "twin/4"])
        #expect(warnings == ["2 twins left out: their originals are few-shot examples or beyond --limit, so they are not evaluated"])
        warnings = []
        #expect(EvalPlan.twinsOf(originals, in: [twin(of: nil, 5), twin(of: nil, 6)], limit: 1) { warnings.append($0) }.map(\.id) == ["twin/5"])
        #expect(warnings.isEmpty)
    }

    /// Resuming with other prompts (here another system text) is refused before anything is
    /// evaluated: the old records would be mixed with new ones under the new settings.
    @Test func resumeWithOtherPromptsIsRefused() async throws {
        let (_, output, benchmark) = try await Self.run(Self.choiceItems, model: FakeModel()) { $0.system = "Be brief." }
        let before = try String(contentsOfFile: output + "/predictions.jsonl", encoding: .utf8)
        await #expect(throws: UsageError.self) {
            _ = try await Self.run(Self.choiceItems, model: FakeModel(), configure: { $0.system = "Be thorough." },
                                   output: output, benchmark: benchmark, resume: true)
        }
        #expect(try String(contentsOfFile: output + "/predictions.jsonl", encoding: .utf8) == before)
        _ = try await Self.run(Self.choiceItems, model: FakeModel(), configure: { $0.system = "Be brief." },
                               output: output, benchmark: benchmark, resume: true)
    }

    @Test func resumeSkipsTheItemsAlreadyDone() async throws {
        let (first, output, benchmark) = try await Self.run(Self.openItems, model: FakeModel())
        #expect(first.evaluated == 6)
        let path = output + "/predictions.jsonl"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 6)
        // Three whole lines and a torn fourth, as an interrupted run leaves them.
        try (lines[0...2].joined(separator: "\n") + "\n" + lines[3].prefix(12)).write(toFile: path, atomically: true, encoding: .utf8)

        let fresh = FakeModel()
        let (outcome, _, _) = try await Self.run(Self.openItems, model: fresh, output: output, benchmark: benchmark, resume: true)
        #expect(outcome.evaluated == 3 && outcome.resumed == 3)
        let asked = fresh.generations.withLock { $0 }.map(\.prompt.transcript)
        #expect(asked == Self.openItems[3...].map { "Question: \($0.question)\nAnswer:" })
        let records = try Self.predictions(output)
        #expect(records.map(\.id) == Self.openItems.map(\.id))
        #expect(records.map(\.correct) == [true, false, true, true, false, true])
        #expect(outcome.summary.original?.count == 6)
        #expect(abs((outcome.summary.original?.accuracy ?? -1) - 4.0 / 6) < 1e-12)
    }
}
