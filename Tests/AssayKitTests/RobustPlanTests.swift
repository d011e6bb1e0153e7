import Foundation
import Testing
@testable import AssayKit

/// Option rotations, the robustness plan (variants, skipped counts) and how the summary pairs
/// the lines of a results file.
@Suite struct RobustPlanTests {
    static let item = BenchmarkItem(id: "q/1", question: "Which is a fruit?", choices: ["rock", "apple", "chair", "cloud"], answer: "B")

    @Test func rotationsMoveTheGoldOptionThroughEveryPosition() throws {
        // Rotation r shows option (i + r) mod 4 at position i; "apple" (B) moves to A, D, C.
        let expected: [(Int, [String], String)] = [
            (1, ["apple", "chair", "cloud", "rock"], "A"),
            (2, ["chair", "cloud", "rock", "apple"], "D"),
            (3, ["cloud", "rock", "apple", "chair"], "C"),
        ]
        for (r, choices, answer) in expected {
            let rotated = try #require(OptionRotation.rotated(Self.item, by: r))
            #expect(rotated.choices == choices && rotated.answer == answer)
            #expect(rotated.id == "q/1~rotate:\(r)")
            #expect(rotated.provenance?.original == "q/1" && rotated.provenance?.perturbations == ["rotate:\(r)"])
            #expect(OptionRotation.goldPosition(of: rotated) == OptionRotation.position(ofGold: 1, rotation: r, count: 4))
        }
        #expect(OptionRotation.goldPosition(of: Self.item) == 1)
        #expect(OptionRotation.rotated(Self.item, by: 0) == nil && OptionRotation.rotated(Self.item, by: 4) == nil)
    }

    @Test func itemsWithoutOneGoldOptionAreNotRotated() {
        var twoGold = Self.item
        twoGold.answer = "A,C"
        #expect(OptionRotation.goldPosition(of: twoGold) == nil && OptionRotation.rotated(twoGold, by: 1) == nil)
        let open = BenchmarkItem(id: "q/2", question: "2 + 2?", answer: "4")
        #expect(OptionRotation.rotated(open, by: 1) == nil)
        var badLabel = Self.item
        badLabel.answer = "F"
        #expect(OptionRotation.goldPosition(of: badLabel) == nil)
        // An item relabelled 1-4 keeps its scheme: "apple" is "2", after one rotation "1".
        var numeric = Self.item
        numeric.answer = "2"
        numeric.provenance = Provenance(perturbations: ["relabel_options:numeric"])
        #expect(OptionRotation.rotated(numeric, by: 1)?.answer == "1")
    }

    @Test func settingsRefuseWhatCannotBeGraded() throws {
        let eval = EvalSettings(benchmark: "x.jsonl")
        #expect(throws: RobustError.self) { try RobustSettings(eval: eval, kinds: [.relabelOptions(.numeric)]) }
        var perplexity = eval
        perplexity.mode = .perplexity
        #expect(throws: RobustError.unsupportedMode(.perplexity)) { try RobustSettings(eval: perplexity) }
        let repeated = try RobustSettings(eval: eval, kinds: [.typos(rate: 0.1), .shuffleOptions, .typos(rate: 0.1), .typos(rate: 0.2)])
        #expect(repeated.kinds.map(\.description) == ["typos:0.1", "shuffle_options", "typos:0.2"])
    }

    /// Two 4-option items and one open item; shuffle_options and CircularEval.
    func plan() throws -> RobustPlan {
        let open = BenchmarkItem(id: "q/3", question: "How many legs has a cat?", answer: "4")
        let second = BenchmarkItem(id: "q/2", question: "Which is blue?", choices: ["sky", "grass", "coal", "snow"], answer: "A")
        let text = try [Self.item, second, open].map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("robust-plan-\(UUID().uuidString).jsonl").path
        try (text.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        var settings = try RobustSettings(eval: EvalSettings(benchmark: path), kinds: [.shuffleOptions])
        settings.eval.mode = .generate
        settings.circular = true
        return try RobustPlan(settings) { Issue.record("unexpected warning: \($0)") }
    }

    @Test func planHasOneVariantPerKindAndRotation() throws {
        let plan = try plan()
        let counts = Dictionary(grouping: plan.tasks, by: \.variant).mapValues(\.count)
        #expect(counts == ["original": 3, "shuffle_options": 2, "circular": 6])
        #expect(plan.unperturbed == ["shuffle_options": 1] && plan.unrotated == 1)
        #expect(Set(plan.tasks.map(\.key)).count == plan.tasks.count)
        for task in plan.tasks where task.variant == "circular" {
            #expect(task.id == task.task.item.provenance?.original && task.goldPosition == OptionRotation.goldPosition(of: task.task.item))
        }
        // Same seed, same perturbed items.
        #expect(try self.plan().tasks.map(\.task.item) == plan.tasks.map(\.task.item))
    }

    /// The plan with one results line per task: q/1 right everywhere; q/2 right originally,
    /// wrong when shuffled and under rotation 2; q/3 (open answer, no shuffle) wrong. Plus a
    /// repeated line and a line of a kind the plan does not ask for.
    func results() throws -> (RobustPlan, [RobustRecord]) {
        let plan = try plan()
        let wrong: Set<String> = ["shuffle_options\u{1F}\u{1F}q/2", "circular\u{1F}2\u{1F}q/2", "original\u{1F}\u{1F}q/3"]
        var records = plan.tasks.map { task in
            var prediction = PredictionRecord(id: task.task.item.id, split: .original, subset: "", mode: .generate, prompt: "p",
                                              answer: task.task.item.answer, prediction: "X")
            prediction.correct = !wrong.contains(task.key)
            return RobustRecord(task: task, prediction: prediction)
        }
        records.append(records[0])
        var stray = records[0]
        stray.variant = "typos:0.05"
        records.append(stray)
        return (plan, records)
    }

    @Test func summaryPairsLinesByItem() throws {
        let (plan, records) = try results()
        let summary = RobustSummary(records: records, plan: plan, manifest: try Self.manifest(), resamples: 100)
        #expect(summary.original.n == 3 && abs(summary.original.accuracy!.value - 2.0 / 3) < 1e-12)
        let kind = try #require(summary.kinds.first)
        #expect(summary.kinds.count == 1 && kind.kind == "shuffle_options" && kind.n == 2 && kind.skipped == 1)
        #expect(kind.accOriginal?.value == 1 && kind.accPerturbed?.value == 0.5 && kind.pdr?.value == 0.5)
        #expect(kind.consistency?.value == 0.5 && kind.flippedToWrong == 1)
        let circular = try #require(summary.circular)
        #expect(circular.n == 2 && circular.skipped == 1 && circular.answers == 8)
        #expect(circular.circularAccuracy?.value == 0.5 && circular.meanAccuracy?.value == (1 + 0.75) / 2)
        // q/2's gold (A) lands on C under rotation 2: position C has 1 of 2 right.
        #expect(circular.byGoldPosition[2].n == 2 && circular.byGoldPosition[2].correct == 1)
    }

    @Test func reportListsTheAnswersAVariantBroke() throws {
        let (plan, records) = try results()
        let summary = RobustSummary(records: records, plan: plan, manifest: try Self.manifest(), resamples: 100)
        let document = RobustReport.document(summary: summary, records: records)
        let broken = try #require(document.sections.first { $0.title == "Broken answers" })
        guard case .table(_, let rows) = try #require(broken.blocks.first) else { Issue.record("no table"); return }
        #expect(rows.map { $0[0] } == ["q/2~shuffle_options", "q/2~rotate:2"])
        #expect(document.sections.map(\.title) == ["Run", "Perturbations", "CircularEval", "Broken answers"])
    }

    static func manifest() throws -> EvalManifest {
        try JSONDecoder().decode(EvalManifest.self, from: Data(manifestJSON.utf8))
    }

    static let manifestJSON = """
    {"command": "robust", "model": {"backend": "llama.cpp", "model": "m", "file": "m.gguf"}, "assay_version": "0",
     "seed": 0, "command_line": [], "date": "2026-11-30T00:00:00Z", "settings": {"benchmark": "b", "format": "canonical",
     "mode": "generate", "shots": 0, "fewshot_source": "none", "chain_of_thought": false, "chat": false, "from_scratch": false}}
    """
}
