import AssayTestSupport
import Foundation
import Testing
@testable import AssayKit

/// Capabilities are checked before any work, with messages that say what is missing, what
/// needed it and what provides it; an audit on a backend without some signals still runs.
@Suite struct CapabilityTests {
    static func fake(without missing: ModelCapabilities, name: String = "fake") -> FakeModel {
        FakeModel(name: name, capabilities: FakeModel.allCapabilities.subtracting(missing))
    }

    /// Runs `body`, expecting `ModelCapabilityError.missing`, and returns its fields.
    static func missing(_ body: () throws -> Void) -> (capability: String, purpose: String, model: String, description: String)? {
        do {
            try body()
            Issue.record("expected a ModelCapabilityError, got success")
        } catch let error as ModelCapabilityError {
            if case .missing(let capability, let purpose, let model, _) = error {
                return (capability, purpose, model, error.description)
            }
        } catch {
            Issue.record("expected a ModelCapabilityError, got \(error)")
        }
        return nil
    }

    static func file(_ name: String, _ items: [BenchmarkItem]) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-capabilities-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let lines = try items.map { String(decoding: try JSONEncoder().encode($0), as: UTF8.self) }
        let path = folder.appendingPathComponent(name).path
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    // MARK: ModelCapabilities.require

    @Test func everyMissingCapabilityIsNamedWithWhatProvidesIt() throws {
        for entry in ModelCapabilities.all {
            let lacking = FakeModel.allCapabilities.subtracting(entry.capability)
            do {
                try lacking.require(entry.capability, for: "the purpose", model: "m.gguf")
                Issue.record("\(entry.name): expected an error")
            } catch {
                #expect(error == .missing(capability: entry.name, purpose: "the purpose", model: "m.gguf", providedBy: entry.providedBy))
                #expect(error.description == "the purpose needs \(entry.name), which m.gguf does not provide (it comes with \(entry.providedBy))")
            }
            #expect(throws: Never.self) { try FakeModel.allCapabilities.require(entry.capability, for: "x", model: "m") }
        }
        // The first missing one in the fixed order is named.
        let error = Self.missing { try ModelCapabilities([.generate]).require([.tokenize, .tokenLogProbs, .generate], for: "p", model: "m") }
        #expect(error?.capability == "token log-probabilities")
        #expect(throws: Never.self) { try ModelCapabilities([.generate, .chat]).require([], for: "p", model: "m") }
    }

    @Test func aModelsRequireNamesTheModel() throws {
        let model = Self.fake(without: .tokenLogProbs, name: "tiny")
        let error = Self.missing { try model.require(.tokenLogProbs, for: "perplexity") }
        #expect(error?.capability == "token log-probabilities" && error?.purpose == "perplexity" && error?.model == "tiny")
        let description = try #require(error?.description)
        for part in ["perplexity", "token log-probabilities", "tiny", "vLLM", "llama-server"] {
            #expect(description.contains(part), "\(part) missing from: \(description)")
        }
        let served = ModelProvenance(backend: "openai-http", model: "m", endpoint: "http://127.0.0.1:9/v1")
        #expect(served.displayName == "m at http://127.0.0.1:9/v1")
    }

    // MARK: EvalPlan.check

    @Test func evalRefusesWhatTheModelCannotDo() throws {
        let choice = try Self.file("mc.jsonl", [BenchmarkItem(id: "c/1", question: "Pick one", choices: ["x", "y"], answer: "A")])
        let open = try Self.file("open.jsonl", [BenchmarkItem(id: "o/1", question: "2 + 2?", answer: "4")])
        let choiceSettings = EvalSettings(benchmark: choice), openSettings = EvalSettings(benchmark: open)
        let choicePlan = try EvalPlan(choiceSettings) { _ in }, openPlan = try EvalPlan(openSettings) { _ in }
        #expect(choicePlan.requirements(choiceSettings) == .tokenLogProbs)
        #expect(openPlan.requirements(openSettings) == .generate)

        let noLogProbs = Self.fake(without: .tokenLogProbs)
        let refused = Self.missing { try choicePlan.check(noLogProbs, settings: choiceSettings) }
        #expect(refused?.capability == "token log-probabilities" && refused?.purpose == "this evaluation")
        #expect(throws: Never.self) { try openPlan.check(noLogProbs, settings: openSettings) }

        let noGeneration = Self.fake(without: .generate)
        #expect(Self.missing { try openPlan.check(noGeneration, settings: openSettings) }?.capability == "generate")
        #expect(throws: Never.self) { try choicePlan.check(noGeneration, settings: choiceSettings) }

        // --chat also needs a chat template; --mode perplexity needs log-probabilities.
        var chat = openSettings
        chat.chat = true
        let chatPlan = try EvalPlan(chat) { _ in }
        #expect(chatPlan.requirements(chat) == [.generate, .chat])
        #expect(Self.missing { try chatPlan.check(Self.fake(without: .chat), settings: chat) }?.capability == "chat")
        var perplexity = openSettings
        perplexity.mode = .perplexity
        let perplexityPlan = try EvalPlan(perplexity) { _ in }
        #expect(Self.missing { try perplexityPlan.check(noLogProbs, settings: perplexity) }?.capability == "token log-probabilities")
    }

    // MARK: AuditRun.check and skipped signals

    @Test func auditRefusesWithoutLogProbsAndProbesWithoutTokenize() throws {
        let audit = AuditRun(benchmark: "unused.jsonl", outputFolder: "unused")
        let refused = Self.missing { try audit.check(SignalStore(model: Self.fake(without: .tokenLogProbs))) }
        #expect(refused?.capability == "token log-probabilities" && refused?.purpose == "audit (likelihood signals)")
        #expect(throws: Never.self) { try audit.check(SignalStore(model: Self.fake(without: [.tokenize, .generate]))) }
        let reference = Self.missing {
            try audit.check(SignalStore(model: FakeModel(), reference: Self.fake(without: .tokenLogProbs, name: "ref")))
        }
        #expect(reference?.purpose == "audit --reference-model" && reference?.model == "ref")

        var probing = audit
        probing.probes = true
        let probes = Self.missing { try probing.check(SignalStore(model: Self.fake(without: .tokenize))) }
        #expect(probes?.capability == "tokenize" && probes?.purpose == "audit --probes")
        #expect(throws: Never.self) { try probing.check(SignalStore(model: FakeModel())) }
        var evaluating = audit
        evaluating.evaluate = true
        #expect(Self.missing { try evaluating.check(SignalStore(model: Self.fake(without: .generate))) }?.capability == "generate")
    }

    @Test func skippedSignalsFollowTheCapabilities() {
        #expect(AuditRun.skippedSignals(for: FakeModel.allCapabilities).isEmpty)
        let noDistribution = AuditRun.skippedSignals(for: FakeModel.allCapabilities.subtracting(.fullDistribution))
        #expect(noDistribution.count == 1 && noDistribution[0].hasPrefix("min_k_pp: "))
        let noGreedy = AuditRun.skippedSignals(for: FakeModel.allCapabilities.subtracting(.greedyTokens))
        #expect(noGreedy.count == 1 && noGreedy[0].hasPrefix("ngram_acc: "))
        let served = AuditRun.skippedSignals(for: [.generate, .chat, .tokenLogProbs])
        #expect(served.map { $0.prefix { $0 != ":" } } == ["min_k_pp", "ngram_acc"])
        #expect(served.allSatisfy { $0.contains("needs") })
    }

    // MARK: An audit on a served-like backend

    /// Six items and twelve twins (arithmetic word problems), canonical JSONL.
    static func auditFiles() throws -> (items: String, twins: String, output: String) {
        let names = ["Ana", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Mo", "Nia", "Oto", "Pia", "Quin", "Ray"]
        func item(_ index: Int, prefix: String) -> BenchmarkItem {
            let a = 3 + index, b = 2 * index + 5
            return BenchmarkItem(id: "\(prefix)/\(index)", subset: "shopping",
                                 question: "\(names[index]) buys \(a) apples and then \(b) pears at the market. How many fruits does \(names[index]) carry home?",
                                 answer: "\(a + b)")
        }
        let items = try Self.file("items.jsonl", (0..<6).map { item($0, prefix: "item") })
        let twins = try Self.file("twins.jsonl", (6..<18).map { item($0, prefix: "twin") })
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("assay-capability-audit-\(UUID().uuidString)").path
        return (items, twins, output)
    }

    static func audit(_ model: FakeModel) async throws -> (summary: AuditSummary, output: String, twins: Int) {
        let files = try auditFiles()
        var audit = AuditRun(benchmark: files.items, outputFolder: files.output)
        audit.twins = files.twins
        audit.seed = 3
        let summary = try await audit.run(store: SignalStore(model: model))
        return (summary, files.output, 12)
    }

    @Test func auditWithoutDistributionOrGreedyTokensSkipsThoseSignals() async throws {
        let model = Self.fake(without: [.fullDistribution, .greedyTokens], name: "served-like")
        let (summary, output, twins) = try await Self.audit(model)
        #expect(summary.items == 6 && summary.twins == twins)
        #expect(summary.signals == ["ppl", "min_k", "zlib_ratio"])
        #expect(summary.manifest.model.model == "served-like")
        #expect(summary.manifest.settings.skippedSignals == AuditRun.skippedSignals(for: model.capabilities))
        #expect(summary.manifest.settings.skippedSignals.count == 2)

        // items.jsonl: no value for the skipped signals, and no percentile from them.
        let lines = try String(contentsOfFile: output + "/items.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 6)
        for line in lines {
            let result = try JSONDecoder().decode(AuditItemResult.self, from: Data(line.utf8))
            #expect(result.signals.minKPlusPlus == nil && result.signals.ngramAccuracy == nil)
            #expect(result.signals.minK < 0 && result.signals.perplexity > 1)
            #expect(Set(result.percentiles.keys) == ["ppl", "min_k", "zlib_ratio"])
            let json = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            for key in ["min_k_pp", "ngram_acc"] { #expect(json[key] == nil || json[key] is NSNull) }
        }
        // summary.json records what was skipped, and why.
        let data = try Data(contentsOf: URL(fileURLWithPath: output + "/summary.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let settings = (json["manifest"] as? [String: Any])?["settings"] as? [String: Any]
        let skipped = try #require(settings?["skipped_signals"] as? [String])
        #expect(skipped.map { $0.prefix { $0 != ":" } } == ["min_k_pp", "ngram_acc"])
        #expect(json["signals"] as? [String] == ["ppl", "min_k", "zlib_ratio"])
        // Only the scoring the audit needs: whole texts, no context.
        #expect(model.scores.withLock { $0 }.allSatisfy { $0.context == nil })
        #expect(model.generations.withLock { $0.isEmpty })
    }

    @Test func auditWithEveryCapabilityUsesThoseSignals() async throws {
        let (summary, _, _) = try await Self.audit(FakeModel())
        #expect(summary.signals.contains("min_k_pp") && summary.signals.contains("ngram_acc"))
        #expect(summary.manifest.settings.skippedSignals.isEmpty)
    }
}
