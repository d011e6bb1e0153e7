/// TruthfulQA in its two upstream forms.
///
/// - Multiple choice (`mc_task.json`): a JSON list of `{question, mc1_targets, mc2_targets}`,
///   each target an object choice -> 0/1 in file order. Every question gives an `mc1` item
///   (one correct choice; `answer` is its label) and, when present, an `mc2` item whose
///   `answer` lists every correct label joined by commas ("A,C"), to be scored as a set.
/// - Generation (`TruthfulQA.csv`): header `Type,Category,Question,Best Answer,Correct Answers,
///   Incorrect Answers,Source`; `answer` is the best answer, `solution` the correct answers
///   ("; "-separated as upstream), `incorrectAnswers` the incorrect ones, `subset` the category.
enum TruthfulQAReader {
    static func readMultipleChoice(file: String, into sink: ItemSink) throws {
        let value = try JSONDocument.load(path: file)
        guard let questions = value.array else {
            return try sink.reject(file: file, line: 1, reason: "expected a JSON list of questions, found \(value.kindName)")
        }
        for (index, entry) in questions.enumerated() {
            guard let object = entry.object else {
                try sink.reject(file: file, line: 1, reason: "element \(index) is \(entry.kindName), not an object")
                continue
            }
            for (name, single) in [("mc1", true), ("mc2", false)] where object["\(name)_targets"] != nil || single {
                try sink.record(file: file, line: object.line) { () throws(RecordError) in
                    let question = try object.requiredString("question")
                    let (choices, correct) = try targets(object, "\(name)_targets")
                    guard !correct.isEmpty else { throw RecordError("\(name)_targets marks no choice as correct (1)") }
                    if single && correct.count != 1 {
                        throw RecordError("mc1_targets must mark exactly one choice as correct, found \(correct.count)")
                    }
                    let labels = BenchmarkItem.labels(count: choices.count)
                    return BenchmarkItem(id: "truthfulqa/\(name)/\(index)", benchmark: "truthfulqa", subset: name,
                                         question: question, choices: choices,
                                         answer: correct.map { labels[$0] }.joined(separator: ","),
                                         provenance: BenchmarkReader.provenance(file))
                }
            }
        }
    }

    /// The choices of a target object in file order, and the indices marked 1.
    private static func targets(_ object: JSONObject, _ key: String) throws(RecordError) -> ([String], [Int]) {
        guard let map = object[key]?.object else { throw RecordError("missing object field '\(key)'") }
        guard (1...26).contains(map.fields.count) else { throw RecordError("\(key) must hold 1 to 26 choices") }
        var correct: [Int] = []
        for (position, field) in map.fields.enumerated() {
            switch field.value.scalarText {
            case "1", "true": correct.append(position)
            case "0", "false": break
            default: throw RecordError("\(key)['\(field.key)'] must be 0 or 1")
            }
        }
        return (map.fields.map(\.key), correct)
    }

    static func readGeneration(file: String, into sink: ItemSink) throws {
        let header = ["Type", "Category", "Question", "Best Answer", "Correct Answers", "Incorrect Answers"]
        try sink.csv(file: file, header: header) { (f, _, index) throws(RecordError) in
            guard !f[2].isEmpty, !f[3].isEmpty else { throw RecordError("empty Question or Best Answer") }
            let incorrect = answerList(f[5])
            return BenchmarkItem(id: "truthfulqa/gen/\(index)", benchmark: "truthfulqa", subset: f[1],
                                 question: f[2], answer: f[3], solution: f[4].isEmpty ? nil : f[4],
                                 incorrectAnswers: incorrect.isEmpty ? nil : incorrect,
                                 provenance: BenchmarkReader.provenance(file))
        }
    }

    /// The answers of an upstream "; "-separated list, trimmed, empty ones dropped.
    static func answerList(_ field: String) -> [String] {
        field.components(separatedBy: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
