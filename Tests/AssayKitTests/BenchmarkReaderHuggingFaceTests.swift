import Foundation
import Testing
@testable import AssayKit

/// The Hugging Face exports of MMLU, ARC, C-Eval and HellaSwag, ARC's upstream CSV, and the
/// `--format` mismatch message. Every form is written here with the same made-up items as the
/// established form, and must read to the same questions, choices, answers and subsets.
@Suite struct BenchmarkReaderHuggingFaceTests {
    /// What must agree between two forms of one item (ids and provenance may differ).
    struct Essence: Equatable {
        let question: String, choices: [String]?, answer: String, subset: String?
    }

    func essence(_ path: String, _ format: BenchmarkFormat? = nil) throws -> [Essence] {
        try BenchmarkReader.readAll(path, format: format).map { Essence(question: $0.question, choices: $0.choices, answer: $0.answer, subset: $0.subset) }
    }

    /// Reads every form, detected and named, and expects the items of `reference`.
    func expectSame(_ reference: String, _ forms: [String], _ format: BenchmarkFormat) throws {
        let expected = try essence(reference, format)
        #expect(expected.count == 2)
        for form in forms {
            #expect(try BenchmarkFormat.detect(path: form) == format, "\(form)")
            #expect(try essence(form) == expected, "\(form)")
            #expect(try essence(form, format) == expected, "\(form)")
        }
    }

    /// A `.json` export holding one array of records (pretty-printed or on one line) reads as
    /// the JSON Lines file with the same records; a non-object element is a bad record.
    @Test func wholeArrayJSONExportsReadAsTheirJSONLines() throws {
        for sample in ["gsm8k/test.jsonl", "hellaswag/val.jsonl", "humaneval/HumanEval.jsonl"] {
            let lines = try String(contentsOfFile: FormatTestSupport.sample(sample), encoding: .utf8).split(separator: "\n")
            let pretty = try FormatTestSupport.file("export.json", "[\n  " + lines.joined(separator: ",\n  ") + "\n]\n")
            let flat = try FormatTestSupport.file("export.json", "\u{FEFF}[" + lines.joined(separator: ",") + "]")
            let expected = try essence(FormatTestSupport.sample(sample))
            #expect(expected.count == lines.count)
            for form in [pretty, flat] { #expect(try essence(form) == expected, "\(sample)") }
        }
        let mixed = try FormatTestSupport.file("mixed.json", "[{\"question\": \"q\", \"answer\": \"r\\n#### 1\"},\n 3]")
        #expect(FormatTestSupport.firstError(mixed, format: .gsm8k) == .badLine(file: mixed, line: 1, reason: "element 1 of the array is a number, not an object"))
    }

    @Test func mmluWithHeaderAndTheHuggingFaceExport() throws {
        let reference = try FormatTestSupport.file("botany_test.csv", "Which part of a plant takes in water?,Leaf,Root,Flower,Seed,B\n\"Plants make food by, mainly,\",photosynthesis,digestion,erosion,melting,A\n")
        let forms = [
            try FormatTestSupport.file("botany_test.csv", "question,A,B,C,D,answer\nWhich part of a plant takes in water?,Leaf,Root,Flower,Seed,B\n\"Plants make food by, mainly,\",photosynthesis,digestion,erosion,melting,0\n"),
            try FormatTestSupport.file("mmlu_test.csv", "subject,Question,A,B,C,D,Answer\nbotany,Which part of a plant takes in water?,Leaf,Root,Flower,Seed,1\nbotany,\"Plants make food by, mainly,\",photosynthesis,digestion,erosion,melting,a\n"),
            // numpy's repr, as datasets' to_csv writes a list column (huggingface/datasets#6778).
            try FormatTestSupport.file("test.csv", "question,subject,choices,answer\nWhich part of a plant takes in water?,botany,['Leaf' 'Root' 'Flower' 'Seed'],1\n\"Plants make food by, mainly,\",botany,\"['photosynthesis' 'digestion'\n 'erosion' 'melting']\",0\n"),
            try FormatTestSupport.file("test.csv", "question,subject,choices,answer\nWhich part of a plant takes in water?,botany,\"['Leaf', 'Root', \"\"Flower\"\", 'Seed']\",B\n\"Plants make food by, mainly,\",botany,\"[\"\"photosynthesis\"\", 'digestion', 'erosion', 'melting']\",A\n"),
            try FormatTestSupport.file("mmlu-test.jsonl", """
                {"question": "Which part of a plant takes in water?", "subject": "botany", "choices": ["Leaf", "Root", "Flower", "Seed"], "answer": 1}
                {"question": "Plants make food by, mainly,", "subject": "botany", "choices": ["photosynthesis", "digestion", "erosion", "melting"], "answer": "A"}

                """),
        ]
        try expectSame(reference, forms, .mmlu)
    }

    @Test func listCellsAsPythonAndNumpyPrintThem() throws {
        #expect(try PythonListText.parse(#"['it\'s' "a \"b\"" 'tab\there' '\u00e9\x41']"#, column: "c") == ["it's", "a \"b\"", "tab\there", "éA"])
        #expect(try PythonListText.parse("[]", column: "c") == [])
        #expect(throws: RecordError.self) { try PythonListText.parse("['a' ... 'z']", column: "choices") }
        #expect(throws: RecordError.self) { try PythonListText.parse("a, b", column: "choices") }
    }

    @Test func cevalAnswerAsIndex() throws {
        let header = "id,question,A,B,C,D,answer,explanation\n"
        let reference = try FormatTestSupport.file("arithmetic_val.csv", header + "0,2+2=____,3,4,5,6,B,\n1,3*3=____,9,6,12,8,A,three threes\n")
        let index = try FormatTestSupport.file("arithmetic_val.csv", header + "0,2+2=____,3,4,5,6,1,\n1,3*3=____,9,6,12,8,0,three threes\n")
        try expectSame(reference, [index], .ceval)
    }

    static let arcUpstream = """
        {"id": "Q1", "question": {"stem": "What do magnets attract?", "choices": [{"text": "wood", "label": "A"}, {"text": "iron", "label": "B"}, {"text": "glass", "label": "C"}]}, "answerKey": "B"}
        {"id": "Q2", "question": {"stem": "Which is a liquid at room temperature?", "choices": [{"text": "ice", "label": "1"}, {"text": "steam", "label": "2"}, {"text": "water", "label": "3"}, {"text": "salt", "label": "4"}]}, "answerKey": "3"}

        """

    @Test func arcHuggingFaceExportAndUpstreamCSV() throws {
        let reference = try FormatTestSupport.file("ARC-Mini-Test.jsonl", Self.arcUpstream)
        let hf = try FormatTestSupport.file("ARC-Mini-Test.jsonl", """
            {"id": "Q1", "question": "What do magnets attract?", "choices": {"text": ["wood", "iron", "glass"], "label": ["A", "B", "C"]}, "answerKey": "B"}
            {"id": "Q2", "question": "Which is a liquid at room temperature?", "choices": {"text": ["ice", "steam", "water", "salt"], "label": ["1", "2", "3", "4"]}, "answerKey": "3"}

            """)
        let csv = try FormatTestSupport.file("ARC-Mini-Test.csv", """
            questionID,originalQuestionID,totalPossiblePoint,AnswerKey,isMultipleChoiceQuestion,includesDiagram,examName,schoolGrade,year,question,subject,category
            Q1,1,1,B,1,0,Made Up,4,2020,What do magnets attract? (A) wood (B) iron (C) glass,,Test
            Q2,2,1,3,1,0,Made Up,4,2020,"Which is a liquid (at room) temperature? (1) ice (2) steam (3) water (4) salt",,Test

            """)
        let items = try BenchmarkReader.readAll(csv)
        #expect(items.map(\.id) == ["arc/Q1", "arc/Q2"])
        try expectSame(try FormatTestSupport.file("ARC-Mini-Test.jsonl", Self.arcUpstream.replacingOccurrences(of: "liquid at room", with: "liquid (at room)")), [csv], .arc)
        try expectSame(reference, [hf], .arc)
        let bad = try FormatTestSupport.file("ARC-Bad.csv", "questionID,AnswerKey,question\nQ9,A,No options here\n")
        #expect(FormatTestSupport.firstError(bad, format: .arc) == .badLine(file: bad, line: 2, reason: "column 'question' has no options marked (A) (B) ... or (1) (2) ..."))
    }

    @Test func hellaSwagLabelAsStringAndTheCSVExport() throws {
        let reference = try FormatTestSupport.file("val.jsonl", """
            {"ind": 1, "activity_label": "Making tea", "ctx_a": "A man fills a kettle.", "ctx_b": "he", "endings": ["boils the water.", "eats the kettle."], "label": 0}
            {"ind": 2, "activity_label": "Painting", "ctx_a": "A girl opens a can.", "ctx_b": "she", "endings": ["drinks the paint.", "dips a brush in it."], "label": 1}

            """)
        let strings = try FormatTestSupport.file("val.jsonl", try String(contentsOfFile: reference, encoding: .utf8)
            .replacingOccurrences(of: "\"label\": 0", with: "\"label\": \"0\"").replacingOccurrences(of: "\"label\": 1", with: "\"label\": \"1\""))
        let csv = try FormatTestSupport.file("validation.csv", """
            ind,activity_label,ctx_a,ctx_b,ctx,endings,source_id,split,split_type,label
            1,Making tea,A man fills a kettle.,he,A man fills a kettle. he,['boils the water.' 'eats the kettle.'],x,val,indomain,0
            2,Painting,A girl opens a can.,she,A girl opens a can. she,\"['drinks the paint.', \"\"dips a brush in it.\"\"]\",x,val,indomain,1

            """)
        try expectSame(reference, [strings, csv], .hellaswag)
    }

    @Test func namedFormatThatDoesNotFitSaysWhatTheFileLooksLike() throws {
        let mmlu = try FormatTestSupport.file("test.csv", "question,subject,choices,answer\nQ?,s,['a' 'b'],0\n")
        guard case .badLine(_, let line, let reason)? = FormatTestSupport.firstError(mmlu, format: .ceval) else {
            Issue.record("no bad line")
            return
        }
        #expect(line == 1)
        #expect(reason.hasPrefix("expected the header to start with id,question,A,B,C,D,answer; the file is read as `ceval` (--format) but looks like `mmlu` ("))
        #expect(reason.hasSuffix("): try --format mmlu"))
        let arc = try FormatTestSupport.file("arc.jsonl", Self.arcUpstream)
        guard case .badLine(_, _, let swag)? = FormatTestSupport.firstError(arc, format: .hellaswag) else {
            Issue.record("no bad line")
            return
        }
        #expect(swag.hasPrefix("missing field 'ctx'; the file is read as `hellaswag` (--format) but looks like `arc` ("))
        // Lenient: said with the first skipped record only.
        var reasons: [String] = []
        try BenchmarkReader.read(arc, format: .hellaswag, strict: false, onSkip: { reasons.append("\($0)") }) { _ in }
        #expect(reasons.count == 2 && reasons[0].contains("try --format arc") && !reasons[1].contains("try --format"))
    }
}
