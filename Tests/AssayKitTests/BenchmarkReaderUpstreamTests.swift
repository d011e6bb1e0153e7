import AssayTestSupport
import Foundation
import Testing
@testable import AssayKit

/// Benchmark files as currently distributed: gzipped, TruthfulQA's current columns and fields,
/// columns or fields a reader does not know (said once per file).
@Suite struct BenchmarkReaderUpstreamTests {
    /// The items of `path` and the warnings said while reading it.
    func readWithWarnings(_ path: String, _ format: BenchmarkFormat? = nil) throws -> (items: [BenchmarkItem], warnings: [String]) {
        var items: [BenchmarkItem] = [], warnings: [String] = []
        try BenchmarkReader.read(path, format: format, onWarning: { warnings.append($0) }) { items.append($0) }
        return (items, warnings)
    }

    /// A gzipped copy of a sample, named as the sample plus ".gz", in a fresh folder.
    func gzippedSample(_ relative: String) throws -> String {
        let name = (relative as NSString).lastPathComponent
        let path = try FormatTestSupport.file(name + ".gz", "")
        try writeGzip(try Data(contentsOf: URL(fileURLWithPath: FormatTestSupport.sample(relative))), to: path)
        return path
    }

    @Test(arguments: ["humaneval/HumanEval.jsonl", "truthfulqa/TruthfulQA.csv", "truthfulqa/mc_task.json",
                      "hellaswag/val.jsonl", "bbh/color_ordering.json", "ceval/elementary_mathematics_val.csv",
                      "mmlu/world_geography_test.csv", "canonical/items.jsonl"])
    func gzippedSampleReadsAsThePlainFile(sample: String) throws {
        let plain = FormatTestSupport.sample(sample)
        let gz = try gzippedSample(sample)
        #expect(try BenchmarkFormat.detect(path: gz) == BenchmarkFormat.detect(path: plain))
        let expected = try BenchmarkReader.readAll(plain)
        var items = try BenchmarkReader.readAll(gz)
        #expect(!items.isEmpty)
        for index in items.indices where items[index].provenance?.source == (gz as NSString).lastPathComponent {
            items[index].provenance?.source = (plain as NSString).lastPathComponent
        }
        #expect(items == expected)
        // A folder holding only the gzipped file reads the same.
        #expect(try BenchmarkReader.readAll((gz as NSString).deletingLastPathComponent) == BenchmarkReader.readAll(gz))
    }

    @Test func truncatedCorruptOrFakeGzipIsAnErrorNamingTheFile() throws {
        let gz = try gzippedSample("humaneval/HumanEval.jsonl")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gz))
        let cut = try FormatTestSupport.file("cut.jsonl.gz", "")
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: cut))
        #expect(FormatTestSupport.firstError(cut, format: .humaneval) == .unreadable(path: cut, reason: "truncated gzip data"))
        // Undetected format: detection reads the same stream and says the same.
        #expect(throws: InputError.unreadable(path: cut, reason: "truncated gzip data")) { try BenchmarkReader.readAll(cut) }

        var damaged = bytes
        for index in 12..<min(60, damaged.count - 8) { damaged[index] = 0xFF }
        let corrupt = try FormatTestSupport.file("corrupt.jsonl.gz", "")
        try damaged.write(to: URL(fileURLWithPath: corrupt))
        guard case .unreadable(let path, let reason)? = FormatTestSupport.firstError(corrupt, format: .humaneval) else {
            Issue.record("no unreadable error for a corrupt gzip file")
            return
        }
        #expect(path == corrupt)
        #expect(reason.hasPrefix("corrupt gzip data: "))

        let fake = try FormatTestSupport.file("plain.jsonl.gz", #####"{"question": "q", "answer": "#### 1"}"##### + "\n")
        #expect(FormatTestSupport.firstError(fake, format: .gsm8k) == .unreadable(path: fake, reason: "not gzip data (the name ends in .gz)"))
    }

    /// A gzip stream cut after several blocks of lines: the lines read before the cut are items,
    /// the incomplete line at the cut is not a record, and the read ends with the gzip error.
    @Test func largeTruncatedGzipEndsWithTheGzipErrorNotABadLine() throws {
        let text = (0..<4000).map { #####"{"question": "How much is \#####($0) plus one?", "answer": "#### \#####($0 + 1)"}"##### }.joined(separator: "\n")
        let gz = try FormatTestSupport.file("big.jsonl.gz", "")
        try writeGzip(Data(text.utf8), to: gz)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gz))
        try bytes.prefix(bytes.count * 3 / 5).write(to: URL(fileURLWithPath: gz))
        var items = 0
        #expect(throws: InputError.unreadable(path: gz, reason: "truncated gzip data")) {
            try BenchmarkReader.read(gz, format: .gsm8k) { _ in items += 1 }
        }
        #expect(items > 0 && items < 4000)
    }

    @Test func lineNumbersCountDecompressedLines() throws {
        let text = #####"{"question": "q", "answer": "#### 1"}"##### + "\n\n" + #"{"question": "q", "answer": "none"}"# + "\n"
        let gz = try FormatTestSupport.file("test.jsonl.gz", "")
        try writeGzip(Data(text.utf8), to: gz)
        #expect(FormatTestSupport.firstError(gz, format: .gsm8k)
                == .badLine(file: gz, line: 3, reason: "field 'answer' has no '####' before the final answer"))
    }

    static let rows = [["Adversarial", "Weather", "Does rain fall upward?", "No, it falls down", "Yes", "No, it falls down; It falls",
                        "Yes; Only on Tuesdays", "https://example.org/rain"],
                       ["Non-Adversarial", "Cooking", "Is toast, in the end, bread?", "Yes", "No", "Yes", "No; It is cake", ""]]

    /// A TruthfulQA CSV of `rows` with the columns `order` picks (indices into the current header).
    static func truthfulQA(_ order: [Int], extra: String? = nil) -> String {
        let header = ["Type", "Category", "Question", "Best Answer", "Best Incorrect Answer", "Correct Answers", "Incorrect Answers", "Source"]
        func line(_ fields: [String]) -> String {
            (order.map { fields[$0] } + (extra.map { _ in ["x"] } ?? [])).map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",")
        }
        return ([(order.map { header[$0] } + (extra.map { [$0] } ?? [])).joined(separator: ",")] + rows.map(line)).joined(separator: "\n") + "\n"
    }

    @Test func truthfulQACurrentAndOldHeadersReadTheSameByName() throws {
        let old = try FormatTestSupport.file("TruthfulQA.csv", Self.truthfulQA([0, 1, 2, 3, 5, 6, 7]))
        let current = try FormatTestSupport.file("TruthfulQA.csv", Self.truthfulQA([0, 1, 2, 3, 4, 5, 6, 7]))
        let shuffled = try FormatTestSupport.file("TruthfulQA.csv", Self.truthfulQA([2, 0, 3, 1, 6, 5], extra: "Notes"))
        let (oldItems, oldWarnings) = try readWithWarnings(old)
        #expect(oldWarnings.isEmpty)
        #expect(oldItems.count == 2)
        #expect(oldItems[0].question == "Does rain fall upward?")
        #expect(oldItems[0].answer == "No, it falls down")
        #expect(oldItems[0].solution == "No, it falls down; It falls")
        #expect(oldItems[0].incorrectAnswers == ["Yes", "Only on Tuesdays"])
        #expect(oldItems[1].subset == "Cooking")
        let (currentItems, currentWarnings) = try readWithWarnings(current)
        #expect(currentItems == oldItems)
        #expect(currentWarnings == ["\(current): ignored column 'Best Incorrect Answer' (lm-evaluation-harness does not use it)"])
        let (shuffledItems, shuffledWarnings) = try readWithWarnings(shuffled, .truthfulqaGen)
        #expect(shuffledItems == oldItems)
        #expect(shuffledWarnings == ["\(shuffled): ignored column 'Notes'"])
        let missing = try FormatTestSupport.file("TruthfulQA.csv", Self.truthfulQA([0, 1, 2, 5, 6]))
        guard case .badLine(_, 1, let reason)? = FormatTestSupport.firstError(missing, format: .truthfulqaGen) else {
            Issue.record("a header without Best Answer was read")
            return
        }
        #expect(reason.contains("expected the header to have the columns"))
    }

    @Test func truthfulQAMultipleChoiceSaysOnceThatMc0IsIgnored() throws {
        func entry(_ n: Int, _ more: String) -> String {
            #"{"question": "Q\#(n)?", "mc0_targets": {"t": 1, "f": 0}, "mc1_targets": {"t": 1, "f": 0}, "#
                + #""mc2_targets": {"t": 1, "u": 1, "f": 0}\#(more)}"#
        }
        let text = "[\n" + entry(1, "") + ",\n" + entry(2, #", "notes": "n""#) + "\n]\n"
        let path = try FormatTestSupport.file("mc_task.json", text)
        let (items, warnings) = try readWithWarnings(path)
        #expect(items.map(\.subset) == ["mc1", "mc2", "mc1", "mc2"])
        #expect(items.map(\.answer) == ["A", "A,B", "A", "A,B"])
        #expect(warnings == ["\(path): ignored fields 'mc0_targets' (lm-evaluation-harness scores mc1 and mc2 only), 'notes'"])
    }

    @Test func unknownFieldsAndColumnsAreSaidOncePerFile() throws {
        func swag(_ n: Int, _ more: String) -> String {
            #"{"ind": \#(n), "activity_label": "Gardening", "ctx_a": "A man digs.", "ctx_b": "he", "ctx": "A man digs. he", "#
                + #""endings": ["a", "b"], "label": 1, "split": "val", "split_type": "indomain", "source_id": "x"\#(more)}"# + "\n"
        }
        let upstream = try FormatTestSupport.file("val.jsonl", swag(1, "") + swag(2, ""))
        #expect(try readWithWarnings(upstream).warnings.isEmpty)
        let extra = try FormatTestSupport.file("val.jsonl", swag(1, #", "extra": 1"#) + swag(2, #", "extra": 2"#))
        #expect(try readWithWarnings(extra).warnings == ["\(extra): ignored field 'extra'"])

        let ceval = try FormatTestSupport.file("law_val.csv", "id,question,A,B,C,D,answer,explanation,Notes\n0,q,a,b,c,d,A,e,n\n1,q,a,b,c,d,B,,\n")
        let (items, warnings) = try readWithWarnings(ceval)
        #expect(items.map(\.solution) == ["e", nil])
        #expect(warnings == ["\(ceval): ignored column 'Notes'"])

        let gsm = try FormatTestSupport.file("test.jsonl", #####"{"question": "q", "answer": "#### 1", "meta": {}, "level": 2}"##### + "\n")
        #expect(try readWithWarnings(gsm).warnings == ["\(gsm): ignored fields 'meta', 'level'"])
        let bbh = try FormatTestSupport.file("task.json", #"{"canary": "c", "examples": [{"input": "i", "target": "t", "why": "w"}]}"#)
        #expect(try readWithWarnings(bbh).warnings == ["\(bbh): ignored field 'examples[].why'"])
    }

    @Test func samplesHoldNoIgnoredField() throws {
        for sample in ["mmlu", "ceval", "gsm8k", "arc", "hellaswag", "truthfulqa", "math", "humaneval", "bbh", "qa", "canonical"] {
            #expect(try readWithWarnings(FormatTestSupport.sample(sample)).warnings.isEmpty, "\(sample)")
        }
    }
}
