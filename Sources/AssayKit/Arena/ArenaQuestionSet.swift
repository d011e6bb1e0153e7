import Foundation

/// The questions of an arena run, read from a question file (JSONL, one `ArenaQuestion` per
/// line) or the bundled set, and narrowed by category, language and count.
public struct ArenaQuestionSet: Sendable {
    /// The questions, in file order.
    public var questions: [ArenaQuestion]
    /// Where the questions came from: the path of their file.
    public var source: String

    public init(questions: [ArenaQuestion], source: String) {
        self.questions = questions
        self.source = source
    }

    /// The categories of the questions, sorted, each once.
    public var categories: [String] { Set(questions.compactMap(\.category)).sorted() }

    /// Reads a question file: one JSON object per line (see `ArenaQuestion`), blank lines
    /// allowed. A bad record is an `InputError.badLine` naming the file and line: invalid JSON,
    /// an unknown key, a missing or empty `id`, neither `question` nor `turns`, empty `turns`
    /// or `turns[0]` other than `question`, an id already used (naming the first line).
    /// A file without any question is `ArenaQuestionError.noQuestions`.
    public static func load(path: String) throws -> ArenaQuestionSet {
        let lines = LineReader(path: path)
        try lines.validate()
        var questions: [ArenaQuestion] = []
        var firstLines: [String: Int] = [:]
        for line in lines where !line.text.allSatisfy(\.isWhitespace) {
            do throws(RecordError) {
                let question = try ArenaQuestion(record: try jsonLineObject(line))
                if let first = firstLines[question.id] {
                    throw RecordError("duplicate id '\(question.id)' (first on line \(first))")
                }
                firstLines[question.id] = line.number
                questions.append(question)
            } catch {
                throw InputError.badLine(file: path, line: line.number, reason: error.reason)
            }
        }
        guard !questions.isEmpty else { throw ArenaQuestionError.noQuestions(source: path, reason: "the file holds no question") }
        return ArenaQuestionSet(questions: questions, source: path)
    }

    /// The bundled set, `Corpora/arena/questions.jsonl`: short English and Chinese questions
    /// in eight categories (writing, roleplay, reasoning, math, coding, extraction, knowledge,
    /// safety), with references for the ones that have a correct answer.
    public static func bundled() throws -> ArenaQuestionSet {
        try load(path: try AssayPaths.corpora().appendingPathComponent("arena/questions.jsonl").path)
    }

    /// The questions of the given categories (nil or empty: all) and language (nil: all),
    /// then at most `limit` of them: taken round-robin over the categories (in order of first
    /// appearance), each category's in file order, so a small limit still covers every
    /// category; the result keeps file order. Throws `ArenaQuestionError` for a category not
    /// in the set (listing those present), a limit below 1, or a selection left empty.
    public func filtered(categories: [String]?, language: String?, limit: Int?) throws -> ArenaQuestionSet {
        if let limit, limit < 1 { throw ArenaQuestionError.invalidLimit(limit) }
        let wanted = categories ?? []
        let known = self.categories
        if let unknown = wanted.first(where: { !known.contains($0) }) {
            throw ArenaQuestionError.unknownCategory(name: unknown, known: known)
        }
        let kept = questions.filter { question in
            (wanted.isEmpty || question.category.map { wanted.contains($0) } == true)
                && (language == nil || question.language == language)
        }
        guard !kept.isEmpty else {
            let languages = Set(questions.compactMap(\.language)).sorted().joined(separator: ", ")
            let scope = (language.map { " in language '\($0)'" } ?? "")
                + (wanted.isEmpty ? "" : " of the categories \(wanted.joined(separator: ", "))")
            throw ArenaQuestionError.noQuestions(source: source, reason: "no question\(scope) (languages: \(languages))")
        }
        return ArenaQuestionSet(questions: limit.map { Self.roundRobin(kept, limit: $0) } ?? kept, source: source)
    }

    /// The first `limit` questions picked one category at a time (categories in order of first
    /// appearance, each category's questions in order), returned in their original order.
    static func roundRobin(_ questions: [ArenaQuestion], limit: Int) -> [ArenaQuestion] {
        guard limit < questions.count else { return questions }
        var order: [String?] = []
        var indices: [String?: [Int]] = [:]
        for (index, question) in questions.enumerated() {
            if indices[question.category] == nil { order.append(question.category) }
            indices[question.category, default: []].append(index)
        }
        var chosen: [Int] = []
        var round = 0
        while chosen.count < limit {
            for category in order where chosen.count < limit {
                if let queue = indices[category], round < queue.count { chosen.append(queue[round]) }
            }
            round += 1
        }
        return chosen.sorted().map { questions[$0] }
    }
}

/// Problems with an arena question set as a whole (a bad line is an `InputError`).
public enum ArenaQuestionError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, or what a filter left of it, holds no question.
    case noQuestions(source: String, reason: String)
    /// A category asked for that no question has.
    case unknownCategory(name: String, known: [String])
    /// A limit below 1.
    case invalidLimit(Int)

    public var description: String {
        switch self {
        case .noQuestions(let source, let reason): return "\(source): \(reason)"
        case .unknownCategory(let name, let known):
            return "no arena question has the category '\(name)'; categories: \(known.joined(separator: ", "))"
        case .invalidLimit(let limit): return "the question limit must be at least 1, not \(limit)"
        }
    }
}
