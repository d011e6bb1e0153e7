/// The CSV multiple-choice family: MMLU (headerless `question,A,B,C,D,answer`, the subject and
/// split in the file name `<subject>_<split>.csv`) and C-Eval (header
/// `id,question,A,B,C,D,answer[,explanation]`, same file naming, as `ceval/ceval-exam` also
/// exports it). An answer is a letter or a 0-based index.
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

    /// MMLU as published (headerless CSV), or as exported from Hugging Face (`cais/mmlu`): a CSV
    /// with a header row (`question,A,B,C,D,answer` or `question,subject,choices,answer`) or
    /// JSONL; see `HuggingFaceExports.mmluItem`.
    static func readMMLU(file: String, into sink: ItemSink) throws {
        let (subject, split) = subjectAndSplit(of: file)
        let make = { (object: JSONObject, index: Int) throws(RecordError) in
            try HuggingFaceExports.mmluItem(object, subject: subject, split: split, index: index, file: file)
        }
        if BenchmarkReader.dataExtension(file) != "csv" {
            return try sink.jsonLines(file: file, known: IgnoredFields(known: ["question", "subject", "choices", "answer"]), make)
        }
        var records = CSVReader(path: file).makeIterator()
        if let first = records.next(), HuggingFaceExports.isMMLUHeader(first.fields) {
            return try sink.csvObjects(file: file, required: ["question", "answer"], known: HuggingFaceExports.mmluFields,
                                       lists: ["choices"], make)
        }
        try sink.csv(file: file, header: nil) { (f, _, index) throws(RecordError) in
            guard f.count == 6 else { throw RecordError("expected 6 fields (question,A,B,C,D,answer), found \(f.count)") }
            return BenchmarkItem(id: "mmlu/\(subject)/\(split)/\(index)", benchmark: "mmlu", subset: subject,
                                 question: f[0], choices: Array(f[1...4]), answer: try label(f[5], choices: 4),
                                 provenance: BenchmarkReader.provenance(file))
        }
    }

    static func readCEval(file: String, into sink: ItemSink) throws {
        let (subject, split) = subjectAndSplit(of: file)
        let known = IgnoredFields(known: ["explanation"], kind: "column")
        try sink.csv(file: file, header: ["id", "question", "A", "B", "C", "D", "answer"], known: known) { (f, column, _) throws(RecordError) in
            let explanation = column["explanation"].map { f[$0] }.flatMap { $0.isEmpty ? nil : $0 }
            return BenchmarkItem(id: "ceval/\(subject)/\(split)/\(f[0])", benchmark: "ceval", subset: subject,
                                 question: f[1], choices: Array(f[2...5]), answer: try label(f[6], choices: 4),
                                 solution: explanation, provenance: BenchmarkReader.provenance(file))
        }
    }

    /// An answer letter within the first `choices` labels, trimmed and upper-cased, or a 0-based
    /// index of one ("2" -> "C", as Hugging Face exports write a class label).
    static func label(_ raw: String, choices: Int) throws(RecordError) -> String {
        var text = raw.trimmingSpaces().uppercased()
        if let index = Int(text), (0..<choices).contains(index) { text = BenchmarkItem.labels(count: choices)[index] }
        guard BenchmarkItem.labels(count: choices).contains(text) else {
            if text.isEmpty { throw RecordError("the answer is empty (an unlabelled test split?)") }
            throw RecordError("answer '\(raw)' is not one of \(BenchmarkItem.labels(count: choices).joined(separator: ", "))")
        }
        return text
    }
}
