/// Everything that can go wrong with a template, each with the place to look.
public enum TemplateError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The template (or an expression) does not parse: `file:line:column: reason`.
    case syntax(file: String, line: Int, column: Int, reason: String)
    /// An expression could not be computed for a draw (overflow, division by zero...).
    case evaluation(file: String, line: Int, reason: String)
    /// No draw met every constraint within `draws` attempts; `constraint` (declared at `line`)
    /// rejected `rejected` of them, the most of any.
    case unsatisfiable(template: String, draws: Int, constraint: String, line: Int, rejected: Int)
    /// The template produced only `found` distinct questions when `wanted` were asked for.
    case spaceTooSmall(template: String, wanted: Int, found: Int, draws: Int)
    /// A level outside the template's declared range.
    case levelOutOfRange(template: String, level: Int, levels: ClosedRange<Int>)
    /// Multiple choice asked of a template that declares no `choice:` distractors.
    case noDistractors(template: String)
    /// No template with that name in the library.
    case unknownTemplate(name: String, known: [String])
    /// Two templates in the library declare the same name.
    case duplicateName(name: String, files: [String])
    /// No template's question text matches the item's question.
    case noMatchingTemplate(itemID: String)

    public var description: String {
        switch self {
        case .syntax(let file, let line, let column, let reason):
            return "\(file):\(line):\(column): \(reason)"
        case .evaluation(let file, let line, let reason):
            return "\(file):\(line): \(reason)"
        case .unsatisfiable(let template, let draws, let constraint, let line, let rejected):
            return "template '\(template)': no draw met every constraint in \(draws) draws; "
                + "'\(constraint)' (line \(line)) rejected \(rejected) of them: widen the ranges or relax it"
        case .spaceTooSmall(let template, let wanted, let found, let draws):
            return "template '\(template)': only \(found) distinct questions found in \(draws) draws, "
                + "\(wanted) asked for: ask for fewer items, raise the level or widen the ranges"
        case .levelOutOfRange(let template, let level, let levels):
            return "template '\(template)': level \(level) is outside its levels \(levels.lowerBound)..\(levels.upperBound)"
        case .noDistractors(let template):
            return "template '\(template)' declares no 'choice:' distractors, so it cannot make multiple-choice items"
        case .unknownTemplate(let name, let known):
            return "no template named '\(name)'; known: \(known.joined(separator: ", "))"
        case .duplicateName(let name, let files):
            return "template name '\(name)' is declared by several files: \(files.joined(separator: ", "))"
        case .noMatchingTemplate(let itemID):
            return "item '\(itemID)': no template's question text matches its question"
        }
    }
}

/// Where a piece of template text starts, so errors inside it point at the right column.
struct SourceLocation: Sendable {
    var file: String
    var line: Int
    /// The 1-based column of the text's first character.
    var column: Int

    func error(at offset: Int, _ reason: String) -> TemplateError {
        .syntax(file: file, line: line, column: column + offset, reason: reason)
    }
}
