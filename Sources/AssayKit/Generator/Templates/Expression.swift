/// An arithmetic and logical expression over exact `Rational`s, parsed once and evaluated many
/// times against an array of variable values (one slot per variable, resolved at parse time).
///
/// Truth values are numbers: comparisons, `and`, `or`, `not`, `is_int` and `divides` give 1 or
/// 0, and any non-zero number counts as true.
public struct Expression: Sendable {
    /// The source text, as written.
    public let text: String
    /// The variable names, in slot order: `evaluate(_:)` takes their values in this order.
    public let variables: [String]
    let root: ExpressionNode

    init(text: String, variables: [String], root: ExpressionNode) {
        self.text = text
        self.variables = variables
        self.root = root
    }

    /// Parses `text`; `variables` are the names it may use, in slot order. Errors are
    /// `TemplateError.syntax` pointing at line 1 of `source`.
    public static func parse(_ text: String, variables: [String] = [], source: String = "expression") throws(TemplateError) -> Expression {
        let slots = Dictionary(variables.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var parser = try ExpressionParser(text, at: SourceLocation(file: source, line: 1, column: 1), slots: slots)
        let root = try parser.parseExpression()
        try parser.expectEnd()
        return Expression(text: text, variables: variables, root: root)
    }

    /// The value for the given slot values.
    public func evaluate(_ values: [Rational]) throws(RationalError) -> Rational {
        try root.evaluate(values)
    }

    /// The value for named bindings (a missing name is an error).
    public func evaluate(_ bindings: [String: Rational]) throws(RationalError) -> Rational {
        var values: [Rational] = []
        for name in variables {
            guard let value = bindings[name] else { throw .badArgument("no value for '\(name)'") }
            values.append(value)
        }
        return try root.evaluate(values)
    }
}

enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", floorDivide = "//", modulo = "%"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or

    /// Binding strength: higher binds tighter.
    var precedence: Int {
        switch self {
        case .or: return 1
        case .and: return 2
        case .equal, .notEqual, .less, .lessEqual, .greater, .greaterEqual: return 4
        case .add, .subtract: return 5
        case .multiply, .divide, .floorDivide, .modulo: return 6
        }
    }
}

/// The built-in functions and how many arguments each takes.
enum BuiltinFunction: String, Sendable, CaseIterable {
    case min, max, abs, gcd, lcm, round, floor, ceil
    case isInt = "is_int", divides

    var arity: ClosedRange<Int> {
        switch self {
        case .min, .max: return 1...Int.max
        case .abs, .floor, .ceil, .isInt: return 1...1
        case .gcd, .lcm, .divides: return 2...2
        case .round: return 1...2
        }
    }
}

indirect enum ExpressionNode: Sendable {
    case constant(Rational)
    case variable(Int)
    case negate(ExpressionNode)
    case not(ExpressionNode)
    case binary(BinaryOperator, ExpressionNode, ExpressionNode)
    case call(BuiltinFunction, [ExpressionNode])

    func evaluate(_ values: [Rational]) throws(RationalError) -> Rational {
        switch self {
        case .constant(let value): return value
        case .variable(let slot): return values[slot]
        case .negate(let operand): return try operand.evaluate(values).negated()
        case .not(let operand): return truth(try operand.evaluate(values).isZero)
        case .binary(let op, let left, let right):
            let a = try left.evaluate(values)
            // `and`/`or` short-circuit, so `b != 0 and a / b > 1` is safe.
            switch op {
            case .and: return a.isZero ? .zero : truth(!(try right.evaluate(values)).isZero)
            case .or: return !a.isZero ? .one : truth(!(try right.evaluate(values)).isZero)
            default: return try ExpressionNode.apply(op, a, try right.evaluate(values))
            }
        case .call(let function, let arguments):
            var args: [Rational] = []
            args.reserveCapacity(arguments.count)
            for argument in arguments { args.append(try argument.evaluate(values)) }
            return try ExpressionNode.call(function, args)
        }
    }

    private static func apply(_ op: BinaryOperator, _ a: Rational, _ b: Rational) throws(RationalError) -> Rational {
        switch op {
        case .add: return try a.adding(b)
        case .subtract: return try a.subtracting(b)
        case .multiply: return try a.multiplied(by: b)
        case .divide: return try a.divided(by: b)
        case .floorDivide: return try a.floorDivided(by: b)
        case .modulo: return try a.modulo(b)
        case .equal: return truth(a == b)
        case .notEqual: return truth(a != b)
        case .less: return truth(a < b)
        case .lessEqual: return truth(a <= b)
        case .greater: return truth(a > b)
        case .greaterEqual: return truth(a >= b)
        case .and, .or: preconditionFailure("short-circuit operators are evaluated by the caller")
        }
    }

    private static func call(_ function: BuiltinFunction, _ args: [Rational]) throws(RationalError) -> Rational {
        switch function {
        case .min: return args.min()!
        case .max: return args.max()!
        case .abs: return args[0].absolute()
        case .floor: return args[0].floor()
        case .ceil: return try args[0].ceiling()
        case .isInt: return truth(args[0].isInteger)
        case .round:
            let places = args.count == 2 ? args[1] : .zero
            guard places.isInteger else { throw .badArgument("round places must be an integer, not \(places)") }
            return try args[0].rounded(places: places.numerator)
        case .gcd, .lcm, .divides:
            guard args[0].isInteger, args[1].isInteger else {
                throw .badArgument("\(function.rawValue) takes integers, not \(args[0]) and \(args[1])")
            }
            let (a, b) = (args[0].numerator, args[1].numerator)
            switch function {
            case .gcd: return Rational(a == 0 && b == 0 ? 0 : Rational.gcd(a, b))
            case .lcm:
                guard a != 0, b != 0 else { return .zero }
                return Rational(try Rational.multiply(Swift.abs(a) / Rational.gcd(a, b), Swift.abs(b), "lcm"))
            default: return truth(a != 0 && b % a == 0)   // divides(a, b): a divides b
            }
        }
    }
}

@inline(__always) private func truth(_ condition: Bool) -> Rational {
    condition ? .one : .zero
}
