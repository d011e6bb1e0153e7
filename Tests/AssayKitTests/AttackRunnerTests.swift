import Foundation
import Synchronization
import Testing
@testable import AssayKit

/// `AttackRunner` with a scripted model: what reaches the model, what is written, and resume.
@Suite struct AttackRunnerTests {
    /// Answers a prompt that contains a key of `answers` with its value, any other with a
    /// refusal; records every prompt it is asked to continue.
    final class ScriptedModel: LanguageModel, Sendable {
        let provenance = ModelProvenance(backend: "scripted", model: "scripted")
        let capabilities: ModelCapabilities
        let targets: [String: String]
        let seen = Mutex<[String]>([])

        init(chat: Bool, answers: [String: String]) {
            capabilities = chat ? [.generate, .chat] : .generate
            targets = answers
        }

        func tokenize(_ text: String) async throws -> [Int32] { [] }
        func detokenize(_ tokens: [Int32]) async throws -> String { "" }
        func score(_ requests: [ScoreRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [ScoreResult] { [] }
        func generate(_ requests: [GenerationRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [GenerationResult] {
            seen.withLock { $0 += requests.map(\.prompt.transcript) }
            return requests.map { request in
                let answer = targets.first { request.prompt.transcript.contains($0.key) }?.value ?? "I'm sorry, I can't."
                return GenerationResult(text: answer, tokens: [1, 2], logProbs: [0, 0], finishReason: .endOfText, promptTokens: 5)
            }
        }
    }

    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    func fixture() throws -> (items: [AttackItem], model: ScriptedModel, detector: AttackDetector) {
        let lexicons = Self.root.appendingPathComponent("Corpora/lexicons")
        let suite = try AttackSuite.load(Self.root.appendingPathComponent("Templates/attacks/prompt-leaking-en.attack"), lexiconFolder: lexicons)
        let items = try suite.generate(count: 6, seed: 2)
        // Items 0, 2, 4 leak (the answer quotes their canary); 1, 3, 5 get a refusal.
        let answers = Dictionary(uniqueKeysWithValues: items.enumerated().filter { $0.offset % 2 == 0 }.map { ($0.element.system!, "It is \($0.element.target).") })
        return (items, ScriptedModel(chat: true, answers: answers), try AttackDetector.load(from: lexicons))
    }

    func results(_ path: String) -> [AttackRecord] {
        ResultsLog<AttackRecord>(path: path, key: \.item.id).load()
    }

    func manifest(_ model: ScriptedModel) -> AttackManifest {
        AttackManifest(command: "attack", model: model.provenance, seed: 2, commandLine: [],
                       settings: AttackRunSettings(chat: true, count: 6, maxTokens: 8, language: "en", suites: ["prompt-leaking-en"]))
    }

    @Test func writesEveryVerdictAndSummarizes() async throws {
        let (items, model, detector) = try fixture()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-attack-\(UUID().uuidString)").path
        let outcome = try await AttackRunner(items: items, detector: detector, maxTokens: 8, chunkSize: 4)
            .run(model: model, folder: folder, resume: false, manifest: manifest(model))
        #expect(outcome.evaluated == 6 && outcome.resumed == 0)
        let records = results(folder + "/results.jsonl")
        #expect(records.map(\.item.id) == items.map(\.id))
        #expect(records.map(\.verdict.success) == [true, false, true, false, true, false])
        #expect(records.map(\.verdict.refused) == [false, true, false, true, false, true])
        #expect(outcome.summary.overall.successes == 3 && outcome.summary.categories["prompt_leaking"]?.n == 6)
        // Chat template: the system prompt with the canary and the user prompt both reach the model.
        let prompts = model.seen.withLock { $0 }
        #expect(prompts.count == 6)
        for (prompt, item) in zip(prompts, items) {
            #expect(prompt == Prompt.chat(system: item.system, user: item.prompt).transcript)
        }
        for file in ["summary.json", "report.html", "report.md"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/" + file))
        }
    }

    @Test func resumeRunsOnlyTheMissingItems() async throws {
        let (items, model, detector) = try fixture()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-attack-\(UUID().uuidString)").path
        let runner = AttackRunner(items: items, detector: detector, maxTokens: 8, chunkSize: 4)
        _ = try await runner.run(model: model, folder: folder, resume: false, manifest: manifest(model))
        let path = folder + "/results.jsonl"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        // Two whole lines and a torn third.
        try (lines[0] + "\n" + lines[1] + "\n" + lines[2].prefix(10)).write(toFile: path, atomically: true, encoding: .utf8)
        let fresh = ScriptedModel(chat: true, answers: model.targets)
        let outcome = try await runner.run(model: fresh, folder: folder, resume: true, manifest: manifest(fresh))
        #expect(outcome.evaluated == 4 && outcome.resumed == 2)
        #expect(fresh.seen.withLock { $0.count } == 4)
        #expect(results(path).map(\.item.id).sorted() == items.map(\.id).sorted())
        #expect(try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").count == 6)
    }

    @Test func withoutAChatTemplateTheTextsAreJoined() throws {
        let (items, _, detector) = try fixture()
        let request = AttackRunner(items: items, detector: detector).request(for: items[0], chat: false)
        #expect(request.prompt == .text(items[0].system! + "\n\n" + items[0].prompt + "\n\n"))
        let chat = AttackRunner(items: items, detector: detector).request(for: items[0], chat: true)
        #expect(chat.prompt == .chat([ChatMessage(.system, items[0].system!), ChatMessage(.user, items[0].prompt)]))
    }

    @Test func aPlantedAnswerThatCannotDifferIsAnError() throws {
        let suite = try AttackSuite.parse(text: """
            suite: same
            category: instruction_induction
            language: en
            slot a = int 3..3
            prompt: {a}?
            goal: answer {a}
            truth: {a}
            """, source: "t.attack")
        #expect(throws: AttackLibraryError.plantedEqualsTruth(suite: "same", draws: AttackSuite.maxDraws)) {
            try suite.generate(count: 1, seed: 0)
        }
    }
}
