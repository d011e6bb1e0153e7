/// The CSV multiple-choice family: MMLU (headerless `question,A,B,C,D,answer`, the subject and
/// split in the file name `<subject>_<split>.csv`) and C-Eval (header
/// `id,question,A,B,C,D,answer[,explanation]`, same file naming).
///
/// Item ids are `<benchmark>/<subject>/<split>/<n>` (C-Eval: its own `id` for `<n>`), so the
/// few-shot `dev` split of MMLU reads as items like any other and is told apart by its id.
enum MultipleChoiceCSV {
    static let splits = ["test", "dev", "val", "validation", "train"]

    /// The split named by a file name's suffix ("college_physics_dev.csv" -> "dev"), or nil.
    static func split(ofFileName name: String) -> String? {
        let stem = BenchmarkReader.stem(name).lowercased()
        return splits.first { stem.hasSuffix("_\($0)") }
    }

    /// The subject and split of a file name; without a split suffix, the whole stem and "test".
    static func subjectAndSplit(of file: String) -> (subject: String, split: String) {
        let stem = BenchmarkReader.stem(file)
        guard let split = split(ofFileName: file) else { return (stem, "test") }
        return (String(stem.dropLast(split.count + 1)), split)
    }

    static func readMMLU(file: String, into sink: ItemSink) throws {
        let (subject, split) = subjectAndSplit(of: file)
        var index = 0
        for record in CSVReader(path: file) {
            try sink.record(file: file, line: record.line) { () throws(RecordError) in
                if let problem = record.problem { throw RecordError(problem) }
                guard record.fields.count == 6 else {
                    throw RecordError("expected 6 fields (question,A,B,C,D,answer), found \(record.fields.count)")
                }
                let answer = try label(record.fields[5], choices: 4)
                return BenchmarkItem(id: "mmlu/\(subject)/\(split)/\(index)", benchmark: "mmlu", subset: subject,
                                     question: record.fields[0], choices: Array(record.fields[1...4]), answer: answer,
                                     provenance: BenchmarkReader.provenance(file))
            }
            index += 1
        }
    }

    static func readCEval(file: String, into sink: ItemSink) throws {
        let (subject, split) = subjectAndSplit(of: file)
        var records = CSVReader(path: file).makeIterator()
        guard let header = records.next() else { return }
        let columns = header.fields.map { $0.lowercased() }
        guard header.problem == nil, Array(columns.prefix(7)) == ["id", "question", "a", "b", "c", "d", "answer"] else {
            // Without the header nothing else in the file can be trusted: stop here.
            throw InputError.badLine(file: file, line: header.line,
                                     reason: "expected the header id,question,A,B,C,D,answer[,explanation]")
        }
        let hasExplanation = columns.count > 7 && columns[7] == "explanation"
        while let record = records.next() {
            try sink.record(file: file, line: record.line) { () throws(RecordError) in
                if let problem = record.problem { throw RecordError(problem) }
                guard record.fields.count == columns.count else {
                    throw RecordError("expected \(columns.count) fields, found \(record.fields.count)")
                }
                let f = record.fields
                let explanation = hasExplanation && !f[7].isEmpty ? f[7] : nil
                return BenchmarkItem(id: "ceval/\(subject)/\(split)/\(f[0])", benchmark: "ceval", subset: subject,
                                     question: f[1], choices: Array(f[2...5]), answer: try label(f[6], choices: 4),
                                     solution: explanation, provenance: BenchmarkReader.provenance(file))
            }
        }
    }

    /// An answer letter within the first `choices` labels, trimmed and upper-cased.
    static func label(_ raw: String, choices: Int) throws(RecordError) -> String {
        let text = raw.trimmingSpaces().uppercased()
        guard BenchmarkItem.labels(count: choices).contains(text) else {
            if text.isEmpty { throw RecordError("the answer is empty (an unlabelled test split?)") }
            throw RecordError("answer '\(raw)' is not one of \(BenchmarkItem.labels(count: choices).joined(separator: ", "))")
        }
        return text
    }
}
