import Foundation
import Testing
@testable import AssayKit

/// The audit's validity with the real default model: unseen items come out clean, text the
/// model demonstrably knows (its own greedy output, famous texts) gets flagged.
@Suite(.serialized) struct AuditValidityTests {
    func store() throws -> SignalStore {
        SignalStore(model: try LlamaModel(ModelConfiguration(path: TestEnvironment.modelPath)))
    }

    @Test func freshItemsAgainstTheirTwinsAreClean() async throws {
        let library = try TemplateLibrary.load()
        var items: [BenchmarkItem] = []
        for (offset, name) in ["shopping-en", "ages-en", "percent-en", "speed-en"].enumerated() {
            items += try FreshItemSource.named(name, library: library)
                .generate(count: 10, seed: 100 + UInt64(offset), level: nil, multipleChoice: false)
        }
        let out = AuditFixture.folder("audit-fresh")
        let benchmark = out + "/fresh.jsonl"
        try AuditFixture.write(items, to: benchmark)
        var job = AuditRun(benchmark: benchmark, outputFolder: out)
        job.seed = 7
        let summary = try await job.run(store: try store())
        #expect(summary.items == 40)
        #expect(summary.twins >= 30)
        #expect(summary.verdict == .clean)
        #expect(summary.flagged <= 4)   // stricter than the verdict: chance explains 6 of 40 items with 40 twins
        let lines = try String(contentsOfFile: out + "/items.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 40)
    }

    @Test func theModelsOwnGreedyTextIsFlagged() async throws {
        let subjects = ["river", "library", "winter", "market", "garden", "bridge", "kitchen", "forest", "harbor", "village",
                        "mountain", "station", "museum", "island", "castle", "desert", "school", "farm", "lighthouse", "orchard"]
        let prompts = subjects.map { "A short story about the \($0):" }
        let model = try LlamaModel(ModelConfiguration(path: TestEnvironment.modelPath))
        // Items: what the model writes greedily. Twins: the same prompts continued by hot sampling,
        // text of the same form the model did not choose.
        let greedy = try model.generateNow(prompts.map { GenerationRequest(text: $0, maxTokens: 24) })
        let sampled = try model.generateNow(prompts.enumerated().map { index, prompt in
            GenerationRequest(text: prompt, maxTokens: 24, sampling: SamplingParameters(temperature: 1.5, seed: UInt64(index)))
        })
        func items(_ results: [GenerationResult], _ prefix: String) -> [BenchmarkItem] {
            zip(prompts, results).enumerated().map { index, pair in
                BenchmarkItem(id: "\(prefix)/\(index)", question: pair.0 + pair.1.text, answer: "end")
            }
        }
        let out = AuditFixture.folder("audit-seen")
        try AuditFixture.write(items(greedy, "seen"), to: out + "/seen.jsonl")
        try AuditFixture.write(items(sampled, "fresh"), to: out + "/twins.jsonl")
        var job = AuditRun(benchmark: out + "/seen.jsonl", outputFolder: out)
        job.twins = out + "/twins.jsonl"
        job.probes = true
        let summary = try await job.run(store: SignalStore(model: model))
        #expect(summary.flaggedShare >= 0.5)
        #expect(summary.verdict == .contaminated)
        // The probes see it too: the model continues and predicts its own text as written.
        let probes = try String(contentsOfFile: out + "/probes.jsonl", encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(GenerationProbes.Result.self, from: Data($0.utf8))
        }
        func mean(_ prefix: String) -> Double {
            let values = probes.filter { $0.key.hasPrefix(prefix) }.compactMap(\.completionRougeL)
            return values.reduce(0, +) / Double(values.count)
        }
        // Measured: 0.77 vs 0.02 (greedy continuations drift where the 24-token texts ended).
        #expect(mean("item:") >= 0.6)
        #expect(mean("item:") > mean("twin:") + 0.4)
    }

    /// The membership set (`Corpora/membership`): 24 famous texts the model has seen in
    /// pre-training and 24 fresh ones of the same genres, which are also the twins, as
    /// bench/audit-validity audits them. Measured: suspicion AUROC 0.882, 15 members and no fresh
    /// text flagged.
    @Test func famousTextsOutrankFreshOnes() async throws {
        struct Text: Decodable { var id: String; var text: String; var member: Bool }
        let texts = try String(contentsOfFile: "Corpora/membership/texts.jsonl", encoding: .utf8)
            .split(separator: "\n").map { try JSONDecoder().decode(Text.self, from: Data($0.utf8)) }
        let out = AuditFixture.folder("audit-membership")
        try AuditFixture.write(texts.map { BenchmarkItem(id: $0.id, question: $0.text, answer: "") }, to: out + "/items.jsonl")
        try AuditFixture.write(texts.filter { !$0.member }.map { BenchmarkItem(id: "twin/" + $0.id, question: $0.text, answer: "") },
                               to: out + "/twins.jsonl")
        var job = AuditRun(benchmark: out + "/items.jsonl", outputFolder: out)
        job.twins = out + "/twins.jsonl"
        let summary = try await job.run(store: try store())
        let results = try String(contentsOfFile: out + "/items.jsonl", encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(AuditItemResult.self, from: Data($0.utf8))
        }
        let member = Dictionary(uniqueKeysWithValues: texts.map { ($0.id, $0.member) })
        let members = results.filter { member[$0.id] == true }
        let fresh = results.filter { member[$0.id] == false }
        let auroc = (EffectSize.cliffsDelta(members.map(\.suspicion), fresh.map(\.suspicion)) + 1) / 2
        #expect(auroc >= 0.8, "AUROC \(auroc)")
        #expect(members.count(where: \.flagged) >= 10)
        #expect(fresh.count(where: \.flagged) <= 3)   // BetaBinomial(24, 1, 24) (24 twins) at 95% is 4
        #expect(summary.verdict == .contaminated)
        // Perplexity, the strongest signal here, is weighed in, and every flag names its driver.
        #expect((summary.signalWeights?["ppl"] ?? 0) > 0)
        #expect(members.filter(\.flagged).allSatisfy { $0.drivenBy != nil })
    }
}
