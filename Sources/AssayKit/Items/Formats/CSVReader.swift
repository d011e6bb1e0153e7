/// An RFC 4180 CSV reader that streams a file record by record: fields separated by commas,
/// optionally quoted with `"`, a doubled `""` inside quotes for a quote, and line breaks
/// inside quoted fields. Each record carries the line on which it starts, so a bad record is
/// reported at the right line even after multi-line fields. Blank lines are skipped; a UTF-8
/// byte-order mark at the start is dropped. A line break inside quotes is returned as "\n".
/// A `.gz` file is read inflated (see `LineReader`; check `Iterator.failure` at the end).
public struct CSVReader: Sequence, Sendable {
    /// One record: its fields, the line where it starts, and what is wrong with it, if anything
    /// (the fields read so far are kept; reading resumes at the next line).
    public struct Record: Sendable, Equatable {
        public let line: Int
        public let fields: [String]
        public let problem: String?
    }

    private let lines: LineReader

    public init(path: String) {
        lines = LineReader(path: path)
    }

    public func makeIterator() -> Iterator {
        Iterator(lines: lines.makeIterator())
    }

    public struct Iterator: IteratorProtocol {
        private var lines: LineReader.Iterator
        private var first = true
        /// Why the records ended before the end of the file (a corrupt or truncated `.gz` file).
        public var failure: InputError? { lines.failure }

        init(lines: LineReader.Iterator) {
            self.lines = lines
        }

        public mutating func next() -> Record? {
            while var line = lines.next() {
                if first {
                    first = false
                    if line.text.hasPrefix("\u{FEFF}") { line = LineReader.Line(number: line.number, text: String(line.text.dropFirst()), isValidUTF8: line.isValidUTF8) }
                }
                if line.text.isEmpty { continue }
                return parseRecord(startingWith: line)
            }
            return nil
        }

        /// Scans UTF-8 bytes: every delimiter is ASCII, so multi-byte characters pass through.
        private mutating func parseRecord(startingWith start: LineReader.Line) -> Record {
            let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ",")
            var fields: [String] = []
            var field: [UInt8] = []
            var inQuotes = false
            var afterQuote = false   // just closed a quoted field: only ',' or the end may follow
            var bytes = Array(start.text.utf8)
            var validUTF8 = start.isValidUTF8
            var i = 0
            while true {
                if i == bytes.count {
                    guard inQuotes else { break }
                    guard let more = lines.next() else {
                        fields.append(String(decoding: field, as: UTF8.self))
                        return Record(line: start.number, fields: fields,
                                      problem: "unterminated quoted field (the quote opened here is never closed)")
                    }
                    field.append(0x0A)
                    bytes = Array(more.text.utf8)
                    validUTF8 = validUTF8 && more.isValidUTF8
                    i = 0
                    continue
                }
                let c = bytes[i]
                i += 1
                if inQuotes {
                    if c == quote {
                        if i < bytes.count, bytes[i] == quote {
                            field.append(quote)
                            i += 1
                        } else {
                            inQuotes = false
                            afterQuote = true
                        }
                    } else {
                        field.append(c)
                    }
                } else if c == comma {
                    fields.append(String(decoding: field, as: UTF8.self))
                    field.removeAll(keepingCapacity: true)
                    afterQuote = false
                } else if afterQuote {
                    fields.append(String(decoding: field, as: UTF8.self))
                    return Record(line: start.number, fields: fields,
                                  problem: "unexpected text after a closing quote (field \(fields.count))")
                } else if c == quote && field.isEmpty {
                    inQuotes = true
                } else {
                    // A quote inside an unquoted field is kept as text, as most writers expect.
                    field.append(c)
                }
            }
            fields.append(String(decoding: field, as: UTF8.self))
            // Bytes that are not UTF-8 became U+FFFD: a record read that way would be silently wrong.
            return Record(line: start.number, fields: fields, problem: validUTF8 ? nil : "not valid UTF-8 (re-encode the file as UTF-8)")
        }
    }
}
