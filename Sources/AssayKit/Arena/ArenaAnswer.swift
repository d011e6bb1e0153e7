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
        let lines = LineReader(path: path)
        try lines.validate()
        let turns = Dictionary(questions.questions.map { ($0.id, $0.userTurns.count) }, uniquingKeysWith: { first, _ in first })
        var answers: [String: ArenaAnswer] = [:]
        var firstLines: [String: Int] = [:]
        for line in lines where !line.text.allSatisfy(\.isWhitespace) {
            do throws(RecordError) {
                let answer = try ArenaAnswer(record: try jsonLineObject(line))
                if let first = firstLines[answer.id] { throw RecordError("duplicate id '\(answer.id)' (first on line \(first))") }
                firstLines[answer.id] = line.number
                guard let expected = turns[answer.id] else { continue }
                guard answer.answers.count == expected else {
                    throw RecordError("question '\(answer.id)' has \(expected) turns: give \"answers\" with \(expected) texts, one per turn")
                }
                answers[answer.id] = answer
            } catch {
                throw InputError.badLine(file: path, line: line.number, reason: error.reason)
            }
        }
        return answers
    }

    /// Fields an answer line may hold: Assay's own `answers/<name>.jsonl` lines (with `tokens`
    /// and `finish`) are valid answer files; `tokens`, `finish`, `candidate` and `model` are ignored.
    static let recordKeys = ["id", "answer", "answers", "tokens", "finish", "candidate", "model"]

    /// One line of a user's answer file.
    init(record: JSONObject) throws(RecordError) {
        if let unknown = record.fields.first(where: { !Self.recordKeys.contains($0.key) }) {
            throw RecordError("unknown field '\(unknown.key)' (known: \(Self.recordKeys.joined(separator: ", ")))")
        }
        let id = try record.requiredString("id")
        guard !id.isEmpty else { throw RecordError("empty field 'id'") }
        if record["answers"] != nil {
            self.init(id: id, answers: try record.requiredStrings("answers"))
        } else {
            self.init(id: id, answers: [try record.requiredString("answer")])
        }
    }
}
