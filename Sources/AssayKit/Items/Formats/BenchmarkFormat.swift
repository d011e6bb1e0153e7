import Foundation

/// The upstream benchmark file formats Assay reads (see `BenchmarkReader`), with detection
/// from a path when the user does not name one.
public enum BenchmarkFormat: String, CaseIterable, Sendable {
    case mmlu, ceval, gsm8k, arc, hellaswag
    case truthfulqaMC = "truthfulqa-mc"
    case truthfulqaGen = "truthfulqa-gen"
    case math, humaneval, bbh, qa, canonical

    /// One line per format for `--list-formats` and error messages.
    public var summary: String {
        switch self {
        case .mmlu: return "CSV question,A,B,C,D,answer (headerless, or with a header); subject from <subject>_{test,dev,val}.csv; or the Hugging Face export (question, subject, choices, answer) as CSV or JSONL"
        case .ceval: return "CSV with header id,question,A,B,C,D,answer[,explanation] (answer a letter or 0-based index)"
        case .gsm8k: return "JSONL question, answer (rationale, then '#### number')"
        case .arc: return "JSONL id, question.stem, question.choices[].{text,label}, answerKey; the HF export (question, choices.{text,label}); the upstream CSV"
        case .hellaswag: return "JSONL (or HF CSV export) ctx_a + ctx_b (or ctx), endings, label, activity_label"
        case .truthfulqaMC: return "JSON list of question, mc1_targets, mc2_targets (choice -> 0/1; mc0_targets ignored)"
        case .truthfulqaGen: return "CSV with columns (by name) Type,Category,Question,Best Answer,Correct Answers,Incorrect Answers"
        case .math: return "JSON per problem (problem, solution with \\boxed{}, level, type); a folder of them or JSONL"
        case .humaneval: return "JSONL task_id, prompt, canonical_solution, test, entry_point"
        case .bbh: return "JSON {\"examples\": [{input, target}]}; task from the file name"
        case .qa: return "JSONL query/response (or question/answer)"
        case .canonical: return "Assay's canonical item JSONL (id, question, answer, ...)"
        }
    }

    /// The list of formats, one per line, for error messages and `--list-formats`.
    public static var listing: String {
        allCases.map { "  \($0.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0))\($0.summary)" }
            .joined(separator: "\n")
    }

    /// Guesses the format of a file or folder from its name, extension and first record, looking
    /// through a `.gz` suffix. Throws `FormatDetectionError` listing the formats when it cannot tell.
    public static func detect(path: String) throws -> BenchmarkFormat {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError.fileNotFound(path: path)
        }
        if isDirectory.boolValue {
            let files = BenchmarkReader.dataFiles(in: path)
            guard let first = files.first else {
                throw FormatDetectionError(path: path, reason: BenchmarkReader.noDataFiles)
            }
            return try detect(path: first)
        }
        let name = BenchmarkReader.plainName(path).lowercased()
        switch BenchmarkReader.dataExtension(path) {
        case "csv": return try detectCSV(path: path, name: name)
        case "jsonl", "json":
            guard let record = try firstRecord(path: path, jsonLines: name.hasSuffix(".jsonl")) else {
                throw FormatDetectionError(path: path, reason: "the file holds no JSON record")
            }
            return try detect(record: record, path: path)
        default:
            throw FormatDetectionError(path: path, reason: "unknown extension (expected .csv, .json or .jsonl, optionally .gz)")
        }
    }

    private static func detectCSV(path: String, name: String) throws -> BenchmarkFormat {
        var records = CSVReader(path: path).makeIterator()
        guard let header = records.next() else {
            throw records.failure ?? FormatDetectionError(path: path, reason: "the CSV file is empty")
        }
        let fields = header.fields.map { $0.lowercased() }
        if Array(fields.prefix(7)) == ["id", "question", "a", "b", "c", "d", "answer"] { return .ceval }
        if Array(fields.prefix(3)) == ["type", "category", "question"] { return .truthfulqaGen }
        let names = Set(fields.map { $0.trimmingSpaces() })
        if names.isSuperset(of: ["questionid", "answerkey", "question"]) { return .arc }
        if names.contains("endings") && (names.contains("ctx") || names.contains("ctx_a")) { return .hellaswag }
        if HuggingFaceExports.isMMLUHeader(fields) { return .mmlu }
        if MultipleChoiceCSV.split(ofFileName: name) != nil || fields.count == 6 { return .mmlu }
        throw FormatDetectionError(path: path, reason: "a CSV file with \(fields.count) columns and an unknown header")
    }

    /// The first JSON record: the first non-blank line of JSONL, or the first element of a JSON
    /// array (the object itself for a JSON object).
    private static func firstRecord(path: String, jsonLines: Bool) throws -> JSONObject? {
        if jsonLines {
            // The first line that parses: a garbage first line is the reader's to report, not a
            // reason to refuse the whole file.
            var tried = 0
            var lines = LineReader(path: path).makeIterator()
            while tried < 100, let line = lines.next() {
                if line.text.allSatisfy(\.isWhitespace) { continue }
                if let object = try? jsonLineObject(line) { return object }
                tried += 1
            }
            if let failure = lines.failure { throw failure }
            return nil
        }
        let value = try JSONDocument.load(path: path)
        return value.array?.first?.object ?? value.object
    }

    /// The format a JSON record belongs to, from its keys.
    static func detect(record: JSONObject, path: String) throws -> BenchmarkFormat {
        let keys = Set(record.fields.map(\.key))
        if keys.isSuperset(of: ["task_id", "prompt", "entry_point"]) { return .humaneval }
        if keys.isSuperset(of: ["problem", "solution"]) { return .math }
        if keys.contains("endings") && (keys.contains("ctx") || keys.contains("ctx_a")) { return .hellaswag }
        if record["question"]?.object?["stem"] != nil || record["choices"]?.object != nil { return .arc }
        if keys.contains("mc1_targets") || keys.contains("mc2_targets") { return .truthfulqaMC }
        if record["examples"]?.array != nil { return .bbh }
        // The HF MMLU export has no id; a canonical item has one (and may have a choices list).
        if record["choices"]?.array != nil, keys.isSuperset(of: ["question", "answer"]), !keys.contains("id") { return .mmlu }
        if keys.isSuperset(of: ["id", "question", "answer"]) { return .canonical }
        if keys.isSuperset(of: ["question", "answer"]), record["answer"]?.string?.contains("####") == true { return .gsm8k }
        if keys.isSuperset(of: ["query", "response"]) || keys.isSuperset(of: ["question", "answer"]) { return .qa }
        throw FormatDetectionError(path: path, reason: "unknown record keys: \(record.fields.map(\.key).joined(separator: ", "))")
    }
}

/// The format of an input could not be told; the message lists the formats to pick from.
public struct FormatDetectionError: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let reason: String

    public var description: String {
        "\(path): cannot tell the benchmark format (\(reason)); pass --format with one of:\n\(BenchmarkFormat.listing)"
    }
}
