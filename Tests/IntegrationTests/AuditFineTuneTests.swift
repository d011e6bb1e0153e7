import Foundation
import Testing
@testable import AssayKit

/// The third kind of membership set: items a model was fine-tuned on. llama.cpp's own
/// `llama-finetune` (built by `scripts/setup --finetune` from the pinned source) trains the
/// default model, dequantized to F32, on 20 of 40 fresh template items, each seen 9 times (3
/// copies, 3 epochs, no validation split; about 2 minutes on 2 cores); the other 20 are never
/// shown. Both models are
/// audited on all 40 with the twin builder's twins, as a user would run it.
@Suite(.serialized) struct AuditFineTuneTests {
    static let home = FileManager.default.homeDirectoryForCurrentUser.path
    static var f32Model: String {
        ProcessInfo.processInfo.environment["ASSAY_F32_MODEL"] ?? home + "/.cache/assay/models/SmolLM2-135M-Instruct.F32.gguf"
    }
    static var finetune: String {
        (ProcessInfo.processInfo.environment["ASSAY_LLAMA_BIN"] ?? home + "/.cache/assay/llama-0.3.36/build/bin") + "/llama-finetune"
    }

    /// Measured by `bench/audit-validity --finetune` on the same set (2026-12-05): suspicion
    /// AUROC members vs the others 0.958 after the fine-tune and 0.417 before it; members are
    /// 0.52 nats per token more familiar than their own twins after it, -0.02 before it (0.19
    /// after it when template twins kept the items' names, see `TwinBuilder`). The verdict is
    /// `suspicious` there, 8 flags against the 6 chance explains: too close to assert.
    @Test func itemsTheModelWasFineTunedOnOutrankTheOthers() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.finetune), FileManager.default.fileExists(atPath: Self.f32Model) else {
            Issue.record("needs \(Self.finetune) and \(Self.f32Model): run scripts/setup --finetune")
            return
        }
        let library = try TemplateLibrary.load()
        var items: [BenchmarkItem] = []
        for name in ["shopping-en", "ages-en", "percent-en", "speed-en"] {
            items += try FreshItemSource.named(name, library: library).generate(count: 10, seed: 21, level: nil, multipleChoice: false)
        }
        let members = Set(items.indices.filter { $0 % 2 == 0 }.map { items[$0].id })
        // One fixed folder, emptied first: a run killed midway leaves no 540 MB model behind for long.
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("assay-audit-finetune").path
        try? FileManager.default.removeItem(atPath: out)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: out) }
        try AuditFixture.write(items, to: out + "/items.jsonl")
        // Three copies of every member, each copy in its own seeded order.
        var generator = SeededGenerator(seed: 5)
        var copies: [String] = []
        for _ in 0..<3 { copies += items.filter { members.contains($0.id) }.map(OverlapIndex.text(of:)).shuffled(using: &generator) }
        try (copies.joined(separator: "\n\n") + "\n").write(toFile: out + "/train.txt", atomically: true, encoding: .utf8)
        // Idle OpenMP threads must not spin beside the other suites' decoding; 15 minutes at most.
        let training = try await AssayBinary.run(
            executable: Self.finetune, ["-m", Self.f32Model, "-f", out + "/train.txt", "-c", "256", "-b", "256", "-ub", "256",
                                        "-t", "2", "-lr", "5e-5", "-epochs", "3", "-val-split", "0", "-o", out + "/tuned.gguf"],
            environment: ["OMP_WAIT_POLICY": "passive"], timeout: 900)
        try #require(training.status == 0, "llama-finetune exited with \(training.status): \(training.stderr.suffix(2000))")

        func audit(_ model: String, _ name: String) async throws -> (auroc: Double, flagged: (Int, Int), twinGap: Double) {
            var job = AuditRun(benchmark: out + "/items.jsonl", outputFolder: out + "/" + name)
            job.seed = 0
            _ = try await job.run(store: SignalStore(model: try LlamaModel(ModelConfiguration(path: model))))
            let results = try String(contentsOfFile: out + "/\(name)/items.jsonl", encoding: .utf8).split(separator: "\n").map {
                try JSONDecoder().decode(AuditItemResult.self, from: Data($0.utf8))
            }
            let inSet = results.filter { members.contains($0.id) }, others = results.filter { !members.contains($0.id) }
            let auroc = (EffectSize.cliffsDelta(inSet.map(\.suspicion), others.map(\.suspicion)) + 1) / 2
            // Each member against its own twin, in log-perplexity per token.
            let scored = try String(contentsOfFile: out + "/\(name)/signals.jsonl", encoding: .utf8).split(separator: "\n").map {
                try JSONDecoder().decode(SignalStore.Record.self, from: Data($0.utf8))
            }
            let logPPL = Dictionary(scored.map { ($0.key, -log($0.signals.perplexity)) }, uniquingKeysWith: { first, _ in first })
            let gaps = members.compactMap { id -> Double? in
                guard let item = logPPL["item:" + id], let twin = logPPL["twin:" + id + "~twin"] else { return nil }
                return item - twin
            }
            #expect(gaps.count == members.count)
            return (auroc, (inSet.count(where: \.flagged), others.count(where: \.flagged)), gaps.reduce(0, +) / Double(max(1, gaps.count)))
        }
        let tuned = try await audit(out + "/tuned.gguf", "tuned")
        try? FileManager.default.removeItem(atPath: out + "/tuned.gguf")
        let base = try await audit(Self.f32Model, "base")
        #expect(tuned.auroc >= 0.8, "AUROC after the fine-tune \(tuned.auroc)")
        #expect(base.auroc <= 0.7, "AUROC before it \(base.auroc): members were drawn like the others")
        #expect(tuned.flagged.0 > tuned.flagged.1, "flagged members / others: \(tuned.flagged)")
        #expect(tuned.twinGap >= 0.3, "members vs their twins: \(tuned.twinGap) nats per token")
        #expect(abs(base.twinGap) < 0.15, "before the fine-tune: \(base.twinGap)")
    }
}
