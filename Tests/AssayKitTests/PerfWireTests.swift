import Foundation
import Testing
@testable import AssayKit

/// The load client's HTTP/1.1 response parser and its cheap reading of stream events.
struct PerfWireTests {
    /// Feeds `bytes` split at `cuts` and returns (status, headers, body, complete).
    private func parse(_ text: String, cuts: [Int] = []) throws -> (HTTPResponseParser, String) {
        var parser = HTTPResponseParser()
        var body: [UInt8] = []
        let bytes = Array(text.utf8)
        var start = 0
        for end in cuts.filter({ $0 > 0 && $0 < bytes.count }) + [bytes.count] {
            try bytes[start..<end].withUnsafeBufferPointer { part in
                try parser.feed(part) { body.append(contentsOf: $0) }
            }
            start = end
        }
        return (parser, String(decoding: body, as: UTF8.self))
    }

    @Test func chunkedBodySplitAnywhereDecodesTheSame() throws {
        let response = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "6;ext=1\r\ndata: \r\n17\r\n{\"a\":1}\n\ndata: [DONE]\n\n\r\n0\r\nX-Trailer: t\r\n\r\n"
        let (whole, expected) = try parse(response)
        #expect(whole.status == 200 && whole.isComplete && whole.keepsAlive)
        #expect(expected == "data: {\"a\":1}\n\ndata: [DONE]\n\n")
        for cut in 1..<response.utf8.count {
            let (parser, body) = try parse(response, cuts: [cut])
            #expect(body == expected && parser.isComplete, "cut at \(cut)")
        }
    }

    @Test func contentLengthAndUntilCloseBodies() throws {
        let (sized, body) = try parse("HTTP/1.1 500 Internal\r\nContent-Length: 5\r\nConnection: close\r\n\r\nerror")
        #expect(sized.status == 500 && sized.isComplete && body == "error" && !sized.keepsAlive)
        var (open, rest) = try parse("HTTP/1.1 200 OK\r\n\r\npartial")
        #expect(!open.isComplete && rest == "partial")
        let closedCompletes = open.finishAtEOF()
        #expect(closedCompletes)
        var (unfinished, _) = try parse("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort")
        let cutCompletes = unfinished.finishAtEOF()
        #expect(!cutCompletes)
        let (interim, _) = try parse("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n")
        #expect(interim.status == 204 && interim.isComplete)
    }

    @Test(arguments: ["FTP/1.0 200 OK\r\n\r\n", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabcX\r\n",
                      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nabc"])
    func malformedResponsesThrow(_ text: String) {
        #expect(throws: HTTPResponseParser.Failure.self) { try parse(text) }
    }

    @Test func streamChunksAreReadWithoutParsingTokenFrames() {
        func chunk(_ data: String) -> StreamChunk { StreamChunk(SSEEvent(data: data)) }
        #expect(chunk("[DONE]").isDone)
        #expect(!chunk(#"{"choices":[{"delta":{"role":"assistant","content":null}}]}"#).hasContent)
        #expect(!chunk(#"{"choices":[{"delta":{"content":""}}]}"#).hasContent)
        #expect(chunk(#"{"choices":[{"delta":{"content":"Hi"}}]}"#).hasContent)
        #expect(chunk(#"{"choices": [{"delta": {"content" : "Hi"}}]}"#).hasContent)
        #expect(chunk(#"{"choices":[{"delta":{"reasoning_content":"hm"}}]}"#).hasContent)
        #expect(chunk(#"{"choices":[{"text":" a","index":0}]}"#).hasContent)
        // A quoted key inside a string value is not a key.
        #expect(!chunk(#"{"choices":[{"delta":{"role":"x \"content\":\"y"}}]}"#).hasContent)
        let tail = chunk(#"{"choices":[],"usage":{"prompt_tokens":12,"completion_tokens":7,"total_tokens":19}}"#)
        #expect(tail.promptTokens == 12 && tail.completionTokens == 7 && !tail.hasContent)
        let finish = chunk(#"{"choices":[{"delta":{},"finish_reason":"length"}]}"#)
        #expect(finish.finishReason == "length")
        #expect(chunk(#"{"error":{"message":"slot unavailable"}}"#).error?.contains("slot unavailable") == true)
        #expect(StreamChunk(SSEEvent(event: "error", data: "boom")).error != nil)
    }

    @Test func wholeBodiesAreRead() {
        let body = Data(#"{"choices":[{"message":{"role":"assistant","content":"Hello"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2}}"#.utf8)
        let chunk = StreamChunk(body: body)
        #expect(chunk.hasContent && chunk.completionTokens == 2 && chunk.promptTokens == 3 && chunk.finishReason == "stop")
        #expect(StreamChunk(body: Data("not json".utf8)).error != nil)
    }
}
