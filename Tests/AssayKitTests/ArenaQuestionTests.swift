import Foundation
import Testing
@testable import AssayKit

/// Arena question sets: the bundled file's shape, `file:line` errors for malformed records,
/// and filtering with a round-robin limit.
@Suite struct ArenaQuestionTests {
    static let categories = ["coding", "extraction", "knowledge", "math", "reasoning", "roleplay", "safety", "writing"]

    /// A set of questions whose categories come in the given order, with ids "q1", "q2", ...
    func set(_ categories: [String], language: String = "en") -> ArenaQuestionSet {
        let questions = categories.enumerated().map { index, category in
            ArenaQuestion(id: "q\(index + 1)", category: category, language: language, question: "Question \(index + 1)?")
        }
        return ArenaQuestionSet(questions: questions, source: "test.jsonl")
    }

    /// Loads `text` as a question file and expects the bad-line error `reason` at `line`.
    func expectBad(_ text: String, line: Int, reason: String,
                   sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let path = try FormatTestSupport.file("questions.jsonl", text)
        #expect(throws: InputError.badLine(file: path, line: line, reason: reason), sourceLocation: sourceLocation) {
            try ArenaQuestionSet.load(path: path)
        }
    }

    @Test func bundledSetHasItsShape() throws {
        let set = try ArenaQuestionSet.bundled()
        let questions = set.questions
        #expect(set.source.hasSuffix("Corpora/arena/questions.jsonl"))
        #expect(questions.count >= 80)
        #expect(questions.filter { $0.language == "zh" }.count >= 24)
        #expect(questions.filter { $0.language == "en" }.count >= 50)
        #expect(set.categories == Self.categories)
        for category in Self.categories {
            #expect(questions.filter { $0.category == category }.count >= 8, "\(category)")
        }
        #expect(questions.filter { $0.userTurns.count >= 2 }.count >= 10)
        #expect(questions.map(\.id) == questions.map(\.id).sorted())
        for question in questions {
            #expect(question.id.hasPrefix("\(question.language ?? "?")-\(question.category ?? "?")-"), "\(question.id)")
            #expect(question.userTurns.first == question.question, "\(question.id)")
            if ["math", "reasoning", "extraction", "coding"].contains(question.category) {
                #expect(question.reference != nil, "\(question.id) has no reference")
            }
        }
    }

    @Test func bundledFileWritesKeysInCanonicalOrder() throws {
        let path = try ArenaQuestionSet.bundled().source
        for line in LineReader(path: path) {
            let keys = try jsonLineObject(line).fields.map(\.key)
            #expect(keys == ArenaQuestion.recordKeys.filter { keys.contains($0) }, "line \(line.number): \(keys)")
        }
    }

    @Test func recordsReadWithBlankLinesAndTurns() throws {
        let text = """
            {"id": "a", "category": "math", "language": "en", "question": "1 + 1?", "reference": "2"}

            {"id": "b", "turns": ["Write a poem.", "Shorter, please."]}
            {"id": "c", "question": "Hi?", "turns": ["Hi?", "And then?"], "category": null}

            """
        let set = try ArenaQuestionSet.load(path: try FormatTestSupport.file("q.jsonl", text))
        #expect(set.questions == [
            ArenaQuestion(id: "a", category: "math", language: "en", question: "1 + 1?", reference: "2"),
            ArenaQuestion(id: "b", question: "Write a poem.", turns: ["Write a poem.", "Shorter, please."]),
            ArenaQuestion(id: "c", question: "Hi?", turns: ["Hi?", "And then?"]),
        ])
        #expect(set.questions.map(\.userTurns.count) == [1, 2, 2])
        #expect(set.categories == ["math"])
    }

    @Test func badRecordsNameTheirLine() throws {
        let good = #"{"id": "a", "question": "q"}"#
        try expectBad(good + "\n\n" + #"{"id": "b", "question": }"#, line: 3, reason: "invalid JSON: unexpected character '}'")
        try expectBad("[1, 2]", line: 1, reason: "expected a JSON object, found an array")
        try expectBad(#"{"question": "q"}"#, line: 1, reason: "missing field 'id'")
        try expectBad(#"{"id": " ", "question": "q"}"#, line: 1, reason: "field 'id' is empty")
        try expectBad(#"{"id": 7, "question": "q"}"#, line: 1, reason: "field 'id' must be a string, not a number")
        try expectBad(good + "\n" + #"{"id": "b", "category": "math"}"#, line: 2, reason: "missing field 'question' (or 'turns')")
        try expectBad(#"{"id": "a", "question": ""}"#, line: 1, reason: "field 'question' is empty")
        try expectBad(#"{"id": "a", "turns": []}"#, line: 1, reason: "field 'turns' is empty")
        try expectBad(#"{"id": "a", "turns": ["q", 2]}"#, line: 1, reason: "field 'turns'[1] must be a string, not a number")
        try expectBad(#"{"id": "a", "turns": ["q", "  "]}"#, line: 1, reason: "field 'turns'[1] is empty")
        try expectBad(#"{"id": "a", "question": "q", "turns": ["other", "more"]}"#, line: 1,
                      reason: "field 'turns'[0] must equal field 'question' (turns holds every user turn)")
        try expectBad(good + "\n" + #"{"id": "a", "question": "q", "refrence": "r"}"#, line: 2, reason: "unknown field 'refrence' (known: id, category, language, question, reference, turns)")
        try expectBad(good + "\n" + #"{"id": "b", "question": "q"}"# + "\n\n" + good, line: 4,
                      reason: "duplicate id 'a' (first on line 1)")
    }

    @Test func fileErrorsAreReported() throws {
        let path = try FormatTestSupport.file("q.jsonl", #"{"id": "a", "refrence": "r", "question": "q"}"#)
        let error = #expect(throws: InputError.self) { try ArenaQuestionSet.load(path: path) }
        #expect(error?.description == "\(path):1: unknown field 'refrence' (known: id, category, language, question, reference, turns)")
        let missing = path + ".absent"
        #expect(throws: InputError.fileNotFound(path: missing)) { try ArenaQuestionSet.load(path: missing) }
        let empty = try FormatTestSupport.file("empty.jsonl", "\n  \n")
        #expect(throws: ArenaQuestionError.noQuestions(source: empty, reason: "the file holds no question")) {
            try ArenaQuestionSet.load(path: empty)
        }
    }

    @Test func filtersByCategoryAndLanguage() throws {
        let set = try ArenaQuestionSet.bundled()
        let math = try set.filtered(categories: ["math"], language: nil, limit: nil)
        #expect(!math.questions.isEmpty && math.questions.allSatisfy { $0.category == "math" })
        #expect(math.questions.count == set.questions.filter { $0.category == "math" }.count)
        let zhCode = try set.filtered(categories: ["coding", "math"], language: "zh", limit: nil)
        #expect(!zhCode.questions.isEmpty)
        #expect(zhCode.questions.allSatisfy { $0.language == "zh" && ["coding", "math"].contains($0.category) })
        #expect(try set.filtered(categories: [], language: nil, limit: nil).questions == set.questions)
        #expect(try set.filtered(categories: nil, language: nil, limit: nil).source == set.source)
    }

    @Test func filterErrors() throws {
        let set = try ArenaQuestionSet.bundled()
        #expect(throws: ArenaQuestionError.unknownCategory(name: "poetry", known: Self.categories)) {
            try set.filtered(categories: ["math", "poetry"], language: nil, limit: nil)
        }
        #expect(ArenaQuestionError.unknownCategory(name: "poetry", known: ["math", "writing"]).description
                == "no arena question has the category 'poetry'; categories: math, writing")
        #expect(throws: ArenaQuestionError.invalidLimit(0)) { try set.filtered(categories: nil, language: nil, limit: 0) }
        #expect(throws: ArenaQuestionError.noQuestions(source: set.source,
                                                       reason: "no question in language 'fr' of the categories math (languages: en, zh)")) {
            try set.filtered(categories: ["math"], language: "fr", limit: nil)
        }
    }

    @Test func limitTakesCategoriesRoundRobinInFileOrder() throws {
        let set = self.set(["math", "math", "math", "writing", "math", "coding", "writing", "coding"])
        let ids = { (limit: Int) in try set.filtered(categories: nil, language: nil, limit: limit).questions.map(\.id) }
        #expect(try ids(1) == ["q1"])
        #expect(try ids(3) == ["q1", "q4", "q6"])
        #expect(try ids(5) == ["q1", "q2", "q4", "q6", "q7"])
        #expect(try ids(7) == ["q1", "q2", "q3", "q4", "q6", "q7", "q8"])
        #expect(try ids(8) == set.questions.map(\.id))
        #expect(try ids(100) == set.questions.map(\.id))
        let writing = try set.filtered(categories: ["writing", "coding"], language: "en", limit: 3)
        #expect(writing.questions.map(\.id) == ["q4", "q6", "q7"])
    }

    @Test func smallLimitOfTheBundledSetCoversEveryCategory() throws {
        let set = try ArenaQuestionSet.bundled()
        let eight = try set.filtered(categories: nil, language: "zh", limit: 8)
        #expect(eight.questions.count == 8)
        #expect(eight.categories == Self.categories)
        #expect(eight.questions.allSatisfy { $0.language == "zh" })
        let order = set.questions.map(\.id)
        #expect(eight.questions.map(\.id) == order.filter { eight.questions.map(\.id).contains($0) })
    }
}
