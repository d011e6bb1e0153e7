import Foundation

/// Reads the `.tmpl` format line by line (see `Templates/README.md`). Every error carries the
/// file, line and column; names must be declared before they are used.
struct TemplateParser {
    private let source: String
    private let lexiconFolder: URL?
    private var name: String?
    private var language: String?
    private var description = ""
    private var levels = 1...1
    private var variables = [Variable(name: "level", kind: .number(places: nil))]
    private var statements: [Statement] = []
    private var question: TextPattern?
    private var answer: LocatedExpression?
    private var solution: TextPattern?
    private var distractors: [LocatedExpression] = []
    /// The text key an indented line continues.
    private var continuing: String?

    init(source: String, lexiconFolder: URL?) {
        self.source = source
        self.lexiconFolder = lexiconFolder
    }

    private static let keys: Set<String> = ["name", "language", "description", "levels", "question", "answer", "solution", "choice"]
    private static let statementWords: Set<String> = ["var", "let", "require", "distinct"]

    mutating func parse(_ text: String) throws -> Template {
        var lineNumber = 0
        var lastContentLine = 1
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = line.drop { $0.isWhitespace }
            if trimmed.isEmpty { continuing = nil; continue }
            lastContentLine = lineNumber
            if trimmed.hasPrefix("#") { continue }
            let column = line.distance(from: line.startIndex, to: trimmed.startIndex) + 1
            let at = SourceLocation(file: source, line: lineNumber, column: column)
            if column > 1 {
                guard let key = continuing else { throw at.error(at: 0, "indented line continues no 'question:', 'solution:' or 'description:' text") }
                try addText(key, trimmed, at: at, continuation: true)
                continue
            }
            continuing = nil
            let word = String(trimmed.prefix { $0.isLetter || $0 == "_" })
            let rest = trimmed.dropFirst(word.count)
            if Self.keys.contains(word), rest.first == ":" {
                let value = rest.dropFirst().drop { $0 == " " || $0 == "\t" }
                try header(word, value, at: SourceLocation(file: source, line: lineNumber, column: column + trimmed.count - value.count))
            } else if Self.statementWords.contains(word), rest.first == " " {
                let body = rest.drop { $0 == " " }
                try statement(word, body, at: SourceLocation(file: source, line: lineNumber, column: column + trimmed.count - body.count))
            } else {
                throw at.error(at: 0, "expected 'key: value' (\(Self.keys.sorted().joined(separator: ", "))) or a statement (var, let, require, distinct)")
            }
        }
        let end = SourceLocation(file: source, line: lastContentLine, column: 1)
        guard let name else { throw end.error(at: 0, "the template declares no 'name:'") }
        guard let language else { throw end.error(at: 0, "the template declares no 'language:'") }
        guard let question else { throw end.error(at: 0, "the template declares no 'question:'") }
        guard let answer else { throw end.error(at: 0, "the template declares no 'answer:'") }
        return Template(name: name, language: language, description: description, levels: levels, source: source,
                        variables: variables, statements: statements, question: question, answer: answer,
                        solution: solution, distractors: distractors)
    }

    private mutating func header(_ key: String, _ value: Substring, at: SourceLocation) throws {
        switch key {
        case "name":
            guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
                throw at.error(at: 0, "a name is lowercase letters, digits and '-' (it starts every item id)")
            }
            name = String(value)
        case "language":
            guard value == "en" || value == "zh" else { throw at.error(at: 0, "language must be 'en' or 'zh'") }
            language = String(value)
        case "levels":
            let bounds = value.split(separator: ".", omittingEmptySubsequences: true).compactMap { Int($0) }
            guard bounds.count == 2, value.contains(".."), bounds[0] >= 1, bounds[0] <= bounds[1] else {
                throw at.error(at: 0, "expected 'levels: LOW..HIGH' with 1 <= LOW <= HIGH")
            }
            levels = bounds[0]...bounds[1]
        case "answer", "choice":
            let expression = LocatedExpression(node: try expression(value, at: at), line: at.line)
            if key == "answer" {
                guard answer == nil else { throw at.error(at: 0, "a second 'answer:'") }
                answer = expression
            } else {
                distractors.append(expression)
            }
        default:
            if key == "question", question != nil { throw at.error(at: 0, "a second 'question:' (continue long text on indented lines)") }
            try addText(key, value, at: at, continuation: false)
        }
    }

    /// `question:`, `solution:` and `description:` text, and their indented continuations.
    private mutating func addText(_ key: String, _ value: Substring, at: SourceLocation, continuation: Bool) throws {
        continuing = key
        // Continued English text takes a space between the lines; Chinese takes none.
        let separator = continuation ? (language == "zh" ? "" : " ") : "\n"
        if key == "description" {
            description += (description.isEmpty ? "" : (language == "zh" ? "" : " ")) + value
            return
        }
        let pattern = try TextPattern(parsing: value, at: at, variables: variables)
        if key == "question" {
            question = question.map { var q = $0; q.append(pattern, separator: separator); return q } ?? pattern
        } else {
            solution = solution.map { var s = $0; s.append(pattern, separator: separator); return s } ?? pattern
        }
    }

    private mutating func statement(_ word: String, _ body: Substring, at: SourceLocation) throws {
        let label = "\(word) \(body)"
        switch word {
        case "require":
            statements.append(.require(LocatedExpression(node: try expression(body, at: at), line: at.line), label: label))
        case "distinct":
            let slots = try names(body, at: at).map { name, offset throws(TemplateError) in
                guard let slot = variables.firstIndex(where: { $0.name == name }) else { throw at.error(at: offset, "unknown variable '\(name)'") }
                return slot
            }
            guard slots.count >= 2 else { throw at.error(at: 0, "distinct needs at least two variables") }
            statements.append(.distinct(slots: slots, label: label, line: at.line))
        default:   // var, let
            guard let equals = body.firstIndex(of: "=") else { throw at.error(at: body.count, "expected '=' after the variable name") }
            let declared = try names(body[..<equals], at: at)
            let valueStart = body[body.index(after: equals)...].drop { $0 == " " }
            var valueAt = at
            valueAt.column += body.count - valueStart.count
            if word == "let" {
                guard declared.count == 1 else { throw at.error(at: 0, "'let' defines one variable") }
                let node = try expression(valueStart, at: valueAt)
                try declare(declared, kind: .number(places: nil), at: at)
                statements.append(.derive(slot: variables.count - 1, expression: LocatedExpression(node: node, line: at.line)))
            } else {
                var parser = TemplateDistributionParser(location: valueAt, lexiconFolder: lexiconFolder, variables: variables)
                let (distribution, kind) = try parser.parse(valueStart)
                try declare(declared, kind: kind, at: at)
                let slots = Array((variables.count - declared.count)..<variables.count)
                statements.append(.draw(slots: slots, distribution: distribution, label: label, line: at.line))
            }
        }
    }

    /// Comma-separated identifiers with their offsets in `text`.
    private func names(_ text: Substring, at: SourceLocation) throws(TemplateError) -> [(String, Int)] {
        var result: [(String, Int)] = []
        var offset = 0
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let name = part.trimmingCharacters(in: .whitespaces)
            let lead = part.prefix { $0 == " " }.count
            guard let first = name.first, first.isLetter || first == "_", name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
                throw at.error(at: offset + lead, "expected a variable name, found '\(name)'")
            }
            result.append((name, offset + lead))
            offset += part.count + 1
        }
        return result
    }

    private mutating func declare(_ names: [(String, Int)], kind: Variable.Kind, at: SourceLocation) throws(TemplateError) {
        for (name, offset) in names {
            if variables.contains(where: { $0.name == name }) { throw at.error(at: offset, "'\(name)' is already declared") }
            if BuiltinFunction(rawValue: name) != nil || ["and", "or", "not", "step", "places"].contains(name) {
                throw at.error(at: offset, "'\(name)' is a reserved word")
            }
            variables.append(Variable(name: name, kind: kind))
        }
    }

    private func expression(_ text: Substring, at: SourceLocation) throws(TemplateError) -> ExpressionNode {
        var parser = try TemplateDistributionParser.expressionParser(text, at: at, variables: variables)
        let node = try parser.parseExpression()
        try parser.expectEnd()
        return node
    }
}
