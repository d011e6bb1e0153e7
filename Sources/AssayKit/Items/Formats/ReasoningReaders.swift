import Foundation

/// Readers of the free-answer reasoning formats: GSM8K, MATH and BIG-Bench Hard.
enum ReasoningReaders {
    static func read(file: String, format: BenchmarkFormat, into sink: ItemSink) throws {
        switch format {
        case .gsm8k: try readGSM8K(file: file, into: sink)
        case .math: try readMATH(file: file, into: sink)
        default: try readBBH(file: file, into: sink)
        }
    }

    /// GSM8K: `answer` is the rationale, then `#### <number>`. The number (commas removed)
    /// becomes `answer`, the rationale before the marker `solution`.
    static func readGSM8K(file: String, into sink: ItemSink) throws {
        let stem = BenchmarkReader.stem(file)
        try sink.jsonLines(file: file, known: IgnoredFields(known: ["question", "answer"])) { (object, index) throws(RecordError) in
            let question = try object.requiredString("question")
            let full = try object.requiredString("answer")
            // The last "####" (searched by hand: Foundation's backwards search is slow on Linux).
            let utf8 = Array(full.utf8)
            guard let marker = stride(from: utf8.count - 4, through: 0, by: -1).first(where: {
                utf8[$0] == 35 && utf8[$0 + 1] == 35 && utf8[$0 + 2] == 35 && utf8[$0 + 3] == 35
            }) else {
                throw RecordError("field 'answer' has no '####' before the final answer")
            }
            let number = String(decoding: utf8[(marker + 4)...], as: UTF8.self).trimmingSpaces().filter { $0 != "," }
            guard !number.isEmpty else { throw RecordError("nothing after '####' in field 'answer'") }
            let rationale = String(decoding: utf8[..<marker], as: UTF8.self).trimmingSpaces()
            return BenchmarkItem(id: "gsm8k/\(stem)/\(index)", benchmark: "gsm8k", subset: "main", question: question,
                                 answer: number, solution: rationale.isEmpty ? nil : rationale,
                                 provenance: BenchmarkReader.provenance(file))
        }
    }

    /// GSM8K's `answer` fields as the file writes them (the rationale, then "#### 15,000" with
    /// any thousands separator), by the ids `readGSM8K` gives, read the same way (JSON Lines or
    /// one array; bad records left out). lm-eval's few-shot examples show this text, where the
    /// items hold the normalized number.
    static func verbatimGSM8KAnswers(file: String) throws -> [String: String] {
        var answers: [String: String] = [:]
        let stem = BenchmarkReader.stem(file)
        let sink = ItemSink(strict: false, emit: { _ in }, skip: { _ in }, warn: { _ in })
        try sink.jsonLines(file: file) { (object, index) throws(RecordError) in
            let answer = try object.requiredString("answer")
            answers["gsm8k/\(stem)/\(index)"] = answer
            return BenchmarkItem(id: "gsm8k/\(stem)/\(index)", question: "", answer: answer)
        }
        return answers
    }

    /// MATH: a `.json` file is one problem (id `math/<type>/<file stem>`); a `.jsonl` file holds
    /// one per line (id `math/<file stem>/<n>`). The answer is the last `\boxed{}` (or `\fbox{}`)
    /// of the solution; `level` ("Level 3") goes to `provenance.level`, `type` to `subset`.
    static func readMATH(file: String, into sink: ItemSink) throws {
        let stem = BenchmarkReader.stem(file)
        var ignored = IgnoredFields(known: ["problem", "level", "type", "solution"])
        if BenchmarkReader.dataExtension(file) == "jsonl" {
            try sink.jsonLines(file: file, known: ignored) { (object, index) throws(RecordError) in
                try mathItem(object, id: "math/\(stem)/\(index)", file: file)
            }
            return
        }
        let value = try JSONDocument.load(path: file)
        guard let object = value.object else {
            return try sink.reject(file: file, line: 1, reason: "expected one JSON object per MATH problem, found \(value.kindName)")
        }
        ignored.note(object)
        sink.report(ignored, file: file)
        try sink.record(file: file, line: object.line) { () throws(RecordError) in
            let type = try object.optionalString("type").map(subsetName) ?? "math"
            return try mathItem(object, id: "math/\(type)/\(stem)", file: file)
        }
    }

    private static func mathItem(_ object: JSONObject, id: String, file: String) throws(RecordError) -> BenchmarkItem {
        let problem = try object.requiredString("problem")
        let solution = try object.requiredString("solution")
        guard let answer = AnswerExtractor.boxed(in: solution) else {
            throw RecordError("the solution has no complete \\boxed{...} answer")
        }
        var provenance = BenchmarkReader.provenance(file)
        if let level = try object.optionalString("level") {
            provenance.level = Int(level.filter(\.isNumber))
        }
        return BenchmarkItem(id: id, benchmark: "math", subset: try object.optionalString("type").map(subsetName),
                             question: problem, answer: answer, solution: solution, provenance: provenance)
    }

    /// "Counting & Probability" -> "counting_and_probability", the folder name MATH uses.
    static func subsetName(_ type: String) -> String {
        type.lowercased().replacingOccurrences(of: "&", with: "and")
            .split(whereSeparator: { !$0.isLetter && !$0.isNumber }).joined(separator: "_")
    }

    /// BIG-Bench Hard: `{"canary", "examples": [{"input", "target"}]}`, the task from the file name.
    static func readBBH(file: String, into sink: ItemSink) throws {
        let task = BenchmarkReader.stem(file)
        let value = try JSONDocument.load(path: file)
        guard let top = value.object, let examples = top["examples"]?.array else {
            return try sink.reject(file: file, line: 1, reason: "expected an object with an 'examples' array")
        }
        var ignored = IgnoredFields(known: ["canary", "examples", "examples[].input", "examples[].target"])
        ignored.note(top)
        defer { sink.report(ignored, file: file) }
        for (index, example) in examples.enumerated() {
            guard let object = example.object else {
                try sink.reject(file: file, line: 1, reason: "examples[\(index)] is \(example.kindName), not an object")
                continue
            }
            ignored.note(object.fields.map { "examples[].\($0.key)" })
            try sink.record(file: file, line: object.line) { () throws(RecordError) in
                BenchmarkItem(id: "bbh/\(task)/\(index)", benchmark: "bbh", subset: task,
                              question: try object.requiredString("input"), answer: try object.requiredScalar("target"),
                              provenance: BenchmarkReader.provenance(file))
            }
        }
    }
}
