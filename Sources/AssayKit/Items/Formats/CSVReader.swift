/// An RFC 4180 CSV reader that streams a file record by record: fields separated by commas,
/// optionally quoted with `"`, a doubled `""` inside quotes for a quote, and line breaks
/// inside quoted fields. Each record carries the line on which it starts, so a bad record is
/// reported at the right line even after multi-line fields. Blank lines are skipped; a UTF-8
/// byte-order mark at the start is dropped. A line break inside quotes is returned as "\n".
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

        init(lines: LineReader.Iterator) {
            self.lines = lines
        }

        public mutating func next() -> Record? {
            while var line = lines.next() {
                if first {
                    first = false
                    if line.text.hasPrefix("\u{FEFF}") { line = LineReader.Line(number: line.number, text: String(line.text.dropFirst())) }
                }
                if line.text.isEmpty { continue }
                return parseRecord(startingWith: line)
            }
            return nil
        }

        private mutating func parseRecord(startingWith start: LineReader.Line) -> Record {
            var fields: [String] = []
            var field = ""
            var inQuotes = false
            var afterQuote = false   // just closed a quoted field: only ',' or the end may follow
            var scalars = Array(start.text.unicodeScalars)
            var i = 0
            while true {
                if i == scalars.count {
                    guard inQuotes else { break }
                    guard let more = lines.next() else {
                        fields.append(field)
                        return Record(line: start.number, fields: fields,
                                      problem: "unterminated quoted field (the quote opened here is never closed)")
                    }
                    field.append("\n")
                    scalars = Array(more.text.unicodeScalars)
                    i = 0
                    continue
                }
                let c = scalars[i]
                i += 1
                if inQuotes {
                    if c == "\"" {
                        if i < scalars.count, scalars[i] == "\"" {
                            field.unicodeScalars.append("\"")
                            i += 1
                        } else {
                            inQuotes = false
                            afterQuote = true
                        }
                    } else {
                        field.unicodeScalars.append(c)
                    }
                } else if c == "," {
                    fields.append(field)
                    field = ""
                    afterQuote = false
                } else if afterQuote {
                    fields.append(field)
                    return Record(line: start.number, fields: fields,
                                  problem: "unexpected character '\(c)' after a closing quote (field \(fields.count))")
                } else if c == "\"" && field.isEmpty {
                    inQuotes = true
                } else {
                    // A quote inside an unquoted field is kept as text, as most writers expect.
                    field.unicodeScalars.append(c)
                }
            }
            fields.append(field)
            return Record(line: start.number, fields: fields, problem: nil)
        }
    }
}
