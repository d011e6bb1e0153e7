import Foundation

/// Generates a candidate model's answers to a question set, turn by turn (a second turn sees
/// the model's own first answer), greedy, into `answers/<candidate>.jsonl`: chunk by chunk, so
/// an interrupted run keeps what was done, and a resumed one generates only what is missing.
public struct AnswerGenerator: Sendable {
    /// Most new tokens per turn.
    public var maxTokens: Int
    /// Questions generated together (and appended together).
    public var chunkSize: Int

    public init(maxTokens: Int = 256, chunkSize: Int = 8) {
        self.maxTokens = maxTokens
        self.chunkSize = chunkSize
    }

    /// The answers of `model` to every question, old (when resuming) and new, by id; and how
    /// many were generated now.
    public func answers(of model: some LanguageModel, questions: [ArenaQuestion], path: String, resume: Bool,
                        progress: ProgressReporter?) async throws -> (generated: Int, answers: [String: ArenaAnswer]) {
        let log = ResultsLog<ArenaAnswer>(path: path, name: "answers", key: \.id)
        let chat = model.capabilities.contains(.chat)
        let (generated, records) = try await log.fill(questions, key: \.id, resume: resume, chunkSize: chunkSize,
                                                      progress: progress, stop: { InterruptSignal.isRaised }) { chunk in
            try await answer(chunk, model: model, chat: chat)
        }
        return (generated, Dictionary(records.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last }))
    }

    /// Answers every turn of `chunk`: all first turns in one call, then all second turns...
    func answer(_ chunk: [ArenaQuestion], model: some LanguageModel, chat: Bool) async throws -> [ArenaAnswer] {
        var replies = Array(repeating: [String](), count: chunk.count)
        var tokens = Array(repeating: 0, count: chunk.count)
        var finish = Array(repeating: [String](), count: chunk.count)
        let turnCount = chunk.map(\.userTurns.count).max() ?? 0
        for turn in 0..<turnCount {
            let open = chunk.indices.filter { chunk[$0].userTurns.count > turn }
            let requests = open.map { index in
                request(turns: Array(chunk[index].userTurns[...turn]), replies: replies[index], chat: chat)
            }
            let results = try await model.generate(requests, progress: nil)
            for (index, result) in zip(open, results) {
                replies[index].append(result.text.trimmingCharacters(in: .whitespacesAndNewlines))
                tokens[index] += result.tokenCount
                finish[index].append(result.finishReason.rawValue)
            }
        }
        return chunk.indices.map { ArenaAnswer(id: chunk[$0].id, answers: replies[$0], tokens: tokens[$0], finish: finish[$0]) }
    }

    /// The conversation so far with the last user turn open: a chat for a model with a
    /// template, else a plain transcript that stops where the next user turn would begin.
    func request(turns: [String], replies: [String], chat: Bool) -> GenerationRequest {
        if chat {
            var messages: [ChatMessage] = []
            for (index, turn) in turns.enumerated() {
                messages.append(ChatMessage(.user, turn))
                if index < replies.count { messages.append(ChatMessage(.assistant, replies[index])) }
            }
            return GenerationRequest(prompt: .chat(messages), maxTokens: maxTokens)
        }
        var text = ""
        for (index, turn) in turns.enumerated() {
            text += "User: \(turn)\n\nAssistant:"
            if index < replies.count { text += " \(replies[index])\n\n" }
        }
        return GenerationRequest(text: text, maxTokens: maxTokens, stop: ["\nUser:"])
    }
}
