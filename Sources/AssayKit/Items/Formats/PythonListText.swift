/// A list column of a Hugging Face dataset written to CSV: `Dataset.to_csv()` hands the rows to
/// pandas, which prints a list cell with numpy's repr, the strings quoted and separated by spaces
/// only (`['a' 'b' 'c']`, huggingface/datasets#6778); a pandas frame of Python lists prints
/// `['a', 'b']`, and JSON-minded exporters write `["a", "b"]`. All three are read: Python string
/// literals in single or double quotes, separated by commas and/or whitespace (numpy wraps long
/// reprs over lines). numpy elides the middle of arrays over 1000 elements ("..."), far beyond
/// any benchmark's choices; such a cell is refused (its "..." is not quoted), never read short.
enum PythonListText {
    /// The strings of a list cell, or a `RecordError` naming `column`.
    static func parse(_ text: String, column: String) throws(RecordError) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var i = 0
        func skipSeparators() { while i < scalars.count, scalars[i] == "," || scalars[i].properties.isWhitespace { i += 1 } }
        func fail(_ why: String) -> RecordError {
            RecordError("column '\(column)' is not a list of quoted strings (\(why)): \(text.prefix(60))")
        }
        skipSeparators()
        guard i < scalars.count, scalars[i] == "[" else { throw fail("no opening '['") }
        i += 1
        var items: [String] = []
        while true {
            skipSeparators()
            guard i < scalars.count else { throw fail("no closing ']'") }
            if scalars[i] == "]" { break }
            let quote = scalars[i]
            guard quote == "'" || quote == "\"" else { throw fail("item \(items.count + 1) is not quoted") }
            i += 1
            var item = String.UnicodeScalarView()
            while true {
                guard i < scalars.count else { throw fail("unterminated string") }
                let c = scalars[i]
                i += 1
                if c == quote { break }
                guard c == "\\" else { item.append(c); continue }
                guard i < scalars.count else { throw fail("unterminated string") }
                let escaped = scalars[i]
                i += 1
                switch escaped {
                case "n": item.append("\n")
                case "t": item.append("\t")
                case "r": item.append("\r")
                case "x", "u", "U":
                    let width = escaped == "x" ? 2 : escaped == "u" ? 4 : 8
                    let digits = String(String.UnicodeScalarView(scalars[i..<min(i + width, scalars.count)]))
                    guard digits.count == width, let value = UInt32(digits, radix: 16), let scalar = Unicode.Scalar(value) else {
                        throw fail("bad \\\(escaped) escape")
                    }
                    item.append(scalar)
                    i += width
                default: item.append(escaped)   // \\, \', \" and anything else: the character itself
                }
            }
            items.append(String(item))
        }
        return items
    }
}
