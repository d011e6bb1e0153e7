/// Readers of the multiple-choice formats ARC and HellaSwag: upstream JSONL, their Hugging Face
/// exports (JSONL, or CSV with list cells), and ARC's upstream CSV.
enum ChoiceReaders {
    /// The top-level fields of ARC records: upstream, plus `choices` of the HF export.
    static let arcFields: Set<String> = ["id", "question", "answerKey", "choices"]
    /// The fields of upstream HellaSwag records (`split`, `split_type` and `source_id` are not
    /// needed, `ctx` only without `ctx_a`).
    static let hellaSwagFields: Set<String> = ["ind", "activity_label", "ctx_a", "ctx_b", "ctx", "endings", "label",
                                               "split", "split_type", "source_id"]

    static func read(file: String, format: BenchmarkFormat, into sink: ItemSink) throws {
        let stem = BenchmarkReader.stem(file)
        if BenchmarkReader.dataExtension(file) == "csv" {
            if format == .arc {
                let known = IgnoredFields(known: HuggingFaceExports.arcCSVColumns, kind: "column")
                return try sink.csv(file: file, header: ["questionID", "AnswerKey", "question"], inAnyOrder: true, known: known) {
                    (fields, column, index) throws(RecordError) in
                    try HuggingFaceExports.arcCSVItem(fields, column, subset: stem, index: index, file: file)
                }
            }
            return try sink.csvObjects(file: file, required: ["endings", "label"], known: hellaSwagFields, lists: ["endings"]) {
                (object, index) throws(RecordError) in try hellaSwagItem(object, index: index, file: file)
            }
        }
        let known = IgnoredFields(known: format == .arc ? arcFields : hellaSwagFields)
        try sink.jsonLines(file: file, known: known) { (object, index) throws(RecordError) in
            format == .arc ? try arcItem(object, subset: stem, index: index, file: file)
                           : try hellaSwagItem(object, index: index, file: file)
        }
    }

    /// ARC: choices keep their order and are relabelled A, B, ... by position, so "1".."4"
    /// labels (a few ARC questions use them) become "A".."D"; `answerKey` follows its choice.
    /// The subset is the file stem ("ARC-Challenge-Test"). Upstream records nest the choices in
    /// `question` (`stem`, `choices[].{text,label}`); the HF export has a `question` string and
    /// `choices` `{text: [...], label: [...]}`.
    static func arcItem(_ object: JSONObject, subset: String, index: Int, file: String) throws(RecordError) -> BenchmarkItem {
        let stem: String, choices: [(label: String, text: String)]
        if let question = object["question"]?.object {
            stem = try question.requiredString("stem")
            guard let rawChoices = question["choices"]?.array, !rawChoices.isEmpty else {
                throw RecordError("missing or empty 'question.choices'")
            }
            var pairs: [(label: String, text: String)] = []
            for (position, raw) in rawChoices.enumerated() {
                guard let choice = raw.object else { throw RecordError("question.choices[\(position)] is not an object") }
                pairs.append((try choice.requiredScalar("label"), try choice.requiredString("text")))
            }
            choices = pairs
        } else {
            stem = try object.requiredString("question")
            guard let lists = object["choices"]?.object else { throw RecordError("missing object field 'choices' ({text, label})") }
            let texts = try lists.requiredStrings("text"), labels = try lists.requiredStrings("label")
            guard !texts.isEmpty, texts.count == labels.count else {
                throw RecordError("'choices' has \(texts.count) texts and \(labels.count) labels")
            }
            choices = Array(zip(labels, texts))
        }
        guard choices.count <= 26 else { throw RecordError("more than 26 choices") }
        let key = try object.requiredScalar("answerKey").trimmingSpaces()
        guard let gold = choices.firstIndex(where: { $0.label == key }) else {
            throw RecordError("answerKey '\(key)' is not one of the labels \(choices.map(\.label).joined(separator: ", "))")
        }
        let id = try object.optionalString("id") ?? "\(subset)/\(index)"
        return BenchmarkItem(id: "arc/\(id)", benchmark: "arc", subset: subset, question: stem,
                             choices: choices.map(\.text), answer: BenchmarkItem.labels(count: choices.count)[gold],
                             provenance: BenchmarkReader.provenance(file))
    }

    /// HellaSwag as lm-evaluation-harness builds its requests (`HellaSwagText`): the question
    /// is the whole query, "<activity_label>: <ctx_a> <Ctx_b>" preprocessed (`ctx` when there
    /// is no `ctx_a`), the choices the preprocessed endings; `label` (an integer or a digit
    /// string) picks the gold ending; `activity_label` is also the subset.
    static func hellaSwagItem(_ object: JSONObject, index: Int, file: String) throws(RecordError) -> BenchmarkItem {
        let context: String
        if let a = try object.optionalString("ctx_a") {
            context = HellaSwagText.context(a, try object.optionalString("ctx_b") ?? "")
        } else {
            context = try object.requiredString("ctx")
        }
        let activity = try object.optionalString("activity_label")
        let endings = try object.requiredStrings("endings").map(HellaSwagText.preprocess)
        guard (2...26).contains(endings.count) else { throw RecordError("expected 2 to 26 endings, found \(endings.count)") }
        guard let labelText = object["label"]?.scalarText, !labelText.isEmpty else {
            throw RecordError("missing field 'label' (an unlabelled test split?)")
        }
        guard let label = Int(labelText), endings.indices.contains(label) else {
            throw RecordError("label '\(labelText)' is not an ending index 0...\(endings.count - 1)")
        }
        let id = object["ind"]?.scalarText ?? String(index)
        return BenchmarkItem(id: "hellaswag/\(id)", benchmark: "hellaswag", subset: activity,
                             question: HellaSwagText.query(activity: activity, context: context), choices: endings, answer: BenchmarkItem.labels(count: endings.count)[label],
                             provenance: BenchmarkReader.provenance(file))
    }
}
