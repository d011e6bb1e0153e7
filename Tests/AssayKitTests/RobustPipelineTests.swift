import AssayTestSupport
import Foundation
import Testing
@testable import AssayKit

/// `RobustRunner` end to end on a `FakeModel` with planted behaviour: it knows the answer
/// text of items marked `[knows: text]` (and picks that option wherever it stands), and
/// answers "A" to every other item. Reordering options then breaks exactly the items it got
/// right by position, so the rates can be counted by hand.
@Suite struct RobustPipelineTests {
    /// Prefers the letter of the option named by `[knows: text]`, else "A".
    static func positionBiased() -> FakeModel {
        FakeModel(name: "position-biased", logProb: { context, continuation in
            var preferred = "A"
            if let mark = context.range(of: "[knows: ") {
                let known = context[mark.upperBound...].prefix { $0 != "]" }
                for line in context.split(separator: "\n") where line.count > 3 && line.dropFirst().hasPrefix(". ") {
                    if line.dropFirst(3) == known { preferred = String(line.prefix(1)) }
                }
            }
            return continuation.trimmingCharacters(in: .whitespaces) == preferred ? -0.1 : -5
        })
    }

    /// Right by knowledge: k/1 (gold C), k/2 (gold D). Wrong by knowledge: k/3 (believes
    /// "rock"). Right by position only: p/1, p/2, p/3 (gold A).
    static let items = [
        BenchmarkItem(id: "k/1", subset: "known", question: "Which is a fruit? [knows: pear]",
                      choices: ["carrot", "potato", "pear", "onion"], answer: "C"),
        BenchmarkItem(id: "k/2", subset: "known", question: "Which can fly? [knows: sparrow]",
                      choices: ["cow", "goat", "pig", "sparrow"], answer: "D"),
        BenchmarkItem(id: "k/3", subset: "known", question: "Which is alive? [knows: rock]",
                      choices: ["rock", "tree", "chair", "cloud"], answer: "B"),
        BenchmarkItem(id: "p/1", subset: "position", question: "Which is blue?",
                      choices: ["sky", "grass", "coal", "blood"], answer: "A"),
        BenchmarkItem(id: "p/2", subset: "position", question: "Which is cold?",
                      choices: ["ice", "fire", "sun", "lava"], answer: "A"),
        BenchmarkItem(id: "p/3", subset: "position", question: "Which is sweet?",
                      choices: ["honey", "salt", "lemon", "chili"], answer: "A"),
    ]

    static func run(kinds: [PerturbationKind], circular: Bool, model: FakeModel)
        async throws -> (outcome: RobustRunner.Outcome, plan: RobustPlan, output: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-robust-pipeline-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let lines = try items.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let path = folder.appendingPathComponent("bench.jsonl").path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        var eval = EvalSettings(benchmark: path)
        eval.seed = 11
        eval.chunkSize = 4
        var settings = try RobustSettings(eval: eval, kinds: kinds)
        settings.circular = circular
        settings.resamples = 200
        let plan = try RobustPlan(settings) { Issue.record("unexpected warning: \($0)") }
        try plan.eval.check(model, settings: eval)
        let manifest = EvalManifest(command: "robust", settings: eval, plan: plan.eval, model: model.provenance, commandLine: [])
        let output = folder.appendingPathComponent("out").path
        let outcome = try await RobustRunner(plan: plan).run(model: model, folder: output, resume: false, manifest: manifest)
        return (outcome, plan, output)
    }

    static func results(_ output: String) throws -> [RobustRecord] {
        try String(contentsOfFile: output + "/results.jsonl", encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(RobustRecord.self, from: Data($0.utf8)) }
    }

    static func close(_ value: Double?, _ expected: Double) -> Bool {
        guard let value else { return false }
        return abs(value - expected) < 1e-12
    }

    @Test func shuffledOptionsBreakTheAnswersGivenByPosition() async throws {
        let model = Self.positionBiased()
        let (outcome, plan, output) = try await Self.run(kinds: [.shuffleOptions], circular: false, model: model)
        #expect(outcome.evaluated == 12)

        let records = try Self.results(output)
        let original = records.filter { $0.variant == "original" }, shuffled = records.filter { $0.variant == "shuffle_options" }
        #expect(original.map(\.id) == Self.items.map(\.id) && shuffled.map(\.id) == Self.items.map(\.id))
        #expect(original.map(\.correct) == [true, true, false, true, true, true])
        #expect(original.map(\.prediction) == ["C", "D", "A", "A", "A", "A"])
        // Shuffled, the known items follow their option; the others still answer A, where the
        // gold option no longer is (shuffle_options always moves it).
        #expect(shuffled.map(\.correct) == [true, true, false, false, false, false])
        for record in shuffled where record.id.hasPrefix("p/") {
            #expect(record.prediction == "A" && record.answer != "A" && record.goldPosition != 0)
        }
        let known = ["k/1": "pear", "k/2": "sparrow", "k/3": "rock"]
        for task in plan.tasks where task.variant == "shuffle_options" {
            guard let text = known[task.id], let record = shuffled.first(where: { $0.id == task.id }) else { continue }
            let position = try #require(task.task.item.choices?.firstIndex(of: text))
            #expect(record.prediction == BenchmarkItem.labels(count: 4)[position])
        }

        let summary = outcome.summary
        #expect(summary.original.n == 6 && Self.close(summary.original.accuracy?.value, 5.0 / 6))
        let kind = try #require(summary.kinds.first)
        #expect(kind.kind == "shuffle_options" && kind.n == 6 && kind.skipped == 0 && kind.ungraded == 0)
        #expect(Self.close(kind.accOriginal?.value, 5.0 / 6) && Self.close(kind.accPerturbed?.value, 2.0 / 6))
        #expect(Self.close(kind.pdr?.value, 1 - (2.0 / 6) / (5.0 / 6)))
        #expect(Self.close(kind.consistency?.value, 3.0 / 6))
        #expect(kind.flippedToWrong == 3 && kind.flippedToRight == 0)
        #expect(summary.circular == nil)

        let data = try Data(contentsOf: URL(fileURLWithPath: output + "/summary.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let written = try #require((json["kinds"] as? [[String: Any]])?.first)
        #expect(Self.close((written["acc_perturbed"] as? [String: Any])?["value"] as? Double, 2.0 / 6))
        #expect(((json["manifest"] as? [String: Any])?["model"] as? [String: Any])?["backend"] as? String == "fake")
    }

    @Test func circularEvalCountsEveryRotation() async throws {
        let (outcome, _, _) = try await Self.run(kinds: [], circular: true, model: Self.positionBiased())
        #expect(outcome.evaluated == 6 * 4)
        let circular = try #require(outcome.summary.circular)
        #expect(circular.n == 6 && circular.answers == 24 && circular.skipped == 0)
        // Known items are right in every rotation, k/3 in none, the A-answerers only unrotated.
        #expect(Self.close(circular.originalAccuracy?.value, 5.0 / 6))
        #expect(Self.close(circular.circularAccuracy?.value, 2.0 / 6))
        #expect(Self.close(circular.meanAccuracy?.value, 2.75 / 6))  // (1 + 1 + 0 + 3 × 1/4) / 6
        #expect(circular.byGoldPosition.map(\.label) == ["A", "B", "C", "D"])
        #expect(circular.byGoldPosition.map(\.n) == [6, 6, 6, 6])
        #expect(circular.byGoldPosition.map(\.correct) == [5, 2, 2, 2])
    }

    @Test func aModelThatKnowsEveryAnswerIsNotMoved() async throws {
        // Knowing every right option's text, wherever it stands: nothing drops.
        let knowing = FakeModel(name: "knowing", logProb: { context, continuation in
            let line = context.split(separator: "\n").first { $0.hasSuffix(". sky") || $0.hasSuffix(". ice") || $0.hasSuffix(". honey")
                || $0.hasSuffix(". pear") || $0.hasSuffix(". sparrow") || $0.hasSuffix(". tree") }
            return line.map { continuation.trimmingCharacters(in: .whitespaces) == String($0.prefix(1)) } == true ? -0.1 : -5
        })
        let (outcome, _, _) = try await Self.run(kinds: [.shuffleOptions], circular: false, model: knowing)
        let kind = try #require(outcome.summary.kinds.first)
        #expect(Self.close(kind.accOriginal?.value, 1) && Self.close(kind.accPerturbed?.value, 1))
        #expect(Self.close(kind.pdr?.value, 0) && kind.flippedToWrong == 0)
    }
}
