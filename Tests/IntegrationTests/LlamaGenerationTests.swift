import Foundation
import Testing
@testable import AssayKit

/// Generation with the real default model through llama.cpp.
@Suite(.serialized) struct LlamaGenerationTests {
    static let prompts = [
        "The capital of France is",
        "List three fruits:",
        "def add(a, b):\n    return",
        "Once upon a time",
    ]

    func model(seqs: Int = 8) throws -> LlamaModel {
        try LlamaModel(ModelConfiguration(path: TestEnvironment.modelPath, sequences: seqs))
    }

    @Test func greedyIsReproducibleAndIndependentOfBatching() throws {
        let m = try model()
        let requests = Self.prompts.map { GenerationRequest(text: $0, maxTokens: 24) }
        let first = try m.generateNow(requests)
        let second = try m.generateNow(requests)
        #expect(first.map(\.text) == second.map(\.text))
        let single = try model(seqs: 1).generateNow(requests)
        for (a, b) in zip(first, single) {
            // Batched and one-at-a-time decoding may round differently; the greedy path is
            // expected to agree on at least the first tokens.
            #expect(Array(a.tokens.prefix(8)) == Array(b.tokens.prefix(8)))
        }
        for r in first {
            #expect(!r.tokens.isEmpty)
            #expect(r.logProbs?.count == r.tokens.count)
            #expect(r.logProbs?.allSatisfy { $0 <= 1e-6 } == true)
        }
    }

    @Test func greedyOutputIsWhatScoringCallsGreedy() throws {
        let m = try model()
        let prompt = "The three primary colors are"
        let generated = try m.generateNow([GenerationRequest(text: prompt, maxTokens: 16)])[0]
        #expect(generated.finishReason == .length)
        let text = try m.detokenize(generated.tokens)
        let scored = try m.scoreNow([ScoreRequest(text: text, context: prompt)])[0]
        #expect(scored.tokens.map(\.token) == generated.tokens)
        // Generation decodes one token per step, scoring the whole text in one batch; llama.cpp
        // uses different CPU kernels for the two, so log-probabilities agree closely, not
        // exactly (on AVX2 with repacked Q4_1 weights by up to ~0.06 nats in the first tokens, on
        // AVX-512 by less), and a near tie may flip the greedy choice.
        let greedyShare = Double(scored.tokens.filter { $0.rank == 1 }.count) / Double(scored.count)
        #expect(greedyShare >= 0.75, "the model's own greedy output is mostly greedy under scoring")
        let diffs = zip(scored.tokens.map(\.logProb), generated.logProbs ?? []).map { abs($0 - $1) }
        #expect(diffs.reduce(0, +) / Double(diffs.count) < 0.05)
        #expect(diffs.prefix(4).allSatisfy { $0 < 0.1 })
    }

    @Test func seededSamplingIsReproducible() throws {
        let m = try model()
        func run(_ seed: UInt64) throws -> [String] {
            try m.generateNow(Self.prompts.map {
                GenerationRequest(text: $0, maxTokens: 20, sampling: SamplingParameters(temperature: 1.0, topK: 40, topP: 0.95, seed: seed))
            }).map(\.text)
        }
        let a = try run(7), b = try run(7), c = try run(8)
        #expect(a == b)
        #expect(a != c)
    }

    @Test func stopStringsCutTheText() throws {
        let m = try model()
        let free = try m.generateNow([GenerationRequest(text: "1, 2, 3, 4,", maxTokens: 24)])[0]
        #expect(free.finishReason == .length && free.tokens.count == 24)
        // Stop at a piece of text the greedy continuation is known to contain (past its start).
        let tail = free.text.dropFirst(4)
        let stop = String(tail.prefix(3))
        let cut = try #require(free.text.range(of: stop, range: free.text.index(free.text.startIndex, offsetBy: 1)..<free.text.endIndex))
        let stopped = try m.generateNow([GenerationRequest(text: "1, 2, 3, 4,", maxTokens: 24, stop: [stop])])[0]
        #expect(stopped.finishReason == .stop)
        #expect(stopped.text == String(free.text[..<cut.lowerBound]))
        #expect(stopped.tokens.count < free.tokens.count)
    }

    @Test func moreRequestsThanSequencesAllFinish() throws {
        let m = try model(seqs: 2)
        let requests = (0..<7).map { GenerationRequest(text: "Number \($0):", maxTokens: 6) }
        let results = try m.generateNow(requests)
        #expect(results.count == 7)
        let alone = try m.generateNow([requests[5]])[0]
        #expect(Array(results[5].tokens.prefix(3)) == Array(alone.tokens.prefix(3)))
    }

    @Test func promptTooLongForTheContextIsAnError() throws {
        let m = try LlamaModel(ModelConfiguration(path: TestEnvironment.modelPath, contextSize: 128, batchSize: 64, sequences: 2))
        let prompt = Array(repeating: "word", count: 400).joined(separator: " ")
        #expect(throws: ModelError.self) { try m.generateNow([GenerationRequest(text: prompt, maxTokens: 8)]) }
    }

    @Test func chatTemplateWrapsTheMessage() throws {
        let m = try model()
        let text = try m.applyChatTemplate([ChatMessage(.user, "Hello there")], addAssistantTurn: true)
        #expect(text.contains("Hello there"))
        #expect(text.count > "Hello there".count)
    }
}

/// Errors a user can act on, with the real llama.cpp.
@Suite struct LlamaLoadingTests {
    @Test func missingFile() {
        #expect(throws: ModelError.fileNotFound(path: "/nonexistent/model.gguf")) {
            try LlamaModel(ModelConfiguration(path: "/nonexistent/model.gguf"))
        }
    }

    @Test func notAGGUFFile() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-not-gguf-\(getpid()).bin").path
        try Data("this is not a model".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ModelError.notGGUF(path: path)) { try LlamaModel(ModelConfiguration(path: path)) }
    }

    @Test func infoDescribesTheDefaultModel() throws {
        let m = try LlamaModel(ModelConfiguration(path: TestEnvironment.modelPath))
        #expect(m.info.vocabularySize == 49152)
        #expect(m.info.parameters > 100_000_000)
        #expect(m.info.chatTemplate != nil)
        let tokens = try m.tokenize("Hello world", addSpecial: false)
        #expect(try m.detokenize(tokens) == "Hello world")
    }
}
