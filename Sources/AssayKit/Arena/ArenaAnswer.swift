import Foundation

/// A candidate's answer to one question: one text per user turn. Lines of
/// `answers/<candidate>.jsonl`, written by Assay or given by the user.
public struct ArenaAnswer: Codable, Hashable, Sendable {
    /// The question's id.
    public var id: String
    /// The assistant's answers, one per user turn.
    public var answers: [String]
    /// Tokens generated over all turns (nil for answers from a file).
    public var tokens: Int?
    /// Why each turn's generation ended (nil for answers from a file).
    public var finish: [String]?

    public init(id: String, answers: [String], tokens: Int? = nil, finish: [String]? = nil) {
        self.id = id
        self.answers = answers
        self.tokens = tokens
        self.finish = finish
    }

    /// The last turn's answer: what a judge grades.
    public var answer: String { answers.last ?? "" }

    enum CodingKeys: String, CodingKey { case id, answer, answers, tokens, finish }

    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        if let turns = try container.decodeIfPresent([String].self, forKey: .answers) {
            answers = turns
        } else {
            answers = [try container.decode(String.self, forKey: .answer)]
        }
        tokens = try container.decodeIfPresent(Int.self, forKey: .tokens)
        finish = try container.decodeIfPresent([String].self, forKey: .finish)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(answer, forKey: .answer)
        try container.encode(answers, forKey: .answers)
        try container.encodeIfPresent(tokens, forKey: .tokens)
        try container.encodeIfPresent(finish, forKey: .finish)
    }
}

extension ArenaAnswer {
    /// The answers of a user's file, by question id: one JSON object per line with `id` and
    /// `answer` (or `answers`, one per turn; required for two-turn questions). Blank lines are
    /// skipped; anything else wrong names the file and line. Answers to ids that are not in
    /// `questions` are ignored (a file may cover a larger set).
    public static func load(path: String, questions: ArenaQuestionSet) throws -> [String: ArenaAnswer] {
        let text = try InputError.readText(URL(fileURLWithPath: path))
        let turns = Dictionary(questions.questions.map { ($0.id, $0.userTurns.count) }, uniquingKeysWith: { first, _ in first })
        let allowed: Set<String> = ["id", "answer", "answers", "tokens", "finish", "candidate", "model"]
        var answers: [String: ArenaAnswer] = [:]
        var firstLine: [String: Int] = [:]
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            guard !line.allSatisfy(\.isWhitespace) else { continue }
            func bad(_ reason: String) -> InputError { .badLine(file: path, line: number, reason: reason) }
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any] else {
                throw bad("not a JSON object")
            }
            if let unknown = object.keys.sorted().first(where: { !allowed.contains($0) }) {
                throw bad("unknown key '\(unknown)' (expected id, answer or answers)")
            }
            guard let answer = try? JSONLinesWriter.makeDecoder().decode(ArenaAnswer.self, from: Data(line.utf8)) else {
                throw bad("needs a string 'id' and a string 'answer' (or 'answers': a list of strings)")
            }
            guard !answer.id.isEmpty else { throw bad("empty 'id'") }
            if let first = firstLine[answer.id] { throw bad("id '\(answer.id)' repeats line \(first)") }
            firstLine[answer.id] = number
            guard let expected = turns[answer.id] else { continue }
            guard answer.answers.count == expected else {
                throw bad("question '\(answer.id)' has \(expected) turns: give \"answers\" with \(expected) texts, one per turn")
            }
            answers[answer.id] = answer
        }
        return answers
    }
}
