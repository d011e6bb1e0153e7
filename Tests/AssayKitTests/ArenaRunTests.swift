import Foundation
import Synchronization
import Testing
@testable import AssayKit

/// A judge whose replies a closure writes from the prompt: planted biases, malformed replies,
/// failures. Generation only (no log-probabilities), so verdicts are parsed.
final class ScriptedJudge: LanguageModel {
    let reply: @Sendable (_ prompt: String, _ attempt: Int) throws -> String
    let calls = Mutex(0)

    init(_ reply: @escaping @Sendable (_ prompt: String, _ attempt: Int) throws -> String) { self.reply = reply }

    var provenance: ModelProvenance { ModelProvenance(backend: "scripted", model: "scripted-judge") }
    var capabilities: ModelCapabilities { [.generate, .chat] }
    func tokenize(_ text: String) async throws -> [Int32] { [] }
    func detokenize(_ tokens: [Int32]) async throws -> String { "" }
    func score(_ requests: [ScoreRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [ScoreResult] { [] }
    func generate(_ requests: [GenerationRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [GenerationResult] {
        try requests.map { request in
            calls.withLock { $0 += 1 }
            guard case .chat(let messages) = request.prompt else { throw CancellationError() }
            let attempt = messages.filter { $0.role == .assistant }.count + 1
            let text = try reply(messages.first { $0.role == .user }!.content, attempt)
            return GenerationResult(text: text, tokens: [], tokenCount: 1, logProbs: nil, finishReason: .endOfText, promptTokens: 1)
        }
    }
}

/// The answer shown as Assistant A (resp. B) in a pairwise judge prompt: the text of its block.
func shownAnswer(_ prompt: String, _ side: String) -> String {
    guard let start = prompt.range(of: "[Begin: Assistant \(side)'s answer]") else { return "" }
    let rest = prompt[start.upperBound...]
    return String(rest[..<(rest.range(of: "[End:")?.lowerBound ?? rest.endIndex)])
}

/// The arena pipeline with answer files and scripted judges: ratings, planted judge biases,
/// malformed replies, resume and bad input.
@Suite struct ArenaRunTests {
    static let questions = (1...6).map { index in
        ArenaQuestion(id: "q\(index)", category: index % 2 == 0 ? "writing" : "math", language: "en",
                      question: "Question \(index)?", reference: nil, turns: nil)
    }

    /// A folder with answer files: "long" answers at length 200, "short" at 40, "mid" at 100.
    static func material() throws -> (folder: String, candidates: [ArenaCandidate]) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("arena-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var candidates: [ArenaCandidate] = []
        for (name, length) in [("long", 200), ("short", 40), ("mid", 100)] {
            let path = folder + "/\(name).jsonl"
            let lines = questions.map { q in
                #"{"id":"\#(q.id)","answer":"\#(name) \#(String(repeating: "x", count: length))"}"#
            }
            try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
            candidates.append(ArenaCandidate(name: name, source: .answers(path: path)))
        }
        return (folder, candidates)
    }

    static func options(_ mode: ArenaMode, _ candidates: [ArenaCandidate], folder: String, judge: ModelSource? = nil) -> ArenaOptions {
        var options = ArenaOptions(mode: mode, questions: ArenaQuestionSet(questions: questions, source: "test"),
                                   candidates: candidates, judge: judge, folder: folder + "/out")
        options.quiet = true
        options.resamples = 50
        return options
    }

    /// Runs the judging part with a scripted judge (answers come from files).
    static func run(_ options: ArenaOptions, judge: ScriptedJudge) async throws -> ArenaRun.Outcome {
        var options = options
        if options.judge == nil { options.judge = .gguf(ModelConfiguration(path: "scripted.gguf")) }
        return try await ArenaRun(options: options, judgeOverride: judge).run()
    }

    @Test func aJudgeThatAlwaysSaysAIsFoundPositionBiased() async throws {
        let (folder, candidates) = try Self.material()
        let judge = ScriptedJudge { _, _ in "[[A]] Assistant A is better." }
        let outcome = try await Self.run(Self.options(.pairwise, candidates, folder: folder), judge: judge)
        let ratings = outcome.ratings
        #expect(ratings.judgments == 6 * 3 * 2 && ratings.parsed == ratings.judgments)
        #expect(ratings.battles == 18 && ratings.positionInconsistent == 18)
        let diagnostics = try #require(ratings.diagnostics)
        #expect(diagnostics.consistency.rate == 0)
        #expect(diagnostics.positionBias.rate == 1)
        // Every battle a tie: equal win rates, equal ratings.
        #expect(ratings.records?.values.allSatisfy { $0.ties == 12 && $0.winRate == 0.5 } == true)
    }

    @Test func aJudgeThatPrefersTheLongerAnswerIsFoundLengthBiased() async throws {
        let (folder, candidates) = try Self.material()
        let judge = ScriptedJudge { prompt, _ in
            shownAnswer(prompt, "A").filter { $0 == "x" }.count >= shownAnswer(prompt, "B").filter { $0 == "x" }.count ? "[[A]]" : "[[B]]"
        }
        var options = Self.options(.baseline, candidates, folder: folder)
        options.baseline = "mid"
        let ratings = try await Self.run(options, judge: judge).ratings
        #expect(ratings.positionInconsistent == 0)
        #expect(ratings.records?["long"]?.winRate == 1 && ratings.records?["short"]?.winRate == 0)
        let diagnostics = try #require(ratings.diagnostics)
        #expect(diagnostics.consistency.rate == 1)
        #expect(diagnostics.lengthBias.rate == 1)
        let bt = try #require(ratings.bradleyTerry)
        #expect(bt["mid"]?.rating == 1000)
        #expect(bt["long"]!.rating > 1000 && bt["short"]!.rating < 1000)
        #expect(ratings.lengthControlled?["long"] != nil)
    }

    @Test func malformedRepliesAreAskedAgainOnceThenCounted() async throws {
        let (folder, candidates) = try Self.material()
        // q1: fixed by the retry; q2: never parsable; others fine.
        let judge = ScriptedJudge { prompt, attempt in
            if prompt.contains("Question 1?") { return attempt == 1 ? "I think A is better" : "[[A]]" }
            if prompt.contains("Question 2?") { return attempt == 1 ? "[[A]] and [[B]]" : "" }
            return "[[C]]"
        }
        let outcome = try await Self.run(Self.options(.pairwise, Array(candidates.prefix(2)), folder: folder), judge: judge)
        let records = ResultsLog<JudgmentRecord>(path: folder + "/out/judgments.jsonl", key: \.key).load()
        #expect(records.count == 12)
        #expect(records.filter { $0.questionID == "q1" }.allSatisfy { $0.attempts == 2 && $0.verdict == .a && $0.failure == nil })
        #expect(records.filter { $0.questionID == "q2" }.allSatisfy { $0.attempts == 2 && $0.verdict == nil && $0.failure != nil })
        #expect(outcome.ratings.parsed == 10 && outcome.ratings.unparsed.values.reduce(0, +) == 2)
        #expect(outcome.ratings.battles == 5, "the question without a verdict is left out, not scored as a loss")
    }

    @Test func resumeJudgesNothingTwice() async throws {
        let (folder, candidates) = try Self.material()
        struct Interrupted: Error {}
        let budget = Mutex(33)    // the first chunk (32) is written, the second fails
        let failing = ScriptedJudge { _, _ in
            try budget.withLock { left in
                guard left > 0 else { throw Interrupted() }
                left -= 1
                return "[[B]]"
            }
        }
        var options = Self.options(.pairwise, candidates, folder: folder)
        await #expect(throws: Interrupted.self) { _ = try await Self.run(options, judge: failing) }
        let kept = ResultsLog<JudgmentRecord>(path: folder + "/out/judgments.jsonl", key: \.key).load().count
        #expect(kept > 0 && kept < 36)
        let judge = ScriptedJudge { _, _ in "[[B]]" }
        options.resume = true
        let outcome = try await Self.run(options, judge: judge)
        #expect(outcome.judged == 36 - kept && outcome.resumedJudgments == kept)
        #expect(judge.calls.withLock { $0 } == 36 - kept)
        let keys = ResultsLog<JudgmentRecord>(path: folder + "/out/judgments.jsonl", key: \.key).load().map(\.key)
        #expect(keys.count == 36 && Set(keys).count == 36)
    }

    @Test func missingAnswersAreReportedAndLeftOut() async throws {
        let (folder, candidates) = try Self.material()
        let partial = folder + "/partial.jsonl"
        try #"{"id":"q1","answer":"only one"}"#.write(toFile: partial, atomically: true, encoding: .utf8)
        let judge = ScriptedJudge { _, _ in "[[A]]" }
        let outcome = try await Self.run(Self.options(.pairwise, [candidates[0], ArenaCandidate(name: "partial", source: .answers(path: partial))],
                                                      folder: folder), judge: judge)
        #expect(outcome.ratings.missingAnswers["partial"] == ["q2", "q3", "q4", "q5", "q6"])
        #expect(outcome.ratings.judgments == 2)
    }

    @Test func badOptionsAreRefusedWithAReason() throws {
        let (folder, candidates) = try Self.material()
        var options = Self.options(.baseline, candidates, folder: folder, judge: .gguf(ModelConfiguration(path: "judge.gguf")))
        #expect(throws: UsageError.self) { try options.validate() }
        options.baseline = "nobody"
        #expect(throws: UsageError.invalidValue(option: "baseline", value: "nobody",
                                                reason: "not a candidate (candidates: long, short, mid)")) { try options.validate() }
        options = Self.options(.peer, Array(candidates.prefix(2)), folder: folder)
        #expect(throws: UsageError.self) { try options.validate() }
        options = Self.options(.pairwise, candidates + [candidates[0]], folder: folder, judge: .gguf(ModelConfiguration(path: "j.gguf")))
        #expect(throws: UsageError.invalidValue(option: "candidate", value: "long", reason: "two candidates share this name")) { try options.validate() }
        #expect(throws: UsageError.self) { try ArenaCandidate.parse("no-equals") { .gguf(ModelConfiguration(path: $0)) } }
        #expect(throws: UsageError.self) { try ArenaCandidate.parse("bad/name=x.gguf") { .gguf(ModelConfiguration(path: $0)) } }
        #expect(try ArenaCandidate.parse("a=x.jsonl") { .gguf(ModelConfiguration(path: $0)) }.source == .answers(path: "x.jsonl"))
    }

    @Test func badAnswerFilesNameTheLine() throws {
        let set = ArenaQuestionSet(questions: Self.questions, source: "test")
        let cases: [(String, Int)] = [
            (#"{"id":"q1","answer":"a"}"# + "\nnot json\n", 2),
            (#"{"id":"q1","anwser":"a"}"#, 1),
            (#"{"id":"q1","answer":"a"}"# + "\n" + #"{"id":"q1","answer":"b"}"#, 2),
            (#"{"id":"q1"}"#, 1),
        ]
        for (text, line) in cases {
            let path = FileManager.default.temporaryDirectory.appendingPathComponent("answers-\(UUID().uuidString).jsonl").path
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            do {
                _ = try ArenaAnswer.load(path: path, questions: set)
                Issue.record("accepted: \(text)")
            } catch let error as InputError {
                guard case .badLine(_, let reported, _) = error else { Issue.record("\(error)"); continue }
                #expect(reported == line, "\(error)")
            }
        }
    }

    /// Assay's own answers/<name>.jsonl (with tokens and finish) is a valid answer file.
    @Test func generatedAnswerFilesReadBack() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("answers-\(UUID().uuidString).jsonl").path
        let written = [ArenaAnswer(id: "q1", answers: ["one"], tokens: 3, finish: ["eos"]), ArenaAnswer(id: "q2", answers: ["two"])]
        let writer = try JSONLinesWriter(path: path)
        for answer in written { try writer.write(answer) }
        let read = try ArenaAnswer.load(path: path, questions: ArenaQuestionSet(questions: Self.questions, source: "test"))
        #expect(read["q1"]?.answers == ["one"] && read["q2"]?.answer == "two" && read.count == 2)
    }

    @Test func aDryRunIsSeededAndNeedsNoJudge() async throws {
        let (folder, candidates) = try Self.material()
        var options = Self.options(.pairwise, candidates, folder: folder)
        options.dryRun = true
        options.seed = 3
        let first = try await ArenaRun(options: options).run()
        let bytes = try Data(contentsOf: URL(fileURLWithPath: folder + "/out/judgments.jsonl"))
        _ = try await ArenaRun(options: options).run()
        #expect(try Data(contentsOf: URL(fileURLWithPath: folder + "/out/judgments.jsonl")) == bytes)
        #expect(first.ratings.parsed == 36)
        options.resume = true
        options.dryRun = false
        options.judge = .gguf(ModelConfiguration(path: "judge.gguf"))
        await #expect(throws: UsageError.self) { _ = try await ArenaRun(options: options).run() }
    }
}
