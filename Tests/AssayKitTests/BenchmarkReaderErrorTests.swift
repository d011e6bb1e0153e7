import Foundation
import Testing
@testable import AssayKit

/// Malformed input: every reader reports `file:line: reason` at the line of the bad record.
@Suite struct BenchmarkReaderErrorTests {
    func expectBad(_ name: String, _ text: String, _ format: BenchmarkFormat, line: Int, reason: String,
                   sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let path = try FormatTestSupport.file(name, text)
        guard case .badLine(let file, let gotLine, let gotReason)? = FormatTestSupport.firstError(path, format: format) else {
            Issue.record("no bad-line error for \(name)", sourceLocation: sourceLocation)
            return
        }
        #expect(file == path, sourceLocation: sourceLocation)
        #expect(gotLine == line, "reason: \(gotReason)", sourceLocation: sourceLocation)
        #expect(gotReason.contains(reason), "reason: \(gotReason)", sourceLocation: sourceLocation)
    }

    @Test func mmluBadRecordAfterAQuotedNewline() throws {
        let text = "q1,a,b,c,d,A\n\"q2 spans\ntwo lines\",a,b,c,d,B\nq3,a,b,c,D\nq4,a,b,c,d,C\n"
        let path = try FormatTestSupport.file("physics_test.csv", text)
        #expect(FormatTestSupport.firstError(path, format: .mmlu)
                == .badLine(file: path, line: 4, reason: "expected 6 fields (question,A,B,C,D,answer), found 5"))
        #expect(FormatTestSupport.firstError(path, format: .mmlu)?.description == "\(path):4: expected 6 fields (question,A,B,C,D,answer), found 5")
        try expectBad("x_test.csv", "q,a,b,c,d,A\nq,a,b,c,d,E\n", .mmlu, line: 2, reason: "answer 'E' is not one of A, B, C, D")
        try expectBad("x_dev.csv", "q,a,b,c,d,A\n\n\"q,a,b,c,d,B\n", .mmlu, line: 3, reason: "unterminated quoted field")
    }

    /// Items that cannot be evaluated as given are refused at their line, in any format.
    @Test func unusableChoicesAndRepeatedIdsAreRefused() throws {
        try expectBad("c1.jsonl", #"{"id":"a","question":"q","choices":["x","y"],"answer":"Z"}"#, .canonical, line: 1,
                      reason: "answer 'Z' is not one of the choice labels A–B")
        try expectBad("c2.jsonl", "\n" + #"{"id":"a","question":"q","choices":[],"answer":"A"}"#, .canonical, line: 2,
                      reason: "'choices' is empty")
        let many = (1...27).map { "\"o\($0)\"" }.joined(separator: ",")
        try expectBad("c3.jsonl", #"{"id":"a","question":"q","choices":[\#(many)],"answer":"A"}"#, .canonical, line: 1,
                      reason: "27 choices; at most 26")
        try expectBad("c4.jsonl", #"{"id":"a","question":"q","answer":"1"}"# + "\n" + #"{"id":"a","question":"r","answer":"2"}"#,
                      .canonical, line: 2, reason: "duplicate id 'a' (first at line 1)")
        try expectBad("q.jsonl", #"{"id":"x","query":"a","response":"1"}"# + "\n" + #"{"id":"x","query":"b","response":"2"}"#,
                      .qa, line: 2, reason: "duplicate id 'x'")
        // Relabelled options and several true options stay valid.
        let path = try FormatTestSupport.file("ok.jsonl", #"{"id":"a","question":"q","choices":["x","y"],"answer":"2","provenance":{"perturbations":["relabel_options:numeric"]}}"#
                                              + "\n" + #"{"id":"b","question":"q","choices":["x","y","z"],"answer":"A,C"}"#)
        #expect(try BenchmarkReader.readAll(path).map(\.answer) == ["2", "A,C"])
    }

    /// Bytes that are not UTF-8 are a bad line, not silently replaced text; a garbage first line
    /// does not stop the format from being detected from the next one.
    @Test func invalidUTF8InACSVIsABadLineNotSilentlyReplaced() throws {
        let path = try FormatTestSupport.file("latin1_test.csv", "")
        let bytes = Array("What is 1+1?,1,2,3,4,B\nCaf".utf8) + [0xE9] + Array(" au lait?,a,b,c,d,A\nWhat is 2+2?,3,4,5,6,B\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(FormatTestSupport.firstError(path, format: .mmlu) == .badLine(file: path, line: 2, reason: "not valid UTF-8 (re-encode the file as UTF-8)"))
        let records = Array(CSVReader(path: path))
        #expect(records.map(\.problem) == [nil, "not valid UTF-8 (re-encode the file as UTF-8)", nil])
    }

    @Test func invalidUTF8AndAGarbageFirstLineAreReportedAtTheirLine() throws {
        let good = #"{"id":"b","question":"ok?","answer":"2"}"#
        let path = try FormatTestSupport.file("u.jsonl", "garbage{\n" + good + "\n")
        var bytes = Array(#"{"id":"a","question":"caf"#.utf8) + [0xE9] + Array(#" ?","answer":"1"}"#.utf8)
        bytes += [0x0A] + Array(good.utf8) + [0x0A]
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(FormatTestSupport.firstError(path, format: .canonical) == .badLine(file: path, line: 1, reason: "not valid UTF-8 (re-encode the file as UTF-8)"))
        let qa = try FormatTestSupport.file("q.jsonl", "")
        try Data(bytes).write(to: URL(fileURLWithPath: qa))
        #expect(FormatTestSupport.firstError(qa, format: .qa)?.description.contains(":1: not valid UTF-8") == true)
        let garbage = try FormatTestSupport.file("g.jsonl", "garbage{\n" + good + "\n")
        #expect(try BenchmarkFormat.detect(path: garbage) == .canonical)
        var skipped: [InputError] = []
        let items = try BenchmarkReader.read(garbage, strict: false, onSkip: { skipped.append($0) }) { _ in }
        #expect(items.items == 1 && skipped.count == 1)
    }

    @Test func lenientReadSkipsAndReportsBadRecords() throws {
        let path = try FormatTestSupport.file("s_test.csv", "q1,a,b,c,d,A\nq2,a,b\n\"q3\n\",a,b,c,d,Z\nq4,a,b,c,d,D\n")
        var skipped: [InputError] = []
        var items: [BenchmarkItem] = []
        let summary = try BenchmarkReader.read(path, format: .mmlu, strict: false, onSkip: { skipped.append($0) }) { items.append($0) }
        #expect(items.map(\.answer) == ["A", "D"])
        #expect(summary.items == 2 && summary.skipped == 2)
        #expect(skipped.map { if case .badLine(_, let line, _) = $0 { line } else { 0 } } == [2, 3])
    }

    @Test func idsDoNotShiftWhenALineIsSkipped() throws {
        let text = #"{"query": "a", "response": "1"}"# + "\n{oops\n\n" + #"{"query": "c", "response": "3"}"# + "\n"
        let path = try FormatTestSupport.file("k.jsonl", text)
        var lines: [Int] = []
        var ids: [String] = []
        try BenchmarkReader.read(path, format: .qa, strict: false, onSkip: {
            if case .badLine(_, let line, _) = $0 { lines.append(line) }
        }) { ids.append($0.id) }
        #expect(lines == [2])
        #expect(ids == ["qa/k/0", "qa/k/2"])
    }

    @Test func cevalHeaderAndRecords() throws {
        try expectBad("law_val.csv", "question,A,B,C,D,answer\n", .ceval, line: 1, reason: "expected the header")
        try expectBad("law_val.csv", "id,question,A,B,C,D,answer\n0,q,a,b,c,d,A\n1,\"多行\n问题\",a,b,c,d,\n", .ceval,
                      line: 3, reason: "the answer is empty")
    }

    @Test func jsonLinesReaders() throws {
        try expectBad("g.jsonl", ###"{"question": "q", "answer": "x #### 4"}"### + "\n\n" + #"{"question": "q", "answer": "no marker"}"#,
                      .gsm8k, line: 3, reason: "no '####'")
        try expectBad("g.jsonl", #####"{"question": "q", "answer": "#### 4"}"##### + "\n" + #"{"question": "q", "answer": }"#,
                      .gsm8k, line: 2, reason: "invalid JSON")
        try expectBad("g.jsonl", "[1, 2]\n", .gsm8k, line: 1, reason: "element 0 of the array is a number, not an object")
        let arc = #"{"id": "x", "question": {"stem": "s", "choices": [{"text": "t", "label": "1"}, {"text": "u", "label": "2"}]}, "answerKey": "C"}"#
        try expectBad("a.jsonl", arc, .arc, line: 1, reason: "answerKey 'C' is not one of the labels 1, 2")
        let swag = #"{"ctx": "c", "endings": ["a", "b", "c", "d"], "label": 4}"#
        try expectBad("h.jsonl", "\n" + swag, .hellaswag, line: 2, reason: "label '4' is not an ending index 0...3")
        try expectBad("he.jsonl", #"{"task_id": "t", "prompt": "p", "entry_point": "f"}"#, .humaneval, line: 1, reason: "missing field 'test'")
        try expectBad("qa.jsonl", #"{"query": "q"}"#, .qa, line: 1, reason: "missing field 'response'")
        try expectBad("c.jsonl", #"{"id": "a", "question": "q", "answer": "x"}"# + "\n" + #"{"id": "b", "answer": "x"}"#,
                      .canonical, line: 2, reason: "missing field 'question'")
        try expectBad("m.jsonl", #"{"problem": "p", "solution": "\\boxed{1"}"#, .math, line: 1, reason: "no complete \\boxed")
    }

    @Test func jsonFilesReportTheRecordLine() throws {
        let mc = """
        [
          {"question": "q1", "mc1_targets": {"a": 1, "b": 0}},
          {"question": "q2",
           "mc1_targets": {"a": 1, "b": 1}}
        ]
        """
        try expectBad("mc.json", mc, .truthfulqaMC, line: 3, reason: "exactly one choice")
        try expectBad("mc.json", "[\n  {\"question\": \"q1\",\n   \"mc1_targets\": {\"a\": 1 \"b\": 0}}\n]", .truthfulqaMC,
                      line: 3, reason: "invalid JSON: expected ',' or '}'")
        let bbh = "{\"examples\": [\n  {\"input\": \"i\", \"target\": \"t\"},\n  {\"input\": \"j\"}\n]}"
        try expectBad("task.json", bbh, .bbh, line: 3, reason: "missing field 'target'")
        try expectBad("1.json", "{\n \"problem\": \"p\",\n \"solution\": \"no box\"\n}", .math, line: 1, reason: "no complete \\boxed")
        try expectBad("TruthfulQA.csv", "Type,Category,Question,Best Answer,Correct Answers,Incorrect Answers,Source\nA,B,\"Q\nQ\",best,c,i,s\nA,B,Q\n",
                      .truthfulqaGen, line: 4, reason: "expected 7 fields, found 3")
    }
}
