/// Boolean expressions over True/False with `not`, `and`, `or` and brackets
/// ("not ( True and False ) or True"); the answer is True or False, balanced between the two.
/// The Chinese variant asks in Chinese and answers 真 / 假.
public struct BooleanExpressionsFamily: ItemFamily {
    public let language: String
    public var name: String { language == "zh" ? "boolean-expressions-zh" : "boolean-expressions" }
    public var summary: String {
        "evaluate a bracketed not/and/or expression over True and False"
            + (language == "zh" ? " (question in Chinese, answer 真/假)" : "")
    }
    public let levels: ClosedRange<Int> = 1...4
    public let knobs = [
        FamilyKnob(name: "depth", summary: "maximum nesting depth of and/or", valuesByLevel: [2, 3, 4, 5]),
        FamilyKnob(name: "max-not", summary: "most `not`s in front of one operand", valuesByLevel: [1, 2, 2, 3]),
    ]

    public init(language: String = "en") { self.language = language }

    /// An expression tree; the family renders it with every and/or sub-expression in brackets.
    indirect enum Expression {
        case literal(Bool, negations: Int)
        case binary(Expression, isAnd: Bool, Expression, negations: Int)

        var value: Bool {
            switch self {
            case .literal(let v, let n): return n % 2 == 0 ? v : !v
            case .binary(let l, let isAnd, let r, let n):
                let v = isAnd ? (l.value && r.value) : (l.value || r.value)
                return n % 2 == 0 ? v : !v
            }
        }

        func render(top: Bool) -> String {
            switch self {
            case .literal(let v, let n):
                return String(repeating: "not ", count: n) + (v ? "True" : "False")
            case .binary(let l, let isAnd, let r, let n):
                let body = "\(l.render(top: false)) \(isAnd ? "and" : "or") \(r.render(top: false))"
                if n == 0 && top { return body }
                return String(repeating: "not ", count: n) + "( \(body) )"
            }
        }
    }

    func build(depth: Int, maxNot: Int, root: Bool, using rng: inout SeededGenerator) -> Expression {
        let negations = rng.chance(0.4) ? rng.int(in: 1...maxNot) : 0
        if depth == 0 || (!root && rng.chance(0.3)) {
            return .literal(rng.chance(0.5), negations: negations)
        }
        let left = build(depth: depth - 1, maxNot: maxNot, root: false, using: &rng)
        let right = build(depth: depth - 1, maxNot: maxNot, root: false, using: &rng)
        return .binary(left, isAnd: rng.chance(0.5), right, negations: root ? 0 : negations)
    }

    public func draft(level: Int, slot: Int, using rng: inout SeededGenerator) -> FamilyDraft {
        let wanted = slot % 2 == 0
        var expression = build(depth: knob("depth", at: level), maxNot: knob("max-not", at: level), root: true, using: &rng)
        if expression.value != wanted, case .binary(let l, let isAnd, let r, _) = expression {
            // Balance the classes: negate the whole expression instead of redrawing.
            expression = .binary(l, isAnd: isAnd, r, negations: 1)
        }
        let text = expression.render(top: true)
        let yes = language == "zh" ? "真" : "True"
        let no = language == "zh" ? "假" : "False"
        let answer = expression.value ? yes : no
        let question = language == "zh"
            ? "计算下面的布尔表达式（not 表示非，and 表示与，or 表示或），回答“真”或“假”：\(text)"
            : "Evaluate the Boolean expression and answer True or False: \(text)"
        return FamilyDraft(question: question, answer: answer, distractors: [expression.value ? no : yes])
    }
}
