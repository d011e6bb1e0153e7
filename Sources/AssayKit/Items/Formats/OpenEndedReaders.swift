import Foundation

/// Readers of HumanEval, general question-answer JSONL and Assay's canonical JSONL.
enum OpenEndedReaders {
    static func read(file: String, format: BenchmarkFormat, into sink: ItemSink) throws {
        switch format {
        case .humaneval:
            try sink.jsonLines(file: file, known: IgnoredFields(known: humanEvalFields)) { (object, _) throws(RecordError) in
                try humanEvalItem(object, file: file)
            }
        case .qa: try readQA(file: file, into: sink)
        default: try readCanonical(file: file, into: sink)
        }
    }

    /// The fields of upstream HumanEval records.
    static let humanEvalFields: Set<String> = ["task_id", "prompt", "canonical_solution", "test", "entry_point"]

    /// HumanEval, mapped so that everything the runner needs survives canonical JSONL:
    /// `question` = prompt, `answer` = entry point, `context` = the test code (defining
    /// `check(candidate)`), `solution` = the canonical solution, `id` = task_id.
    static func humanEvalItem(_ object: JSONObject, file: String) throws(RecordError) -> BenchmarkItem {
        let taskID = try object.requiredString("task_id")
        let entryPoint = try object.requiredString("entry_point")
        guard !entryPoint.isEmpty, entryPoint.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw RecordError("entry_point '\(entryPoint)' is not a Python identifier")
        }
        return BenchmarkItem(id: taskID, benchmark: "humaneval", subset: "humaneval",
                             question: try object.requiredString("prompt"), answer: entryPoint,
                             context: try object.requiredString("test"),
                             solution: try object.optionalString("canonical_solution"),
                             provenance: BenchmarkReader.provenance(file))
    }

    /// General QA: `query`/`response`, or `question`/`answer`; an `id` field is kept.
    static func readQA(file: String, into sink: ItemSink) throws {
        let stem = BenchmarkReader.stem(file)
        try sink.jsonLines(file: file) { (object, index) throws(RecordError) in
            let hasQuery = object["query"] != nil
            let question = try object.requiredString(hasQuery ? "query" : "question")
            let answer = try object.requiredScalar(hasQuery ? "response" : "answer")
            let id = object["id"]?.scalarText ?? "qa/\(stem)/\(index)"
            return BenchmarkItem(id: id, benchmark: "qa", subset: stem, question: question, answer: answer,
                                 provenance: BenchmarkReader.provenance(file))
        }
    }

    /// Canonical JSONL, decoded field by field with `JSONDecoder`; unknown keys are ignored.
    static func readCanonical(file: String, into sink: ItemSink) throws {
        let decoder = JSONDecoder()
        try LineReader(path: file).readLines { line in
            if line.text.allSatisfy(\.isWhitespace) { return }
            guard line.isValidUTF8 else {
                return try sink.reject(file: file, line: line.number, reason: "not valid UTF-8 (re-encode the file as UTF-8)")
            }
            do {
                try sink.emit(try decoder.decode(BenchmarkItem.self, from: Data(withoutByteOrderMark(line).utf8)), file: file, line: line.number)
            } catch let error as DecodingError {
                try sink.reject(file: file, line: line.number, reason: describe(error))
            }
        }
    }

    /// A one-line message for a decoding error: the field path and what was wrong.
    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, let context):
            return "missing field '\(path(context.codingPath + [key]))'"
        case .typeMismatch(let type, let context), .valueNotFound(let type, let context):
            return "field '\(path(context.codingPath))' must be \(type)"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "invalid JSON" : "field '\(path(context.codingPath))': \(context.debugDescription)"
        @unknown default:
            return "invalid item"
        }
    }
}
