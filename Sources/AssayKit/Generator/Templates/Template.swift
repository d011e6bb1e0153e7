import Foundation

/// One parsed template: variables with their distributions, derived values, constraints, and
/// the texts (question, solution) and expressions (answer, distractors) of the items it makes.
/// See `Templates/README.md` for the file format.
public struct Template: Sendable {
    /// The template's unique name (item ids start with it).
    public let name: String
    /// The language of its text: "en" or "zh".
    public let language: String
    /// One line saying what the items are about.
    public let description: String
    /// The range of the `level` knob; higher levels widen the number ranges.
    public let levels: ClosedRange<Int>
    /// The file (or label) it was parsed from, used in error messages.
    public let source: String
    /// True when it declares `choice:` distractors, so it can make multiple-choice items.
    public var supportsMultipleChoice: Bool { !distractors.isEmpty }

    /// Every variable in slot order; slot 0 is `level`.
    let variables: [Variable]
    /// `var`, `let`, `require` and `distinct` lines, in file order: a draw runs them in turn.
    let statements: [Statement]
    let question: TextPattern
    /// The question's regular expression, compiled once for `TemplateLibrary.match`.
    let questionMatcher: NSRegularExpression
    let answer: LocatedExpression
    let solution: TextPattern?
    let distractors: [LocatedExpression]

    init(name: String, language: String, description: String, levels: ClosedRange<Int>, source: String,
         variables: [Variable], statements: [Statement], question: TextPattern, answer: LocatedExpression,
         solution: TextPattern?, distractors: [LocatedExpression]) {
        self.name = name
        self.language = language
        self.description = description
        self.levels = levels
        self.source = source
        self.variables = variables
        self.statements = statements
        self.question = question
        self.questionMatcher = question.regularExpression()
        self.answer = answer
        self.solution = solution
        self.distractors = distractors
    }

    /// Parses template text; `source` names the file in `file:line:column` errors. Lexicons
    /// named by `pick` load from `lexiconFolder` (default `Corpora/lexicons`).
    public static func parse(text: String, source: String, lexiconFolder: URL? = nil) throws -> Template {
        var parser = TemplateParser(source: source, lexiconFolder: lexiconFolder)
        return try parser.parse(text)
    }

    /// Loads and parses a `.tmpl` file.
    public static func load(_ url: URL, lexiconFolder: URL? = nil) throws -> Template {
        try parse(text: InputError.readText(url), source: url.path, lexiconFolder: lexiconFolder)
    }
}

/// A template variable: a number, or an entry of a lexicon (stored as its index).
struct Variable: Sendable {
    enum Kind: Sendable {
        /// A number; `places` fixes how many decimals it prints with (nil: canonical form).
        case number(places: Int?)
        /// An entry of a lexicon, each entry split at `|` into fields.
        case entry(lexicon: String, entries: [[String]])
    }

    let name: String
    let kind: Kind

    var entries: [[String]]? {
        if case .entry(_, let entries) = kind { return entries }
        return nil
    }
}

/// An expression with the line it was written on (for evaluation errors).
struct LocatedExpression: Sendable {
    let node: ExpressionNode
    let line: Int
}

/// One statement of a template body.
enum Statement: Sendable {
    /// `var a, b = ...`: draws values for the slots; variables declared together are distinct.
    case draw(slots: [Int], distribution: Distribution, label: String, line: Int)
    /// `let x = expr`.
    case derive(slot: Int, expression: LocatedExpression)
    /// `require expr`: a draw is rejected unless it is true.
    case require(LocatedExpression, label: String)
    /// `distinct a, b, c`: a draw is rejected unless the values (or entries) all differ.
    case distinct(slots: [Int], label: String, line: Int)
}

/// Where a drawn variable's values come from.
enum Distribution: Sendable {
    /// Integers `low, low+step, ... <= high` (all must evaluate to integers).
    case integer(low: ExpressionNode, high: ExpressionNode, step: ExpressionNode)
    /// Multiples of `step` from `low` up to `high`.
    case decimal(low: ExpressionNode, high: ExpressionNode, step: ExpressionNode)
    /// One of the listed values.
    case oneOf([ExpressionNode])
    /// An entry index of the variable's lexicon.
    case pick(count: Int)
}
