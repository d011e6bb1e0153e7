/// Multi-step integer arithmetic ("( 37 + 8 ) * 4 - 19"): +, -, * and exact division, every
/// compound operand in brackets; the answer is the integer value. The Chinese variant asks in
/// Chinese with × and ÷.
public struct ArithmeticFamily: ItemFamily {
    public let language: String
    public var name: String { language == "zh" ? "arithmetic-zh" : "arithmetic" }
    public var summary: String {
        "compute the integer value of a bracketed expression with + - * and exact division"
            + (language == "zh" ? " (question in Chinese)" : "")
    }
    public let levels: ClosedRange<Int> = 1...4
    public let knobs = [
        FamilyKnob(name: "operations", summary: "number of operators", valuesByLevel: [2, 3, 4, 6]),
        FamilyKnob(name: "digits", summary: "most digits of an operand", valuesByLevel: [1, 2, 2, 3]),
    ]

    public init(language: String = "en") { self.language = language }

    /// A built sub-expression: its text, value and the worked steps that compute it.
    struct Part {
        var text: String
        var value: Int
        var isCompound: Bool
        var steps: [String]
    }

    private var symbols: (times: String, divide: String) { language == "zh" ? ("×", "÷") : ("*", "/") }

    /// Largest intermediate magnitude kept, so answers stay readable.
    static let limit = 1_000_000

    func leaf(digits: Int, using rng: inout SeededGenerator) -> Part {
        let high = Self.power(10, digits) - 1
        let low = digits == 1 ? 1 : Self.power(10, digits - 1)
        let value = rng.int(in: low...high)
        return Part(text: String(value), value: value, isCompound: false, steps: [])
    }

    static func power(_ base: Int, _ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { acc, _ in acc * base }
    }

    func build(operations: Int, digits: Int, using rng: inout SeededGenerator) -> Part {
        if operations == 0 { return leaf(digits: digits, using: &rng) }
        let leftOps = rng.int(in: 0...(operations - 1))
        let left = build(operations: leftOps, digits: digits, using: &rng)
        var right = build(operations: operations - 1 - leftOps, digits: digits, using: &rng)
        var op = ["+", "-", "*", "/"][rng.int(in: 0...3)]
        if op == "/" {
            // Division only when exact: replace the right operand by a divisor of the left value.
            let divisors = (2...max(2, Self.power(10, digits) - 1)).filter { left.value % $0 == 0 && $0 != abs(left.value) }
            if let divisor = rng.pick(divisors), left.value != 0 {
                right = Part(text: String(divisor), value: divisor, isCompound: false, steps: [])
            } else {
                op = "+"
            }
        }
        var value: Int
        switch op {
        case "+": value = left.value + right.value
        case "-": value = left.value - right.value
        case "*": value = left.value * right.value
        default: value = left.value / right.value
        }
        if abs(value) > Self.limit { op = "-"; value = left.value - right.value }
        if abs(value) > Self.limit { op = "+"; value = left.value + right.value }
        let shown = op == "*" ? symbols.times : op == "/" ? symbols.divide : op
        func wrap(_ p: Part) -> String { p.isCompound ? "( \(p.text) )" : p.text }
        let step = "\(left.value) \(shown) \(right.value) = \(value)"
        return Part(text: "\(wrap(left)) \(shown) \(wrap(right))", value: value, isCompound: true,
                    steps: left.steps + right.steps + [step])
    }

    public func draft(level: Int, slot: Int, using rng: inout SeededGenerator) -> FamilyDraft {
        let part = build(operations: knob("operations", at: level), digits: knob("digits", at: level), using: &rng)
        let question = language == "zh"
            ? "计算：\(part.text) = ？只回答一个整数。"
            : "Compute the value of the expression and answer with an integer: \(part.text)"
        let v = part.value
        let wrong = [v + 1, v - 1, v + 10, v - 10, -v, v + 2].map(String.init)
        return FamilyDraft(question: question, answer: String(v), solution: part.steps.joined(separator: "; "),
                           distractors: wrong)
    }
}
