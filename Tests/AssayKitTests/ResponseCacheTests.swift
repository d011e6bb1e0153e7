import Foundation
import Testing
@testable import AssayKit

@Suite struct ResponseCacheTests {
    /// A fresh cache path in a fresh temporary folder (the folder is created by the cache).
    static func temporaryPath() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("assay-cache-\(UUID().uuidString)/responses.jsonl").path
    }

    static func removeFolder(of path: String) {
        try? FileManager.default.removeItem(at: URL(fileURLWithPath: path).deletingLastPathComponent())
    }

    static let response = Data(#"{"choices":[{"text":"Paris","logprobs":null}],"usage":{"prompt_tokens":7},"note":"é/✓"}"#.utf8)

    @Test func storedResponsesSurviveReopeningByteForByte() async throws {
        let path = Self.temporaryPath()
        defer { Self.removeFolder(of: path) }
        let key = ResponseCache.key(endpoint: "/v1/completions", model: "smol", body: Data(#"{"prompt":"x"}"#.utf8))
        let notJSON = Data("plain text\nwith a line break".utf8)
        do {
            let cache = try ResponseCache(path: path)
            #expect(await cache.lookup(key) == nil)
            try await cache.store(key, Self.response)
            try await cache.store("other", notJSON)
            #expect(await cache.lookup(key) == Self.response)
        }
        let reopened = try ResponseCache(path: path)
        #expect(await reopened.count == 2)
        #expect(await reopened.lookup(key) == Self.response)
        #expect(await reopened.lookup("other") == notJSON)
        #expect(reopened.skippedLines == 0)

        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0].hasPrefix(#"{"key":"\#(key)","value":{"choices""#))    // the JSON itself, readable
        #expect(lines[1].contains(#""base64":"#))
    }

    @Test func tornLastLineIsCutAndBadLinesAreReportedAndDropped() async throws {
        let path = Self.temporaryPath()
        defer { Self.removeFolder(of: path) }
        do {
            let cache = try ResponseCache(path: path)
            try await cache.store("a", Data(#"{"n":1}"#.utf8))
        }
        let handle = try #require(FileHandle(forWritingAtPath: path))
        handle.seekToEndOfFile()
        handle.write(Data("not a cache line\n[1,2]\n{\"key\":\"b\",\"value\":{\"n\":2}}\n{\"key\":\"c\",\"val".utf8))
        try handle.close()

        var warnings: [String] = []
        let cache = try ResponseCache(path: path, warn: { warnings.append($0) })
        #expect(cache.skippedLines == 2)
        #expect(warnings.count == 2 && warnings[0].hasPrefix("\(path):2: ") && warnings[1].hasPrefix("\(path):3: "))
        let kept = try String(contentsOfFile: path, encoding: .utf8)
        #expect(!kept.contains("not a cache line") && !kept.contains("[1,2]"), "bad lines must not survive into the next run")
        #expect(await cache.lookup("a") == Data(#"{"n":1}"#.utf8))
        #expect(await cache.lookup("b") == Data(#"{"n":2}"#.utf8))
        #expect(await cache.lookup("c") == nil)
        // The torn line is gone, so the next line starts on a line of its own.
        try await cache.store("d", Data("[3]".utf8))
        let reopened = try ResponseCache(path: path)
        #expect(await reopened.lookup("d") == Data("[3]".utf8))
        #expect(await reopened.count == 3)
    }

    @Test func laterValueOfAKeyWins() async throws {
        let path = Self.temporaryPath()
        defer { Self.removeFolder(of: path) }
        let cache = try ResponseCache(path: path)
        try await cache.store("k", Data("1".utf8))
        try await cache.store("k", Data("2".utf8))
        #expect(await cache.lookup("k") == Data("2".utf8))
        #expect(try await ResponseCache(path: path).lookup("k") == Data("2".utf8))
    }

    @Test func keyDependsOnPathModelAndBody() {
        let body = Data(#"{"max_tokens":8,"prompt":"2+2="}"#.utf8)
        let key = ResponseCache.key(endpoint: "/v1/completions", model: "smol", body: body)
        #expect(key.count == 64 && key.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(key == ResponseCache.key(endpoint: "/v1/completions", model: "smol", body: body))
        #expect(key != ResponseCache.key(endpoint: "/v1/chat/completions", model: "smol", body: body))
        #expect(key != ResponseCache.key(endpoint: "/v1/completions", model: "gemma", body: body))
        #expect(key != ResponseCache.key(endpoint: "/v1/completions", model: "smol", body: Data(#"{"max_tokens":9,"prompt":"2+2="}"#.utf8)))
        // Fields cannot slide between path and model.
        #expect(ResponseCache.key(endpoint: "/a\nb", model: "c", body: Data()) != ResponseCache.key(endpoint: "/a", model: "b\nc", body: Data()))
        #expect(ResponseCache.key(endpoint: "/a", model: "b", body: Data("c".utf8)) != ResponseCache.key(endpoint: "/a", model: "bc", body: Data()))
    }

    @Test func unwritableFolderIsAnInputError() {
        #expect(throws: InputError.self) {
            _ = try ResponseCache(path: "/proc/assay-no-such-dir/cache.jsonl")
        }
    }
}
