import Testing
@testable import AssayKit

@Suite struct CSVReaderTests {
    func records(_ text: String) throws -> [CSVReader.Record] {
        Array(CSVReader(path: try FormatTestSupport.file("t.csv", text)))
    }

    @Test func plainAndQuotedFields() throws {
        let r = try records("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\n")
        #expect(r.map(\.fields) == [["a", "b", "c"], ["x, y", "say \"hi\"", ""]])
        #expect(r.map(\.line) == [1, 2])
        #expect(r.allSatisfy { $0.problem == nil })
    }

    @Test func newlineInsideQuotesKeepsStartLine() throws {
        let r = try records("q1,\"two\nlines\",z\r\nq2,\"three\n\nlines\",z\nq3,b,c")
        #expect(r.map(\.line) == [1, 3, 6])
        #expect(r[0].fields == ["q1", "two\nlines", "z"])
        #expect(r[1].fields == ["q2", "three\n\nlines", "z"])
        #expect(r[2].fields == ["q3", "b", "c"])
    }

    @Test func blankLinesAndByteOrderMarkAreSkipped() throws {
        let r = try records("\u{FEFF}a,b\n\n\nc,d\n")
        #expect(r.map(\.fields) == [["a", "b"], ["c", "d"]])
        #expect(r.map(\.line) == [1, 4])
    }

    @Test func unterminatedQuoteIsAProblemAtItsStart() throws {
        let r = try records("a,b\nc,\"open\nstill open\n")
        #expect(r.count == 2)
        #expect(r[1].line == 2)
        #expect(r[1].problem?.contains("unterminated") == true)
    }

    @Test func textAfterClosingQuoteIsAProblem() throws {
        let r = try records("\"a\"x,b\nc,d\n")
        #expect(r[0].problem?.contains("after a closing quote") == true)
        #expect(r[1].fields == ["c", "d"])
        #expect(r[1].line == 2)
    }
}

@Suite struct JSONParserTests {
    @Test func keepsKeyOrderAndObjectLines() throws {
        let value = try JSONParser.parse("[\n {\"b\": 1, \"a\": [true, null, -2.5e3]},\n\n {\"z\": \"\\u00e9\\ud83d\\ude00\\n\"}\n]")
        let objects = value.array!.map { $0.object! }
        #expect(objects[0].fields.map(\.key) == ["b", "a"])
        #expect(objects.map(\.line) == [2, 4])
        #expect(objects[0]["a"] == .array([.bool(true), .null, .number("-2.5e3")]))
        #expect(objects[1]["z"] == .string("é😀\n"))
    }

    @Test func syntaxErrorsCarryTheirLine() {
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("{\"a\": 1,}") }
        do {
            _ = try JSONParser.parse("[\n1,\n2\n3]")
            Issue.record("no error")
        } catch {
            #expect(error.line == 4)
        }
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("[01]") }
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("\"tab\there\"") }
        #expect(throws: JSONParser.SyntaxError.self) { try JSONParser.parse("{} {}") }
    }
}
