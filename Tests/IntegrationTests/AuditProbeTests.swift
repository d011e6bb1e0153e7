import Foundation
import Testing
@testable import AssayKit

/// The generation probes and the in-context validity check, with the real default model.
@Suite(.serialized) struct AuditProbeTests {
    func lines(_ path: String) throws -> [[String: Any]] {
        try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
    }

    /// n-gram accuracy read off one scoring pass must equal real greedy generation: generate 5
    /// tokens from the exact token prefix and compare. llama.cpp decodes one token per step
    /// with other CPU kernels than a scoring batch (on AVX2 with repacked Q4_1 weights they
    /// differ by up to ~0.06 nats), so a near tie may fall either way: at most one point in 20.
    @Test func ngramAccuracyFromScoringEqualsGreedyGeneration() async throws {
        let model = try LlamaModel(ModelConfiguration(path: TestEnvironment.modelPath))
        let seeds = ["The capital of France is", "Once upon a time, there was a", "def fibonacci(n):",
                     "Water boils at 100 degrees"]
        // Texts with long greedy stretches (the model's own continuations) and ordinary prose.
        let greedy = try model.generateNow(seeds.map { GenerationRequest(text: $0, maxTokens: 30) })
        let texts = zip(seeds, greedy).map { $0 + $1.text } + [
            "Kira buys 3 eggs at $1.25 each and pays with a $20 note. How much change does Kira get?",
            "The committee postponed the vote on the harbour bridge until the spring meeting.",
        ]
        let bos = try model.tokenize("", addSpecial: true)
        var compared = 0, hits = 0, disagreements: [String] = []
        for text in texts {
            let scored = try model.scoreNow([ScoreRequest(text: text)])[0].tokens
            let tokens = scored.map(\.token)
            for start in NGramAccuracy.starts(count: tokens.count) {
                let prompt = try model.detokenize(Array(tokens[..<start]))
                // Only points whose prefix re-tokenizes to the same tokens compare like with like.
                guard try model.tokenize(prompt, addSpecial: true) == bos + tokens[..<start] else { continue }
                let generated = try model.generateNow([GenerationRequest(text: prompt, maxTokens: 5)])[0].tokens
                let exactByGeneration = Array(generated.prefix(5)) == Array(tokens[start..<start + 5])
                let exactByScoring = scored[start..<start + 5].allSatisfy { $0.token == $0.greedyToken }
                if exactByGeneration != exactByScoring { disagreements.append("\(text) at \(start)") }
                compared += 1
                hits += exactByScoring ? 1 : 0
            }
        }
        #expect(compared >= 20)
        #expect(disagreements.count * 20 <= compared, "\(disagreements)")
        // Both outcomes occur, so the comparison can tell them apart.
        #expect(hits > 0 && hits < compared)
    }

    /// A probed audit of multiple-choice items writes both probes for items and twins, and a
    /// resumed run reuses probes.jsonl instead of generating again; with `evaluate`, the
    /// items and twins are answered and the accuracy gap reported.
    @Test func probedAuditWritesProbesAndResumes() async throws {
        let library = try TemplateLibrary.load()
        let items = try FreshItemSource.named("shopping-en", library: library)
            .generate(count: 8, seed: 5, level: nil, multipleChoice: true)
        let out = AuditFixture.folder("probes-mc")
        try AuditFixture.write(items, to: out + "/bench.jsonl")
        let model = try LlamaModel(ModelConfiguration(path: TestEnvironment.modelPath))
        var job = AuditRun(benchmark: out + "/bench.jsonl", outputFolder: out)
        job.probes = true
        job.evaluate = true
        job.seed = 3
        let summary = try await job.run(store: SignalStore(model: model))
        let gap = try #require(summary.accuracyGap)
        #expect(gap.metric == "accuracy")
        #expect((0...1).contains(gap.original) && (0...1).contains(gap.twin))
        #expect(abs(gap.difference.value - (gap.original - gap.twin)) < 1e-12)
        let predictions = try lines(out + "/eval/predictions.jsonl")
        #expect(predictions.count == summary.items + summary.twins)
        #expect(Double(predictions.filter { $0["split"] as? String == "original" && $0["correct"] as? Bool == true }.count)
                / Double(summary.items) == gap.original)
        #expect(try lines(out + "/twins.jsonl").count == summary.twins)
        for name in ["ngram_acc", "completion_rouge_l", "ts_guessing"] { #expect(summary.signals.contains(name), "\(name)") }

        let probes = try lines(out + "/probes.jsonl")
        #expect(probes.count == summary.items + summary.twins)
        for probe in probes {
            let rouge = try #require(probe["completion_rouge_l"] as? Double)
            #expect((0...1).contains(rouge))
            #expect(!(try #require(probe["truth"] as? String)).isEmpty)
            let guessed = try #require(probe["ts_guessing"] as? Double)
            #expect(guessed == 0 || guessed == 1)
            let hidden = try #require(probe["hidden_option"] as? String)
            #expect(!(try #require(probe["text"] as? String)).contains("[MASK]"))
            #expect((probe["text"] as? String)?.contains(hidden) == true)
        }
        let itemLines = try lines(out + "/items.jsonl")
        #expect(itemLines.count == 8)
        #expect(itemLines.allSatisfy { $0["completion_rouge_l"] is Double && $0["ts_guessing"] is Double && $0["ngram_acc"] is Double })

        // Mark one cached probe; a resumed run must take it from the cache, not generate anew.
        var text = try String(contentsOfFile: out + "/probes.jsonl", encoding: .utf8)
        let key = "item:" + items[0].id
        var cachedLines = text.split(separator: "\n").map(String.init)
        let index = try #require(cachedLines.firstIndex { $0.contains("\"key\":\"\(key)\"") })
        var record = try #require(JSONSerialization.jsonObject(with: Data(cachedLines[index].utf8)) as? [String: Any])
        record["completion_rouge_l"] = 0.123
        cachedLines[index] = String(decoding: try JSONSerialization.data(withJSONObject: record), as: UTF8.self)
        // And an interrupted write: a torn last line, which resuming must cut, not fail on.
        text = cachedLines.joined(separator: "\n") + "\n" + "{\"key\":\"twin:torn\",\"te"
        try text.write(toFile: out + "/probes.jsonl", atomically: true, encoding: .utf8)
        job.resume = true
        _ = try await job.run(store: SignalStore(model: model))
        #expect(try lines(out + "/probes.jsonl").count == probes.count)
        let resumed = try lines(out + "/items.jsonl").first { $0["id"] as? String == items[0].id }
        #expect(resumed?["completion_rouge_l"] as? Double == 0.123)
    }

    /// The positive control: text placed verbatim in the model's context right before it is
    /// scored is text the model has just seen. The audit must flag those items, not the others
    /// of the same benchmark, against twins scored without that help, and say so in its report.
    @Test func thePositiveControlIsFlagged() async throws {
        let library = try TemplateLibrary.load()
        var items: [BenchmarkItem] = []
        for (offset, name) in ["shopping-en", "ages-en", "percent-en", "speed-en"].enumerated() {
            items += try FreshItemSource.named(name, library: library)
                .generate(count: 8, seed: 200 + UInt64(offset), level: nil, multipleChoice: false)
        }
        let out = AuditFixture.folder("probes-context")
        try AuditFixture.write(items, to: out + "/bench.jsonl")
        let controlled = items.indices.filter { $0 % 2 == 0 }.map { items[$0] }
        try AuditFixture.write(controlled, to: out + "/control.jsonl")
        let model = try LlamaModel(ModelConfiguration(path: TestEnvironment.modelPath))
        var job = AuditRun(benchmark: out + "/bench.jsonl", outputFolder: out)
        job.seed = 11
        job.positiveControl = out + "/control.jsonl"
        let summary = try await job.run(store: SignalStore(model: model))
        #expect(summary.items == 32)
        let flagged = Set(try lines(out + "/items.jsonl").filter { $0["flagged"] as? Bool == true }.compactMap { $0["id"] as? String })
        let controlIDs = Set(controlled.map(\.id))
        #expect(flagged.intersection(controlIDs).count >= 12)   // of 16
        #expect(flagged.subtracting(controlIDs).count <= 3)      // of 16, about 1 by chance
        #expect(summary.verdict == .contaminated)
        #expect(summary.manifest.settings.positiveControl == out + "/control.jsonl")
        #expect(try String(contentsOfFile: out + "/report.md", encoding: .utf8).contains("Positive control"))
    }
}
