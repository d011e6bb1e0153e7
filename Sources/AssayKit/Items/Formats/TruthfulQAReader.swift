/// TruthfulQA in its two upstream forms.
///
/// - Multiple choice (`mc_task.json`): a JSON list of `{question, mc1_targets, mc2_targets}`,
///   each target an object choice -> 0/1 in file order. Every question gives an `mc1` item
///   (one correct choice; `answer` is its label) and, when present, an `mc2` item whose
///   `answer` lists every correct label joined by commas ("A,C"), to be scored as a set.
///   The current upstream file also has `mc0_targets` (one true and one false answer), which
///   lm-evaluation-harness does not score: it is left out, and said once.
/// - Generation (`TruthfulQA.csv`): columns read by name, `Type,Category,Question,Best Answer,
///   Correct Answers,Incorrect Answers` required, `Source` optional; `answer` is the best answer,
///   `solution` the correct answers ("; "-separated as upstream), `incorrectAnswers` the
///   incorrect ones, `subset` the category. The current upstream's `Best Incorrect Answer` has
///   no canonical field (and lm-evaluation-harness does not use it): it is left out, and said once.
enum TruthfulQAReader {
    /// Why `mc0_targets` is left out.
    static let mc0Note = "lm-evaluation-harness scores mc1 and mc2 only"

    static func readMultipleChoice(file: String, into sink: ItemSink) throws {
        let value = try JSONDocument.load(path: file)
        guard let questions = value.array else {
            return try sink.reject(file: file, line: 1, reason: "expected a JSON list of questions, found \(value.kindName)")
        }
        var ignored = IgnoredFields(known: ["question", "mc1_targets", "mc2_targets"], notes: ["mc0_targets": mc0Note])
        defer { sink.report(ignored, file: file) }
        for (index, entry) in questions.enumerated() {
            guard let object = entry.object else {
                try sink.reject(file: file, line: 1, reason: "element \(index) is \(entry.kindName), not an object")
                continue
            }
            ignored.note(object)
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
        let known = IgnoredFields(known: ["Source"], kind: "column",
                                  notes: ["Best Incorrect Answer": "lm-evaluation-harness does not use it"])
        try sink.csv(file: file, header: header, inAnyOrder: true, known: known) { (f, column, index) throws(RecordError) in
            // The header check guarantees every required column.
            func field(_ name: String) -> String { column[name].map { f[$0] } ?? "" }
            let question = field("question"), best = field("best answer"), correct = field("correct answers")
            guard !question.isEmpty, !best.isEmpty else { throw RecordError("empty Question or Best Answer") }
            let incorrect = answerList(field("incorrect answers"))
            return BenchmarkItem(id: "truthfulqa/gen/\(index)", benchmark: "truthfulqa", subset: field("category"),
                                 question: question, answer: best, solution: correct.isEmpty ? nil : correct,
                                 incorrectAnswers: incorrect.isEmpty ? nil : incorrect,
                                 provenance: BenchmarkReader.provenance(file))
        }
    }

    /// The answers of an upstream "; "-separated list, trimmed, empty ones dropped.
    static func answerList(_ field: String) -> [String] {
        field.components(separatedBy: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
