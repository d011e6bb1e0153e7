import Foundation

/// One question of an arena run (a judge model grades the answers, as in MT-Bench or
/// Arena-Hard): a single prompt, or the user turns of one conversation, with an optional
/// reference answer the judge may compare against.
///
/// In a question file (JSONL) a question is one object whose keys come in this order:
/// `id`, `category`, `language`, `question`, then optionally `reference` and `turns`.
public struct ArenaQuestion: Codable, Hashable, Sendable {
    /// Unique within its set, e.g. "en-math-03".
    public var id: String
    /// The kind of task ("writing", "math", "safety", ...), for filtering and per-category scores.
    public var category: String?
    /// The language of the question ("en" or "zh" in the bundled set).
    public var language: String?
    /// The first (often the only) user turn.
    public var question: String
    /// A correct answer the judge may use as a reference; nil for open-ended tasks.
    public var reference: String?
    /// Every user turn of a multi-turn question, with `turns[0] == question`; nil for one turn.
    /// A reference of a multi-turn question covers all its turns.
    public var turns: [String]?

    public init(id: String, category: String? = nil, language: String? = nil, question: String,
                reference: String? = nil, turns: [String]? = nil) {
        self.id = id
        self.category = category
        self.language = language
        self.question = question
        self.reference = reference
        self.turns = turns
    }

    /// The user turns to send, in order: `turns`, or just `question`.
    public var userTurns: [String] { turns ?? [question] }
}

extension ArenaQuestion {
    /// The keys a question record may have, in the order a question file writes them.
    static let recordKeys = ["id", "category", "language", "question", "reference", "turns"]

    /// The question of one JSONL record. Refuses (with a reason naming the field) an unknown
    /// key, so a misspelt optional field is not silently dropped; a missing or empty `id`; a
    /// present but empty text; a record with neither `question` nor `turns`; empty `turns`,
    /// or `turns` whose first turn differs from `question`. Without `question`, it is `turns[0]`.
    init(record: JSONObject) throws(RecordError) {
        if let unknown = record.fields.first(where: { !Self.recordKeys.contains($0.key) }) {
            throw RecordError("unknown field '\(unknown.key)' (known: \(Self.recordKeys.joined(separator: ", ")))")
        }
        guard let id = try record.nonEmptyString("id") else { throw RecordError("missing field 'id'") }
        let question = try record.nonEmptyString("question")
        var turns: [String]?
        if let value = record["turns"], value != .null {
            let given = try record.requiredStrings("turns")
            guard !given.isEmpty else { throw RecordError("field 'turns' is empty") }
            if let blank = given.firstIndex(where: \.isBlank) { throw RecordError("field 'turns'[\(blank)] is empty") }
            if let question, question != given[0] {
                throw RecordError("field 'turns'[0] must equal field 'question' (turns holds every user turn)")
            }
            turns = given
        }
        guard let first = question ?? turns?.first else { throw RecordError("missing field 'question' (or 'turns')") }
        self.init(id: id, category: try record.nonEmptyString("category"), language: try record.nonEmptyString("language"),
                  question: first, reference: try record.nonEmptyString("reference"), turns: turns)
    }
}

private extension JSONObject {
    /// An optional string field that, when present, holds more than white space.
    func nonEmptyString(_ key: String) throws(RecordError) -> String? {
        guard let text = try optionalString(key) else { return nil }
        guard !text.isBlank else { throw RecordError("field '\(key)' is empty") }
        return text
    }
}

private extension String {
    var isBlank: Bool { allSatisfy(\.isWhitespace) }
}
