/// A named value a suite fills afresh for every item.
struct AttackSlot: Sendable {
    enum Kind: Sendable {
        /// An entry of a lexicon, split at `|` into fields.
        case entry(lexicon: String, entries: [[String]])
        /// A fresh canary string (see `AttackSlot.canary`).
        case canary
        /// An integer in the range.
        case integer(ClosedRange<Int>)
        /// One of the listed texts.
        case text([String])
        /// Exact arithmetic over earlier numeric slots (the template expression language).
        case calc(Expression)
    }

    let name: String
    let kind: Kind
    /// The line that declares it, for evaluation errors.
    let line: Int

    var isNumeric: Bool {
        switch kind {
        case .integer, .calc: return true
        case .entry, .canary, .text: return false
        }
    }

    /// Letters and digits of canaries: no I, O, 0 or 1, which read alike.
    static let canaryLetters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ")
    static let canaryDigits = Array("23456789")

    /// A canary such as `KQZP-4829`: four letters and four digits, about 2^30 possibilities,
    /// so a model cannot produce it by chance; folded (`kqzp4829`) it matches however the
    /// model spaces, hyphenates or cases it. Its fields are the whole canary, the letters and
    /// the digits: a prompt that shows only the parts (`{code.2}`, `{code.3}`) is not matched
    /// by a model that merely echoes the prompt.
    static func canary(_ generator: inout SeededGenerator) -> [String] {
        let letters = String((0..<4).map { _ in generator.pick(canaryLetters)! })
        let digits = String((0..<4).map { _ in generator.pick(canaryDigits)! })
        return [letters + "-" + digits, letters, digits]
    }

    /// How many fields its values have.
    var fieldCount: Int {
        switch kind {
        case .entry(_, let entries): return entries[0].count
        case .canary: return 3
        case .integer, .text, .calc: return 1
        }
    }

    /// Draws this slot's fields; `numbers` holds the numeric slots drawn so far.
    func draw(_ generator: inout SeededGenerator, numbers: [String: Rational], source: String) throws -> [String] {
        switch kind {
        case .entry(_, let entries): return generator.pick(entries)!
        case .canary: return Self.canary(&generator)
        case .integer(let range): return [String(generator.int(in: range))]
        case .text(let options): return [generator.pick(options)!]
        case .calc(let expression):
            do { return [try expression.evaluate(numbers).canonical] } catch {
                throw InputError.badLine(file: source, line: line, reason: "cannot compute '\(expression.text)': \(error)")
            }
        }
    }
}

/// Text with `{slot}` / `{slot.N}` placeholders (the N-th field, 1-based: of a lexicon entry
/// split at `|`, or of a canary);
/// `{{` and `}}` are literal braces.
struct AttackPattern: Sendable {
    enum Segment: Sendable, Equatable {
        case literal(String)
        case slot(index: Int, field: Int)
    }

    private(set) var segments: [Segment]

    /// Parses `text`; `slots` are the slots declared so far. Errors name `file:line`.
    init(parsing text: Substring, slots: [AttackSlot], file: String, line: Int) throws {
        var segments: [Segment] = []
        var literal = ""
        var rest = text[...]
        func fail(_ reason: String) -> InputError { .badLine(file: file, line: line, reason: reason) }
        while let ch = rest.first {
            rest = rest.dropFirst()
            if ch == "}" {
                guard rest.first == "}" else { throw fail("a lone '}' (write '}}' for a brace)") }
                rest = rest.dropFirst()
                literal.append("}")
                continue
            }
            guard ch == "{" else { literal.append(ch); continue }
            if rest.first == "{" { rest = rest.dropFirst(); literal.append("{"); continue }
            guard let close = rest.firstIndex(of: "}") else { throw fail("'{' without its '}'") }
            let body = rest[..<close]
            rest = rest[rest.index(after: close)...]
            let parts = body.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count <= 2, let index = slots.firstIndex(where: { $0.name == parts[0] }) else {
                throw fail("unknown slot '\(body)' in a placeholder (declare it with 'slot \(parts[0]) = ...' above)")
            }
            var field = 0
            if parts.count == 2 {
                guard let n = Int(parts[1]), n >= 1 else { throw fail("'{\(body)}': a field number is 1 or more") }
                guard n <= slots[index].fieldCount else {
                    throw fail("'{\(body)}': slot '\(parts[0])' has \(slots[index].fieldCount) field(s)")
                }
                field = n - 1
            }
            if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
            segments.append(.slot(index: index, field: field))
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
        self.segments = segments
    }

    /// Appends a continuation line on a new line, after `blankLines` empty lines.
    mutating func appendLine(_ other: AttackPattern, afterBlankLines blankLines: Int) {
        segments.append(.literal(String(repeating: "\n", count: blankLines + 1)))
        segments.append(contentsOf: other.segments)
    }

    /// The text for drawn slot values.
    func render(_ values: [[String]]) -> String {
        segments.map { segment in
            switch segment {
            case .literal(let text): return text
            case .slot(let index, let field): return values[index][field]
            }
        }.joined()
    }
}
