import Foundation

/// Text with `{placeholders}`: the question and solution of a template.
///
/// Placeholders: `{x}` a number (canonical form, or the declared places of a decimal variable),
/// `{expr}` any expression, `{expr:2}` rounded to 2 places; `{name}` a lexicon entry's first
/// field, `{item.plural}` / `{item.measure}` / `{item.2}` its second (or N-th) field;
/// `{item:count}` the first field when `count` is 1, else the second ("1 apple", "2 apples");
/// `{hour|hours:n}` the same choice between two literal words.
/// `{{` and `}}` are literal braces.
struct TextPattern: Sendable {
    enum Segment: Sendable {
        case literal(String)
        case number(ExpressionNode, places: Int?)
        case field(slot: Int, index: Int)
        case plural(slot: Int, count: ExpressionNode)
        /// `{hour|hours:n}`: literal singular and plural words.
        case words(singular: String, plural: String, count: ExpressionNode)
    }

    private(set) var segments: [Segment] = []
    /// The line the text starts on (for evaluation errors).
    let line: Int

    /// Appends `other`, with `separator` between the two when both are non-empty.
    mutating func append(_ other: TextPattern, separator: String) {
        if !segments.isEmpty && !other.segments.isEmpty && !separator.isEmpty { segments.append(.literal(separator)) }
        segments.append(contentsOf: other.segments)
    }

    /// Parses text starting at `location`, resolving names through `variables` (slot order).
    init(parsing text: Substring, at location: SourceLocation, variables: [Variable]) throws(TemplateError) {
        line = location.line
        let characters = Array(text)
        var literal = ""
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if (c == "{" || c == "}") && i + 1 < characters.count && characters[i + 1] == c {
                literal.append(c)
                i += 2
                continue
            }
            if c == "}" { throw location.error(at: i, "unmatched '}' (write '}}' for a literal brace)") }
            guard c == "{" else { literal.append(c); i += 1; continue }
            guard let close = characters[i...].firstIndex(of: "}") else {
                throw location.error(at: i, "unclosed '{' (write '{{' for a literal brace)")
            }
            if !literal.isEmpty { segments.append(.literal(literal)); literal = "" }
            let inner = String(characters[(i + 1)..<close])
            var innerLocation = location
            innerLocation.column += i + 1
            segments.append(try TextPattern.placeholder(inner, at: innerLocation, variables: variables))
            i = close + 1
        }
        if !literal.isEmpty { segments.append(.literal(literal)) }
    }

    private static func placeholder(_ inner: String, at location: SourceLocation, variables: [Variable]) throws(TemplateError) -> Segment {
        let colon = inner.firstIndex(of: ":")
        let head = inner[..<(colon ?? inner.endIndex)]
        let trimmedHead = head.trimmingCharacters(in: .whitespaces)
        let nameAndField = trimmedHead.split(separator: ".", maxSplits: 1).map(String.init)
        let slots = Dictionary(variables.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        if trimmedHead.contains("|") {
            let words = trimmedHead.split(separator: "|", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            guard words.count == 2, !words.contains(""), let colon else {
                throw location.error(at: 0, "expected '{singular|plural:count}'")
            }
            let count = try parse(inner[inner.index(after: colon)...], at: location, offset: inner.distance(from: inner.startIndex, to: colon) + 1, variables: variables)
            return .words(singular: words[0], plural: words[1], count: count)
        }
        if let name = nameAndField.first, let slot = slots[name], let entries = variables[slot].entries {
            var field = 0
            if nameAndField.count == 2 {
                switch nameAndField[1] {
                case "plural", "measure": field = 1
                default:
                    guard let n = Int(nameAndField[1]), n >= 1 else {
                        throw location.error(at: 0, "unknown field '\(nameAndField[1])' of '\(name)' (use plural, measure or a number from 1)")
                    }
                    field = n - 1
                }
            }
            let width = entries.map(\.count).min() ?? 0
            guard let colon else {
                guard field < width else { throw location.error(at: 0, "'\(name)' entries have only \(width) field(s)") }
                return .field(slot: slot, index: field)
            }
            guard nameAndField.count == 1, width >= 2 else {
                throw location.error(at: 0, "'{\(name):count}' needs entries with two fields, singular|plural")
            }
            let countText = inner[inner.index(after: colon)...]
            let count = try parse(countText, at: location, offset: inner.distance(from: inner.startIndex, to: colon) + 1, variables: variables)
            return .plural(slot: slot, count: count)
        }
        let node = try parse(head, at: location, offset: 0, variables: variables)
        var places: Int?
        if let colon {
            let placesText = inner[inner.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            guard let p = Int(placesText), (0...12).contains(p) else {
                throw location.error(at: inner.distance(from: inner.startIndex, to: colon) + 1, "expected a number of decimal places 0...12 after ':'")
            }
            places = p
        } else if case .variable(let slot) = node, case .number(let declared) = variables[slot].kind {
            places = declared
        }
        return .number(node, places: places)
    }

    private static func parse(_ text: Substring, at location: SourceLocation, offset: Int, variables: [Variable]) throws(TemplateError) -> ExpressionNode {
        var start = location
        start.column += offset
        let slots = Dictionary(variables.enumerated().filter { $0.element.entries == nil }.map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        let texts = Set(variables.filter { $0.entries != nil }.map(\.name))
        var parser = try ExpressionParser(text, at: start, slots: slots, textVariables: texts)
        let node = try parser.parseExpression()
        try parser.expectEnd()
        return node
    }

    /// The text for one draw: `values` by slot, `variables` for the lexicon entries.
    func render(_ values: [Rational], variables: [Variable]) throws(RationalError) -> String {
        var text = ""
        for segment in segments {
            switch segment {
            case .literal(let literal): text += literal
            case .number(let node, let places):
                let value = try node.evaluate(values)
                text += try places.map { p throws(RationalError) in try value.fixed(places: p) } ?? value.canonical
            case .field(let slot, let index):
                text += variables[slot].entries![values[slot].numerator][index]
            case .plural(let slot, let count):
                let fields = variables[slot].entries![values[slot].numerator]
                text += fields[try count.evaluate(values) == .one ? 0 : 1]
            case .words(let singular, let plural, let count):
                text += try count.evaluate(values) == .one ? singular : plural
            }
        }
        return text
    }
}
