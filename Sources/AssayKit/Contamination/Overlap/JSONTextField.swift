/// Pulls one string field out of a JSON object line without building the whole object:
/// corpus lines are long and numerous, and only their text is needed. Nested values are
/// skipped by bracket counting (string-aware); the wanted string is decoded (escapes,
/// `\uXXXX` with surrogate pairs) into UTF-8.
struct JSONTextField {
    enum Outcome: Equatable {
        case found
        case missing
        case notAString
    }

    struct Malformed: Error {
        let reason: String
    }

    let name: [UInt8]

    init(name: String) {
        self.name = Array(name.utf8)
    }

    /// Decodes the field of the top-level object in `bytes[range]` into `text` (cleared first).
    func extract(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into text: inout [UInt8]) throws(Malformed) -> Outcome {
        text.removeAll(keepingCapacity: true)
        var i = range.lowerBound
        let end = range.upperBound
        var key: [UInt8] = []
        func skipSpace() {
            while i < end, bytes[i] == 0x20 || bytes[i] == 0x09 || bytes[i] == 0x0D || bytes[i] == 0x0A { i += 1 }
        }
        func expect(_ byte: UInt8, _ what: String) throws(Malformed) {
            skipSpace()
            guard i < end, bytes[i] == byte else { throw Malformed(reason: "expected \(what) at byte \(i - range.lowerBound + 1)") }
            i += 1
        }
        try expect(0x7B, "'{'")
        skipSpace()
        if i < end, bytes[i] == 0x7D { return .missing }
        while true {
            try expect(0x22, "a string key")
            try decodeString(bytes, &i, end, into: &key)
            try expect(0x3A, "':'")
            skipSpace()
            if key == name {
                guard i < end, bytes[i] == 0x22 else { return .notAString }
                i += 1
                try decodeString(bytes, &i, end, into: &text)
                return .found
            }
            try skipValue(bytes, &i, end)
            skipSpace()
            guard i < end else { throw Malformed(reason: "unterminated object") }
            if bytes[i] == 0x7D { return .missing }
            try expect(0x2C, "',' or '}'")
        }
    }

    /// Skips a number, literal, string, array or object starting at `i`.
    private func skipValue(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) throws(Malformed) {
        var depth = 0
        while i < end {
            let byte = bytes[i]
            switch byte {
            case 0x22:
                i += 1
                while i < end, bytes[i] != 0x22 { i += bytes[i] == 0x5C ? 2 : 1 }
                guard i < end else { throw Malformed(reason: "unterminated string") }
                i += 1
                if depth == 0 { return }
                continue
            case 0x7B, 0x5B: depth += 1
            case 0x7D, 0x5D:
                if depth == 0 { return }
                depth -= 1
                if depth == 0 { i += 1; return }
            case 0x2C:
                if depth == 0 { return }
            default: break
            }
            i += 1
        }
        if depth > 0 { throw Malformed(reason: "unterminated array or object") }
    }

    /// Decodes a string body starting after its opening quote; leaves `i` after the closing one.
    private func decodeString(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int, into out: inout [UInt8]) throws(Malformed) {
        out.removeAll(keepingCapacity: true)
        while i < end {
            let byte = bytes[i]
            if byte == 0x22 { i += 1; return }
            guard byte == 0x5C else { out.append(byte); i += 1; continue }
            guard i + 1 < end else { break }
            let escaped = bytes[i + 1]
            i += 2
            switch escaped {
            case 0x22, 0x5C, 0x2F: out.append(escaped)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                var value = try hex4(bytes, &i, end)
                if (0xD800...0xDBFF).contains(value), i + 1 < end, bytes[i] == 0x5C, bytes[i + 1] == 0x75 {
                    var j = i + 2
                    let low = try hex4(bytes, &j, end)
                    if (0xDC00...0xDFFF).contains(low) {
                        value = 0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00)
                        i = j
                    }
                }
                let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                out.append(contentsOf: UTF8.encode(scalar)!)
            default:
                throw Malformed(reason: "bad escape '\\\(Character(Unicode.Scalar(escaped)))' in a string")
            }
        }
        throw Malformed(reason: "unterminated string")
    }

    private func hex4(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int, _ end: Int) throws(Malformed) -> UInt32 {
        guard i + 4 <= end else { throw Malformed(reason: "short \\u escape") }
        var value: UInt32 = 0
        for _ in 0..<4 {
            let byte = bytes[i]
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x41...0x46: digit = byte - 0x41 + 10
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: throw Malformed(reason: "bad \\u escape")
            }
            value = value << 4 | UInt32(digit)
            i += 1
        }
        return value
    }
}
