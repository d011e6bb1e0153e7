import Foundation
import Testing
@testable import AssayKit

@Suite struct SSEParserTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var input: [UInt8]
        /// Events dispatched while feeding.
        var events: [SSEEvent]
        /// Events `finish()` adds.
        var atFinish: [SSEEvent] = []
        var testDescription: String { name }

        init(_ name: String, _ input: String, _ events: [SSEEvent], atFinish: [SSEEvent] = []) {
            self.name = name
            self.input = Array(input.utf8)
            self.events = events
            self.atFinish = atFinish
        }
    }

    static func data(_ text: String, event: String? = nil) -> SSEEvent { SSEEvent(event: event, data: text) }

    static let cases: [Case] = [
        Case("one event", "data: hello\n\n", [data("hello")]),
        Case("no space after the colon", "data:hello\n\n", [data("hello")]),
        Case("only one space is stripped", "data:  hello\n\n", [data(" hello")]),
        Case("data lines joined with LF", "data: a\ndata: b\n\ndata: c\n\n", [data("a\nb"), data("c")]),
        Case("CRLF line ends", "data: a\r\ndata: b\r\n\r\n", [data("a\nb")]),
        Case("CR line ends", "data: a\r\rdata: b\r\r", [data("a"), data("b")]),
        Case("mixed line ends", "data: a\r\n\ndata: b\r\r\ndata: c\n\r", [data("a"), data("b"), data("c")]),
        Case("comments are ignored", ": keep-alive\n\n:\ndata: x\n: between\n\n", [data("x")]),
        Case("event field", "event: error\ndata: {\"error\":\"x\"}\n\n", [data("{\"error\":\"x\"}", event: "error")]),
        Case("event type resets after dispatch", "event: a\ndata: 1\n\ndata: 2\n\n", [data("1", event: "a"), data("2")]),
        Case("event without data is not dispatched", "event: ping\n\ndata: x\n\n", [data("x")]),
        Case("empty data line dispatches empty data", "data:\n\n", [data("")]),
        Case("field without a colon", "data\n\n", [data("")]),
        Case("two empty data lines", "data\ndata\n\n", [data("\n")]),
        Case("other fields are ignored", "id: 5\nretry: 100\nfoo: bar\ndata: x\n\n", [data("x")]),
        Case("a colon in the value stays", "data: {\"a\": \"b:c\"}\n\n", [data("{\"a\": \"b:c\"}")]),
        Case("[DONE] is data", "data: {\"n\":1}\n\ndata: [DONE]\n\n", [data("{\"n\":1}"), data("[DONE]")]),
        Case("multi-byte UTF-8", "data: héllo 世界 🎉\n\n", [data("héllo 世界 🎉")]),
        Case("byte order mark at the start", "\u{FEFF}data: x\n\n", [data("x")]),
        Case("blank lines alone dispatch nothing", "\n\n\r\n\r", []),
        Case("last event without a blank line", "data: a\n\ndata: tail", [data("a")], atFinish: [data("tail")]),
        Case("last event ends with one newline", "data: tail\n", [], atFinish: [data("tail")]),
        Case("last event without data is dropped", "event: x\n", []),
        Case("llama.cpp frames", """
            data: {"choices":[{"delta":{"content":"Hi"}}]}\n\n\
            data: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\n\
            data: [DONE]\n\n
            """, [data("{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}"),
                  data("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}"), data("[DONE]")]),
    ]

    /// Feeds `chunks` and returns everything dispatched, `finish()` included.
    static func run(_ chunks: [[UInt8]]) -> (fed: [SSEEvent], finished: [SSEEvent]) {
        var parser = SSEParser()
        var fed: [SSEEvent] = []
        for chunk in chunks { fed += parser.feed(chunk) }
        return (fed, parser.finish())
    }

    @Test(arguments: cases) func wholeInput(_ c: Case) {
        let result = Self.run([c.input])
        #expect(result.fed == c.events)
        #expect(result.finished == c.atFinish)
    }

    @Test(arguments: cases) func byteByByte(_ c: Case) {
        let result = Self.run(c.input.map { [$0] })
        #expect(result.fed == c.events)
        #expect(result.finished == c.atFinish)
    }

    /// Every split point into two chunks: fields, line ends (CR | LF) and UTF-8 characters
    /// are cut everywhere.
    @Test(arguments: cases) func everySplitPoint(_ c: Case) {
        for cut in 0...c.input.count {
            let result = Self.run([Array(c.input[..<cut]), Array(c.input[cut...])])
            #expect(result.fed + result.finished == c.events + c.atFinish, "split at \(cut)")
        }
    }

    @Test func carriageReturnEndingAChunkPairsWithTheNextLineFeed() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: a\r".utf8)).isEmpty)
        // Were "\r" and "\n" two line ends, the "\n" would be a blank line dispatching "a".
        #expect(parser.feed(Array("\ndata: b\r\n\r\n".utf8)) == [SSEEvent(data: "a\nb")])
        #expect(parser.finish().isEmpty)
    }

    @Test func eventsArriveWithTheChunkThatCompletesThem() {
        var parser = SSEParser()
        #expect(parser.feed(Array("data: fir".utf8)).isEmpty)
        #expect(parser.feed(Array("st\n".utf8)).isEmpty)
        #expect(parser.feed(Array("\ndata: second\n".utf8)) == [SSEEvent(data: "first")])
        #expect(parser.feed(Array("\n".utf8)) == [SSEEvent(data: "second")])
    }

    @Test func aSplitUTF8CharacterIsReassembled() {
        let bytes = Array("data: 🎉\n\n".utf8)    // the emoji is 4 bytes, at offsets 6...9
        var parser = SSEParser()
        var events: [SSEEvent] = []
        for range in [0..<7, 7..<8, 8..<9, 9..<bytes.count] { events += parser.feed(bytes[range]) }
        #expect(events == [SSEEvent(data: "🎉")])
    }

    @Test func acceptsDataSlicesAndNonContiguousSequences() {
        var parser = SSEParser()
        var events = parser.feed(Data("data: 1\n\n".utf8))
        events += parser.feed(Array("xxdata: 2\n\n".utf8)[2...])
        events += parser.feed(Array("data: 3\n\n".utf8).lazy.map { $0 })
        events += parser.feed("data: 4\n\n".utf8)
        #expect(events.map(\.data) == ["1", "2", "3", "4"])
    }

    @Test func parserIsReusableAfterFinish() {
        var parser = SSEParser()
        _ = parser.feed(Array("data: a".utf8))
        #expect(parser.finish() == [SSEEvent(data: "a")])
        #expect(parser.feed(Array("data: b\n\n".utf8)) == [SSEEvent(data: "b")])
    }
}
