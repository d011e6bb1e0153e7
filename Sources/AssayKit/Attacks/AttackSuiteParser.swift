import Foundation

/// Reads the `.attack` format line by line (see `Templates/attacks/README.md`). Every error carries
/// `file:line`; slots must be declared before a placeholder or a `calc` uses them.
struct AttackSuiteParser {
    private let source: String
    private let lexiconFolder: URL?
    private var name: String?
    private var category: AttackCategory?
    private var language: String?
    private var description = ""
    private var slots: [AttackSlot] = []
    private var systems: [AttackPattern] = []
    private var prompts: [AttackPattern] = []
    private var goal: (kind: AttackDetectorKind, pattern: AttackPattern, line: Int)?
    private var truth: AttackPattern?
    /// The text key an indented line continues, and the blank lines seen since its last line.
    private var continuing: String?
    private var pendingBlanks = 0

    init(source: String, lexiconFolder: URL?) {
        self.source = source
        self.lexiconFolder = lexiconFolder
    }

    private static let keys = ["suite", "category", "language", "description", "system", "prompt", "goal", "truth"]

    mutating func parse(_ text: String) throws -> AttackSuite {
        var lineNumber = 0
        var lastContentLine = 1
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            let line = raw.hasSuffix("\r") ? raw.dropLast() : raw
            let trimmed = line.drop { $0.isWhitespace }
            if trimmed.isEmpty { pendingBlanks += 1; continue }
            lastContentLine = lineNumber
            if line.hasPrefix("#") { continue }
            if trimmed.startIndex != line.startIndex {
                guard let key = continuing else {
                    throw fail(lineNumber, "an indented line continues no 'prompt:', 'system:' or 'description:' text")
                }
                try addText(key, trimmed, line: lineNumber, continuation: true)
                continue
            }
            continuing = nil
            pendingBlanks = 0
            let word = String(trimmed.prefix { $0.isLetter })
            let rest = trimmed.dropFirst(word.count)
            if Self.keys.contains(word), rest.first == ":" {
                try header(word, rest.dropFirst().drop { $0 == " " || $0 == "\t" }, line: lineNumber)
            } else if word == "slot", rest.first == " " {
                try slot(rest.drop { $0 == " " }, line: lineNumber)
            } else {
                throw fail(lineNumber, "expected 'key: value' (\(Self.keys.joined(separator: ", "))) or 'slot NAME = ...'")
            }
        }
        let end = lastContentLine
        guard let name else { throw fail(end, "the suite declares no 'suite:' name") }
        guard let category else { throw fail(end, "the suite declares no 'category:'") }
        guard let language else { throw fail(end, "the suite declares no 'language:'") }
        guard !prompts.isEmpty else { throw fail(end, "the suite declares no 'prompt:'") }
        guard let goal else { throw fail(end, "the suite declares no 'goal:'") }
        if truth != nil, goal.kind != .plantedAnswer { throw fail(goal.line, "'truth:' goes with 'goal: answer' only") }
        let resolved: AttackGoal
        switch goal.kind {
        case .plantedAnswer:
            guard let truth else { throw fail(goal.line, "'goal: answer' needs a 'truth:' line (the correct answer)") }
            resolved = .answer(planted: goal.pattern, truth: truth)
        case .complies: resolved = .complies(goal.pattern)
        case .contains: resolved = .contains(goal.pattern)
        }
        return AttackSuite(name: name, category: category, language: language, description: description, source: source,
                           slots: slots, systems: systems, prompts: prompts, goal: resolved)
    }

    private func fail(_ line: Int, _ reason: String) -> InputError {
        .badLine(file: source, line: line, reason: reason)
    }

    private mutating func header(_ key: String, _ value: Substring, line: Int) throws {
        switch key {
        case "suite":
            guard name == nil else { throw fail(line, "a second 'suite:'") }
            guard !value.isEmpty, value.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "-") }) else {
                throw fail(line, "a suite name is lowercase letters, digits and '-' (it starts every item id)")
            }
            name = String(value)
        case "category":
            guard let parsed = AttackCategory(rawValue: String(value)) else {
                throw fail(line, "unknown category '\(value)'; expected one of \(AttackCategory.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            category = parsed
        case "language":
            guard value == "en" || value == "zh" else { throw fail(line, "language must be 'en' or 'zh'") }
            language = String(value)
        case "goal":
            guard goal == nil else { throw fail(line, "a second 'goal:'") }
            let word = value.prefix { $0.isLetter }
            let kinds: [Substring: AttackDetectorKind] = ["contains": .contains, "complies": .complies, "answer": .plantedAnswer]
            guard let kind = kinds[word], value.dropFirst(word.count).first == " " else {
                throw fail(line, "expected 'goal: contains TEXT', 'goal: complies TEXT' or 'goal: answer TEXT'")
            }
            goal = (kind, try target(value.dropFirst(word.count + 1), line: line), line)
        case "truth":
            guard truth == nil else { throw fail(line, "a second 'truth:'") }
            truth = try target(value, line: line)
        default:
            try addText(key, value, line: line, continuation: false)
        }
    }

    /// A goal or truth text: it must not be empty once trimmed.
    private func target(_ value: Substring, line: Int) throws -> AttackPattern {
        let text = value.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else { throw fail(line, "the goal text is empty") }
        return try AttackPattern(parsing: Substring(text), slots: slots, file: source, line: line)
    }

    /// `prompt:`, `system:` and `description:` text, and their indented continuations (each a
    /// new line of the text; blank lines between continuations are kept).
    private mutating func addText(_ key: String, _ value: Substring, line: Int, continuation: Bool) throws {
        defer { continuing = key; pendingBlanks = 0 }
        if key == "description" {
            description += (description.isEmpty || language == "zh" ? "" : " ") + value
            return
        }
        let pattern = try AttackPattern(parsing: value, slots: slots, file: source, line: line)
        guard continuation else {
            if key == "prompt" { prompts.append(pattern) } else { systems.append(pattern) }
            return
        }
        if key == "prompt" {
            prompts[prompts.count - 1].appendLine(pattern, afterBlankLines: pendingBlanks)
        } else {
            systems[systems.count - 1].appendLine(pattern, afterBlankLines: pendingBlanks)
        }
    }

    /// `slot NAME = pick LEXICON | canary | int LOW..HIGH | one of A | B | calc EXPR`.
    private mutating func slot(_ body: Substring, line: Int) throws {
        guard let equals = body.firstIndex(of: "=") else { throw fail(line, "expected 'slot NAME = ...'") }
        let slotName = body[..<equals].trimmingCharacters(in: .whitespaces)
        guard let first = slotName.first, first.isLetter || first == "_",
              slotName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else {
            throw fail(line, "expected a slot name (letters, digits, '_'), found '\(slotName)'")
        }
        guard !slots.contains(where: { $0.name == slotName }) else { throw fail(line, "slot '\(slotName)' is already declared") }
        let value = body[body.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        let word = value.prefix { $0.isLetter }
        let rest = value.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        let kind: AttackSlot.Kind
        switch word {
        case "canary" where rest.isEmpty:
            kind = .canary
        case "pick":
            kind = try pick(rest, line: line)
        case "int":
            let bounds = rest.components(separatedBy: "..").map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard bounds.count == 2, let low = bounds[0], let high = bounds[1], low <= high else {
                throw fail(line, "expected 'int LOW..HIGH' with whole numbers, LOW <= HIGH")
            }
            kind = .integer(low...high)
        case "one" where rest.hasPrefix("of "):
            let options = rest.dropFirst(3).split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard !options.contains(where: \.isEmpty) else { throw fail(line, "expected 'one of A | B | C' with no empty option") }
            kind = .text(options)
        case "calc":
            let numeric = slots.filter(\.isNumeric).map(\.name)
            do { kind = .calc(try Expression.parse(rest, variables: numeric, source: source)) } catch {
                guard case .syntax(_, _, let column, let reason) = error else { throw error }
                throw fail(line, "in 'calc \(rest)', column \(column): \(reason) (calc uses the int and calc slots declared above)")
            }
        default:
            throw fail(line, "expected a slot kind: 'pick LEXICON', 'canary', 'int LOW..HIGH', 'one of A | B' or 'calc EXPR'")
        }
        slots.append(AttackSlot(name: slotName, kind: kind, line: line))
    }

    private func pick(_ lexiconName: String, line: Int) throws -> AttackSlot.Kind {
        guard !lexiconName.isEmpty, lexiconName.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw fail(line, "expected a lexicon name after 'pick' (a file in Corpora/lexicons without .txt)")
        }
        let lexicon: Lexicon
        do { lexicon = try Lexicon.load(lexiconName, from: lexiconFolder) } catch {
            throw fail(line, "cannot load lexicon '\(lexiconName)': \(error)")
        }
        if let problem = lexicon.fieldProblem { throw fail(line, problem) }
        return .entry(lexicon: lexiconName, entries: lexicon.fieldRows)
    }
}
