/// Tokenizes and parses expression text by precedence climbing, resolving variable names to
/// slots. Template lines use it piecewise (`int 2..level*10 step 2`): parse an expression, then
/// look at the next word or symbol.
struct ExpressionParser {
    enum Token: Equatable {
        case number(Rational)
        case word(String)
        case symbol(String)
        case end
    }

    private var tokens: [(token: Token, offset: Int)] = []
    private var position = 0
    private let location: SourceLocation
    private let slots: [String: Int]
    private let textVariables: Set<String>
    private let length: Int
    /// How deep the recursive descent is: bounded, so nesting cannot overflow the stack.
    private var depth = 0
    /// The deepest nesting of parentheses, unary operators and calls an expression may have.
    static let maxDepth = 256

    /// `slots` maps numeric variable names to slots; naming one of `textVariables` in arithmetic
    /// is an error that says so.
    init(_ text: some StringProtocol, at location: SourceLocation, slots: [String: Int],
         textVariables: Set<String> = []) throws(TemplateError) {
        self.location = location
        self.slots = slots
        self.textVariables = textVariables
        let characters = Array(text)
        length = characters.count
        try tokenize(characters)
    }

    private static let twoCharacterSymbols: Set<String> = ["//", "==", "!=", "<=", ">=", ".."]
    private static let oneCharacterSymbols: Set<Character> = ["+", "-", "*", "/", "%", "<", ">", "(", ")", ","]

    private mutating func tokenize(_ characters: [Character]) throws(TemplateError) {
        var i = 0
        while i < characters.count {
            let c = characters[i]
            if c.isWhitespace { i += 1; continue }
            let start = i
            if c.isASCII && c.isNumber {
                while i < characters.count, characters[i].isASCII, characters[i].isNumber { i += 1 }
                // A decimal point needs a digit after it, so `2..9` is a range, not `2.` then `.9`.
                if i + 1 < characters.count, characters[i] == ".", characters[i + 1].isASCII, characters[i + 1].isNumber {
                    i += 1
                    while i < characters.count, characters[i].isASCII, characters[i].isNumber { i += 1 }
                }
                let literal = String(characters[start..<i])
                do { tokens.append((.number(try Rational(decimal: literal)), start)) } catch {
                    throw location.error(at: start, "number '\(literal)' is too large")
                }
            } else if c.isLetter || c == "_" {
                while i < characters.count, characters[i].isLetter || characters[i].isNumber || characters[i] == "_" { i += 1 }
                tokens.append((.word(String(characters[start..<i])), start))
            } else if i + 1 < characters.count, Self.twoCharacterSymbols.contains(String(characters[i...i + 1])) {
                tokens.append((.symbol(String(characters[i...i + 1])), start))
                i += 2
            } else if Self.oneCharacterSymbols.contains(c) {
                tokens.append((.symbol(String(c)), start))
                i += 1
            } else {
                throw location.error(at: start, "unexpected character '\(c)' in expression")
            }
        }
        tokens.append((.end, characters.count))
    }

    private var current: Token { tokens[position].token }

    /// The 0-based character offset of the next token (the text's length at the end).
    var offset: Int { tokens[position].offset }

    var isAtEnd: Bool { current == .end }

    /// Consumes the symbol if it comes next.
    mutating func consume(symbol: String) -> Bool {
        guard current == .symbol(symbol) else { return false }
        position += 1
        return true
    }

    /// Consumes the bare word if it comes next.
    mutating func consume(word: String) -> Bool {
        guard current == .word(word) else { return false }
        position += 1
        return true
    }

    /// Fails unless every token was used.
    func expectEnd() throws(TemplateError) {
        guard isAtEnd else { throw location.error(at: offset, "unexpected \(describe(current)) after the expression") }
    }

    func error(_ reason: String) -> TemplateError { location.error(at: offset, reason) }

    /// Parses one expression, stopping before the first token that cannot continue it.
    mutating func parseExpression(minimumPrecedence: Int = 1) throws(TemplateError) -> ExpressionNode {
        try descend()
        defer { depth -= 1 }
        var left = try parseUnary()
        while let op = binaryOperator(current), op.precedence >= minimumPrecedence {
            let isComparison = op.precedence == BinaryOperator.equal.precedence
            position += 1
            // Comparisons do not chain (`a < b < c` is an error); the rest are left-associative.
            let right = try parseExpression(minimumPrecedence: op.precedence + 1)
            left = .binary(op, left, right)
            if isComparison, let next = binaryOperator(current), next.precedence == op.precedence {
                throw error("comparisons do not chain: write 'a < b and b < c'")
            }
        }
        return left
    }

    private func binaryOperator(_ token: Token) -> BinaryOperator? {
        switch token {
        case .symbol(let s): return BinaryOperator(rawValue: s)
        case .word("and"): return .and
        case .word("or"): return .or
        default: return nil
        }
    }

    /// One level deeper, or an error at the current token past `maxDepth`.
    private mutating func descend() throws(TemplateError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw error("nested more than \(Self.maxDepth) levels deep") }
    }

    private mutating func parseUnary() throws(TemplateError) -> ExpressionNode {
        try descend()
        defer { depth -= 1 }
        if consume(symbol: "-") { return .negate(try parseUnary()) }
        if consume(word: "not") { return .not(try parseExpression(minimumPrecedence: 3)) }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(TemplateError) -> ExpressionNode {
        let start = offset
        switch current {
        case .number(let value):
            position += 1
            return .constant(value)
        case .symbol("("):
            position += 1
            let inner = try parseExpression()
            guard consume(symbol: ")") else { throw error("expected ')' to close the '(' at column \(location.column + start)") }
            return inner
        case .word(let name) where !["and", "or", "not"].contains(name):
            position += 1
            if consume(symbol: "(") { return try parseCall(name, at: start) }
            if let slot = slots[name] { return .variable(slot) }
            if textVariables.contains(name) {
                throw location.error(at: start, "'\(name)' is a text variable (pick) and has no numeric value")
            }
            throw location.error(at: start, "unknown variable '\(name)' (declare it with 'var' or 'let' before this line)")
        default:
            throw error(current == .end ? "expected an expression" : "expected a number, variable or '(', found \(describe(current))")
        }
    }

    private mutating func parseCall(_ name: String, at start: Int) throws(TemplateError) -> ExpressionNode {
        guard let function = BuiltinFunction(rawValue: name) else {
            let known = BuiltinFunction.allCases.map(\.rawValue).joined(separator: ", ")
            throw location.error(at: start, "unknown function '\(name)' (known: \(known))")
        }
        var arguments: [ExpressionNode] = []
        if !consume(symbol: ")") {
            repeat { arguments.append(try parseExpression()) } while consume(symbol: ",")
            guard consume(symbol: ")") else { throw error("expected ',' or ')' in the arguments of \(name)") }
        }
        guard function.arity.contains(arguments.count) else {
            let wanted = function.arity.upperBound == Int.max ? "at least \(function.arity.lowerBound)"
                : function.arity.count == 1 ? "\(function.arity.lowerBound)"
                : "\(function.arity.lowerBound) or \(function.arity.upperBound)"
            throw location.error(at: start, "\(name) takes \(wanted) argument(s), not \(arguments.count)")
        }
        return .call(function, arguments)
    }

    private func describe(_ token: Token) -> String {
        switch token {
        case .number(let value): return "number \(value)"
        case .word(let word): return "'\(word)'"
        case .symbol(let symbol): return "'\(symbol)'"
        case .end: return "end of line"
        }
    }
}
