/// The Hugging Face exports of the multiple-choice benchmarks, and CSV files with a header row
/// read column by column as JSON records (so one item builder serves a JSONL export and its CSV).
///
/// Layouts (dataset cards): `cais/mmlu` has `question`, `subject`, `choices` (a list of strings)
/// and `answer` (a class label 0-3 for A-D); `allenai/ai2_arc` has `id`, `question` (a string),
/// `choices` (`{text: [...], label: [...]}`) and `answerKey`; `Rowan/hellaswag` has HellaSwag's
/// upstream fields, `label` as a string. In a CSV export a list cell is numpy's repr (see
/// `PythonListText`).
enum HuggingFaceExports {
    /// The MMLU fields read: the HF export's, and a CSV header's A-D columns (lower-cased).
    static let mmluFields: Set<String> = ["question", "subject", "choices", "answer", "a", "b", "c", "d"]

    /// Whether a CSV record is a header of MMLU columns: `question` and `answer` among its
    /// fields, with `choices` or the A-D columns (a question is never literally "question").
    static func isMMLUHeader(_ fields: [String]) -> Bool {
        let names = Set(fields.map { $0.trimmingSpaces().lowercased() })
        return names.isSuperset(of: ["question", "answer"])
            && (names.contains("choices") || names.isSuperset(of: ["a", "b", "c", "d"]))
    }

    /// An MMLU item from a record of the HF export or a CSV row with a header: `choices` (a
    /// list) or the columns A-D; `answer` a letter or a 0-based index (a number or a digit
    /// string); `subject` the subset when present and not empty, else the file's subject.
    static func mmluItem(_ object: JSONObject, subject fileSubject: String, split: String, index: Int,
                         file: String) throws(RecordError) -> BenchmarkItem {
        let question = try object.requiredString("question")
        let choices: [String]
        if object["choices"] != nil {
            choices = try object.requiredStrings("choices")
        } else {
            var columns: [String] = []
            for letter in ["A", "B", "C", "D"] {
                guard let text = object[letter]?.string ?? object[letter.lowercased()]?.string else {
                    throw RecordError("missing field 'choices' (a list) or '\(letter)' (one column per choice)")
                }
                columns.append(text)
            }
            choices = columns
        }
        guard (2...26).contains(choices.count) else { throw RecordError("expected 2 to 26 choices, found \(choices.count)") }
        let answer = try MultipleChoiceCSV.label(try object.requiredScalar("answer"), choices: choices.count)
        let subject = try object.optionalString("subject").flatMap { $0.isEmpty ? nil : $0 } ?? fileSubject
        return BenchmarkItem(id: "mmlu/\(subject)/\(split)/\(index)", benchmark: "mmlu", subset: subject,
                             question: question, choices: choices, answer: answer,
                             provenance: BenchmarkReader.provenance(file))
    }

    /// The columns of ARC's upstream CSV (AI2's release, documented at allenai.org/data/arc);
    /// only `questionID`, `AnswerKey` and `question` are read.
    static let arcCSVColumns: Set<String> = ["questionID", "originalQuestionID", "totalPossiblePoint", "AnswerKey",
                                             "isMultipleChoiceQuestion", "includesDiagram", "examName", "schoolGrade",
                                             "year", "question", "subject", "category"]

    /// The stem and options of an upstream ARC CSV `question` cell, "stem (A) text (B) text ...".
    /// AI2 documents only that the cell holds the question and its options; the "(A) " marker
    /// form and the 1-5 variant are assumed from the JSONL labels (not checked against the real
    /// file). The options are the last "(A)" (or "(1)") and the labels after it in order.
    static func arcOptions(_ cell: String) throws(RecordError) -> (stem: String, choices: [(label: String, text: String)]) {
        for scheme in [BenchmarkItem.labels(count: 26), (1...9).map(String.init)] {
            guard let first = cell.range(of: "(\(scheme[0]))", options: .backwards) else { continue }
            var marks = [(label: scheme[0], range: first)]
            for label in scheme.dropFirst() {
                guard let next = cell.range(of: "(\(label))", range: marks[marks.count - 1].range.upperBound..<cell.endIndex) else { break }
                marks.append((label, next))
            }
            guard marks.count >= 2 else { continue }
            let choices = marks.indices.map { k in
                let end = k + 1 < marks.count ? marks[k + 1].range.lowerBound : cell.endIndex
                return (marks[k].label, String(cell[marks[k].range.upperBound..<end]).trimmingSpaces())
            }
            return (String(cell[..<first.lowerBound]).trimmingSpaces(), choices)
        }
        throw RecordError("column 'question' has no options marked (A) (B) ... or (1) (2) ...")
    }

    /// An ARC item from a row of the upstream CSV; the subset is the file stem, as for the JSONL.
    static func arcCSVItem(_ fields: [String], _ column: [String: Int], subset: String, index: Int,
                           file: String) throws(RecordError) -> BenchmarkItem {
        func cell(_ name: String) -> String { column[name.lowercased()].map { fields[$0] } ?? "" }
        let (stem, choices) = try arcOptions(cell("question"))
        let key = cell("AnswerKey").trimmingSpaces()
        guard let gold = choices.firstIndex(where: { $0.label == key }) else {
            throw RecordError("AnswerKey '\(key)' is not one of the labels \(choices.map(\.label).joined(separator: ", "))")
        }
        let id = cell("questionID").isEmpty ? "\(subset)/\(index)" : cell("questionID")
        return BenchmarkItem(id: "arc/\(id)", benchmark: "arc", subset: subset, question: stem,
                             choices: choices.map(\.text), answer: BenchmarkItem.labels(count: choices.count)[gold],
                             provenance: BenchmarkReader.provenance(file))
    }
}

extension ItemSink {
    /// Streams a CSV file with a header row that holds `required` (in any order), handing each
    /// row to `make` as a JSON object of string fields named by the lower-cased header, the
    /// columns in `lists` parsed as list cells (`PythonListText`) into arrays of strings.
    func csvObjects(file: String, required: [String], known: Set<String>, lists: Set<String> = [],
                    _ make: (JSONObject, Int) throws(RecordError) -> BenchmarkItem) throws {
        try csv(file: file, header: required, inAnyOrder: true, known: IgnoredFields(known: known, kind: "column")) {
            (fields, column, index) throws(RecordError) in
            var object: [(key: String, value: JSONValue)] = []
            for (name, position) in column.sorted(by: { $0.value < $1.value }) {
                let text = fields[position]
                object.append((name, lists.contains(name) ? .array(try PythonListText.parse(text, column: name).map(JSONValue.string))
                                                          : .string(text)))
            }
            return try make(JSONObject(fields: object, line: 0), index)
        }
    }
}
