import Foundation

/// What one streamed event of an OpenAI-compatible completion carries, read without parsing
/// the JSON of ordinary token frames (the load client reads thousands a second): whether it
/// holds generated text, and, parsed only when present, the usage block, the finish reason
/// and an error.
struct StreamChunk: Equatable {
    /// The `[DONE]` sentinel.
    var isDone = false
    /// A non-empty `content`, `reasoning_content` or `text` string (a token or more).
    var hasContent = false
    /// `usage.prompt_tokens`, when the event has a usage block.
    var promptTokens: Int?
    /// `usage.completion_tokens`, when the event has a usage block.
    var completionTokens: Int?
    /// `choices[0].finish_reason`, when not null.
    var finishReason: String?
    /// The server's message, when the event reports an error.
    var error: String?

    /// Reads an event.
    init(_ event: SSEEvent) {
        if event.data == "[DONE]" {
            isDone = true
            return
        }
        if event.event == "error" {
            error = HTTPClient.streamFailure(in: event) ?? "(no message)"
            return
        }
        var data = event.data
        data.withUTF8 { bytes in
            if let at = Self.find(Self.errorKey, in: bytes, from: 0), Self.valueStart(at + Self.errorKey.count, in: bytes) != UInt8(ascii: "n"),
               let message = HTTPClient.streamFailure(in: event) {
                error = message
                return
            }
            hasContent = Self.hasNonEmptyString(bytes, keys: Self.contentKeys)
            let hasUsage = Self.find(Self.usageKey, in: bytes, from: 0).map { Self.valueStart($0 + Self.usageKey.count, in: bytes) == UInt8(ascii: "{") } ?? false
            let hasFinish = Self.find(Self.finishKey, in: bytes, from: 0).map { Self.valueStart($0 + Self.finishKey.count, in: bytes) == UInt8(ascii: "\"") } ?? false
            guard hasUsage || hasFinish else { return }
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any] else { return }
            readTail(object)
        }
    }

    /// Reads a whole (non-streamed) completion body.
    init(body: Data) {
        guard let object = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
            error = "the body is not a JSON object: " + HTTPError.clipped(String(decoding: body.prefix(300), as: UTF8.self))
            return
        }
        if let failure = object["error"], !(failure is NSNull) {
            error = HTTPError.serverMessage(from: body)
            return
        }
        let choice = (object["choices"] as? [[String: Any]])?.first
        let message = choice?["message"] as? [String: Any]
        let text = (message?["content"] as? String) ?? (choice?["text"] as? String) ?? ""
        hasContent = !text.isEmpty
        readTail(object)
    }

    private mutating func readTail(_ object: [String: Any]) {
        if let usage = object["usage"] as? [String: Any] {
            promptTokens = (usage["prompt_tokens"] as? NSNumber)?.intValue
            completionTokens = (usage["completion_tokens"] as? NSNumber)?.intValue
        }
        if let choice = (object["choices"] as? [[String: Any]])?.first, let reason = choice["finish_reason"] as? String {
            finishReason = reason
        }
    }

    private static let contentKeys: [[UInt8]] = ["\"content\"", "\"reasoning_content\"", "\"text\""].map { Array($0.utf8) }
    private static let usageKey = Array("\"usage\"".utf8)
    private static let errorKey = Array("\"error\"".utf8)
    private static let finishKey = Array("\"finish_reason\"".utf8)

    /// True when one of `keys` (quoted, not escaped) is followed by `:` and a non-empty string.
    static func hasNonEmptyString(_ bytes: UnsafeBufferPointer<UInt8>, keys: [[UInt8]]) -> Bool {
        for key in keys {
            var from = 0
            while let at = find(key, in: bytes, from: from) {
                from = at + key.count
                if valueStart(from, in: bytes) == UInt8(ascii: "\""),
                   let open = valueIndex(from, in: bytes), open + 1 < bytes.count, bytes[open + 1] != UInt8(ascii: "\"") {
                    return true
                }
            }
        }
        return false
    }

    /// The first byte of the value after a key ending at `index` (skipping blanks and the colon).
    static func valueStart(_ index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> UInt8? {
        valueIndex(index, in: bytes).map { bytes[$0] }
    }

    private static func valueIndex(_ index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var i = index
        var sawColon = false
        while i < bytes.count {
            switch bytes[i] {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), 10, 13: i += 1
            case UInt8(ascii: ":") where !sawColon: sawColon = true; i += 1
            default: return sawColon ? i : nil
            }
        }
        return nil
    }

    /// The index of `needle` in `bytes` at or after `from`, not preceded by a backslash (a
    /// quote inside a string value).
    static func find(_ needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        guard let first = needle.first, needle.count <= bytes.count else { return nil }
        var i = from
        let last = bytes.count - needle.count
        while i <= last {
            if bytes[i] == first, i == 0 || bytes[i - 1] != UInt8(ascii: "\\") {
                var j = 1
                while j < needle.count && bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}
