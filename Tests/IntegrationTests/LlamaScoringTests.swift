import Foundation
import Testing
@testable import AssayKit

/// Scoring with the real default model through llama.cpp.
@Suite(.serialized) struct LlamaScoringTests {
    static let texts = [
        "The quick brown fox jumps over the lazy dog.",
        "Seven plus five equals twelve, and twelve minus five equals seven.",
        "She opened the window; the room filled with the smell of rain.",
        "A prime number has exactly two divisors: one and itself.",
        "小明有三个苹果，他又买了两个。",
        "Tokens",
        "The committee met on Tuesday to discuss the budget for the next fiscal year, but no decision was reached.",
    ]

    func model(ctx: Int = 4096, batch: Int = 512, seqs: Int = 8) throws -> LlamaModel {
        try LlamaModel(ModelConfiguration(path: TestEnvironment.modelPath, contextSize: ctx, batchSize: batch, sequences: seqs))
    }

    func expectClose(_ a: ScoreResult, _ b: ScoreResult, tolerance: Double = 1e-3, _ label: String) {
        #expect(a.tokens.map(\.token) == b.tokens.map(\.token), "\(label): tokens differ")
        for (x, y) in zip(a.tokens, b.tokens) {
            #expect(abs(x.logProb - y.logProb) <= tolerance, "\(label): \(x.logProb) vs \(y.logProb)")
            #expect(abs(x.distribution!.expectedLogProb - y.distribution!.expectedLogProb) <= tolerance, "\(label): expected log p")
            #expect(abs(x.distribution!.varianceLogProb - y.distribution!.varianceLogProb) <= 10 * tolerance, "\(label): variance")
        }
    }

    /// A chat-template context is scored as the special tokens its markup stands for, exactly
    /// as generation reads the same prompt: the greedy answer is greedy under scoring, and its
    /// log p match generation's (to 0.05 nats: generation decodes one token at a time, with
    /// other kernels than a scoring batch).
    @Test func chatContextIsTheRenderedTemplate() throws {
        let model = try model()
        let chat = Prompt.chat([ChatMessage(.user, "What is the capital of France?")])
        let prompt = try model.applyChatTemplate([ChatMessage(.user, "What is the capital of France?")], addAssistantTurn: true)
        let generated = try model.generateNow([GenerationRequest(prompt: chat, maxTokens: 8)])[0]
        let marked = try model.scoreNow([ScoreRequest(text: generated.text, context: chat)])[0]
        #expect(marked.tokens.map(\.token) == generated.tokens)
        for (score, logProb) in zip(marked.tokens, generated.logProbs ?? []) {
            #expect(abs(score.logProb - logProb) <= 0.05, "\(score.logProb) vs \(logProb)")
        }
        #expect(marked.isGreedy == true)
        // Read as plain text, the markup is other tokens and the answer scores differently.
        let plain = try model.scoreNow([ScoreRequest(text: generated.text, context: prompt)])[0]
        #expect(plain.tokens.map(\.token) == marked.tokens.map(\.token))
        #expect(abs(plain.logProbSum - marked.logProbSum) > 0.5)
    }

    @Test func packedBatchEqualsOneAtATime() throws {
        let m = try model()
        let packed = try m.scoreNow(Self.texts.map { ScoreRequest(text: $0) })
        for (i, text) in Self.texts.enumerated() {
            let alone = try m.scoreNow([ScoreRequest(text: text)])[0]
            expectClose(packed[i], alone, "text \(i)")
            #expect(packed[i].count == (try m.tokenize(text, addSpecial: false)).count, "every token is scored")
        }
    }

    @Test func smallBatchesSplitAcrossDecodeCallsGiveTheSameScores() throws {
        let reference = try model().scoreNow(Self.texts.map { ScoreRequest(text: $0) })
        let split = try model(batch: 16, seqs: 2).scoreNow(Self.texts.map { ScoreRequest(text: $0) })
        for i in Self.texts.indices { expectClose(reference[i], split[i], "text \(i)") }
    }

    @Test func sharedContextEqualsScoringEachPairWhole() throws {
        let m = try model()
        let context = "Question: What do bees make?\nAnswer:"
        let continuations = [" Honey.", " Milk and cheese.", " Nothing at all, they only sleep.", " Wax"]
        let shared = try m.scoreNow(continuations.map { ScoreRequest(text: $0, context: context) })
        for (i, continuation) in continuations.enumerated() {
            // Alone, the job is evaluated as one sequence: context and continuation together.
            let whole = try m.scoreNow([ScoreRequest(text: continuation, context: context)])[0]
            expectClose(shared[i], whole, "continuation \(i)")
            #expect(shared[i].count == (try m.tokenize(continuation, addSpecial: false)).count)
        }
    }

    @Test func cachedFewShotPrefixEqualsScoringFromScratch() throws {
        let m = try model()
        let header = (1...6).map { "Question: What is \($0) plus \($0 + 2)?\nAnswer: \($0 + $0 + 2)\n\n" }.joined()
        let questions = ["What is 4 plus 9?", "What is 10 plus 1?", "What is 7 plus 7?"]
        let choices = [" 13", " 11", " 14", " 20"]
        var requests: [ScoreRequest] = []
        for q in questions { for c in choices { requests.append(ScoreRequest(text: c, context: header + "Question: \(q)\nAnswer:")) } }
        let planned = try requests.map(m.planRequest)
        #expect(m.cachedPrefixLength(planned) >= LlamaModel.minimumCachedPrefix, "the header is long enough to cache")
        let batched = try m.scoreNow(requests)
        for (i, request) in requests.enumerated() {
            let alone = try m.scoreNow([request])[0]
            expectClose(batched[i], alone, "request \(i)")
        }
    }

    @Test func pairScoresEqualTheTailOfTheWholeText() throws {
        let m = try model()
        // With a context ending at a token boundary, the continuation's scores are the tail
        // of the whole text's scores.
        let context = "The capital of France is"
        let continuation = " Paris"
        let pair = try m.scoreNow([ScoreRequest(text: continuation, context: context)])[0]
        let whole = try m.scoreNow([ScoreRequest(text: context + continuation)])[0]
        let ctxCount = try m.tokenize(context, addSpecial: false).count
        // " Paris" stays one token whether tokenized alone or after the context.
        try #require(try m.tokenize(context + continuation, addSpecial: false).count == ctxCount + pair.count)
        expectClose(pair, ScoreResult(tokens: Array(whole.tokens[ctxCount...])), "tail")
    }

    @Test func statisticsAreConsistent() throws {
        let results = try model().scoreNow(Self.texts.map { ScoreRequest(text: $0) })
        for result in results {
            for t in result.tokens {
                #expect(t.logProb <= 1e-6)
                let rank = try #require(t.rank), moments = try #require(t.distribution)
                #expect(rank >= 1)
                #expect((rank == 1) == (t.token == t.greedyToken) || t.logProb == 0)
                #expect(moments.expectedLogProb <= 1e-9)
                #expect(moments.varianceLogProb >= 0)
            }
            #expect(result.perplexity! > 1)
        }
    }

    @Test func longTextUsesSlidingWindowsAndScoresEveryToken() throws {
        let text = Array(repeating: "The committee met again to discuss the budget and the plans for next year.", count: 12).joined(separator: " ")
        let small = try model(ctx: 128, batch: 64, seqs: 2)
        let tokens = try small.tokenize(text, addSpecial: false)
        #expect(tokens.count > 150)
        let result = try small.scoreNow([ScoreRequest(text: text)])[0]
        #expect(result.tokens.map(\.token) == tokens)
        // The first window (BOS + 63 tokens) matches scoring that prefix alone.
        let prefixText = try small.detokenize(Array(tokens.prefix(63)))
        let prefix = try small.scoreNow([ScoreRequest(text: prefixText)])[0]
        if prefix.tokens.map(\.token) == Array(tokens.prefix(63)) {
            expectClose(ScoreResult(tokens: Array(result.tokens.prefix(63))), prefix, "first window")
        }
        // Repeated text is predictable once seen: later windows are far more confident.
        let firstMean = result.tokens.prefix(20).map(\.logProb).reduce(0, +) / 20
        let lastMean = result.tokens.suffix(40).map(\.logProb).reduce(0, +) / 40
        #expect(lastMean > firstMean + 1)
    }

    @Test func pairLongerThanTheWindowIsAnError() throws {
        let small = try model(ctx: 64, batch: 32, seqs: 2)
        let context = Array(repeating: "word", count: 400).joined(separator: " ")
        #expect(throws: ModelError.self) { try small.scoreNow([ScoreRequest(text: " end", context: context)]) }
        do {
            _ = try small.scoreNow([ScoreRequest(text: " end", context: context)])
        } catch let error as ModelError {
            guard case .contextTooSmall(let item, let needed, let available) = error else {
                Issue.record("wrong error \(error)"); return
            }
            #expect(item == 0 && needed > available && available == small.window)
        }
    }

    @Test func emptyTextIsAnInvalidRequest() throws {
        #expect(throws: ModelError.self) { try model().scoreNow([ScoreRequest(text: "")]) }
    }

    /// Scores do not depend on the thread count (ggml splits work by output rows, never along a
    /// sum), so the thread governor may change it in the middle of a run.
    @Test func scoresAreTheSameWithOneThreadOrTwo() throws {
        func scores(_ threads: Int) throws -> [[Double]] {
            let model = try LlamaModel(ModelConfiguration(path: TestEnvironment.modelPath, threads: threads, contextSize: 4096))
            return try model.scoreNow(Self.texts.map { ScoreRequest(text: $0) }).map { $0.tokens.map(\.logProb) }
        }
        #expect(try scores(1) == scores(2))
    }

    /// Beside a busy process on every core, a model with the default (adaptive) threads goes
    /// down to one thread within a few decodes; one given a fixed count keeps it.
    @Test(.enabled(if: (CPULoad.allowedCPUs?.count ?? 1) >= 2, "needs 2 cores"))
    func busyCoresLowerTheDefaultThreads() async throws {
        let cores = try #require(CPULoad.allowedCPUs?.count)
        let burners = try (0..<cores).map { _ in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", "while :; do :; done"]
            try process.run()
            return process
        }
        defer { burners.forEach { kill($0.processIdentifier, SIGKILL); $0.waitUntilExit() } }
        let adaptive = try LlamaModel(ModelConfiguration(path: TestEnvironment.modelPath, contextSize: 2048, sequences: 1))
        let fixed = try LlamaModel(ModelConfiguration(path: TestEnvironment.modelPath, threads: cores, contextSize: 2048, sequences: 1))
        #expect(adaptive.configuration.adaptiveThreads && !fixed.configuration.adaptiveThreads)
        let deadline = Date().addingTimeInterval(60)
        while adaptive.decodingThreads > 1, Date() < deadline {
            _ = try await adaptive.score([ScoreRequest(text: Self.texts[6])], progress: nil)
        }
        #expect(adaptive.decodingThreads == 1)
        for _ in 0..<3 { _ = try await fixed.score([ScoreRequest(text: Self.texts[6])], progress: nil) }
        #expect(fixed.decodingThreads == cores)
    }
}
