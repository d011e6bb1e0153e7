import Testing
@testable import AssayKit

@Suite struct TemplateExpressionTests {
    private func value(_ text: String, _ bindings: [String: Rational] = [:]) throws -> Rational {
        let names = bindings.keys.sorted()
        return try Expression.parse(text, variables: names).evaluate(bindings)
    }

    @Test func precedenceAndAssociativity() throws {
        #expect(try value("2 + 3 * 4") == Rational(14))
        #expect(try value("(2 + 3) * 4") == Rational(20))
        #expect(try value("20 - 5 - 3") == Rational(12))
        #expect(try value("-2 * -3") == Rational(6))
        #expect(try value("7 // 2 + 7 % 2") == Rational(4))
        #expect(try value("1 / 3 + 1 / 6") == Rational(1, 2))
        #expect(try value("2.5 * 4") == Rational(10))
    }

    @Test func variablesEvaluateManyTimes() throws {
        let expression = try Expression.parse("price * count - discount", variables: ["price", "count", "discount"])
        #expect(try expression.evaluate([Rational(decimal: "1.25"), Rational(8), Rational(1)]) == Rational(9))
        #expect(try expression.evaluate([Rational(decimal: "0.5"), Rational(3), Rational(2)]) == Rational(decimal: "-0.5"))
    }

    @Test func comparisonsAndLogicGiveOneOrZero() throws {
        let b = ["a": Rational(4), "b": Rational(6)]
        #expect(try value("a < b and b <= 6", b) == .one)
        #expect(try value("a == b or a >= 5", b) == .zero)
        #expect(try value("not a == b", b) == .one)
        #expect(try value("a != b and not (a > b)", b) == .one)
        // `and` short-circuits, so the division is never evaluated.
        #expect(try value("a != 0 and b / a > 1", ["a": .zero, "b": Rational(1)]) == .zero)
        #expect(try value("a == 0 or b / a > 1", ["a": .zero, "b": Rational(1)]) == .one)
    }

    @Test func functions() throws {
        #expect(try value("min(5, 2, 9)") == Rational(2))
        #expect(try value("max(5, 2, 9)") == Rational(9))
        #expect(try value("abs(-7 / 2)") == Rational(7, 2))
        #expect(try value("gcd(84, 36)") == Rational(12))
        #expect(try value("lcm(4, 6)") == Rational(12))
        #expect(try value("round(2 / 3, 2)") == Rational(67, 100))
        #expect(try value("round(7 / 2)") == Rational(4))
        #expect(try value("is_int(10 / 4)") == .zero)
        #expect(try value("is_int(10 / 5)") == .one)
        #expect(try value("divides(3, 12)") == .one)
        #expect(try value("divides(5, 12)") == .zero)
        #expect(throws: RationalError.self) { try value("gcd(1 / 2, 4)") }
        #expect(throws: RationalError.divisionByZero) { try value("1 / (3 - 3)") }
    }

    @Test func syntaxErrorsPointAtTheColumn() {
        #expect(throws: TemplateError.syntax(file: "expression", line: 1, column: 5, reason: "unexpected character '$' in expression")) {
            try Expression.parse("1 + $2")
        }
        #expect(throws: TemplateError.syntax(file: "expression", line: 1, column: 7,
                                             reason: "unknown variable 'y' (declare it with 'var' or 'let' before this line)")) {
            try Expression.parse("x + 2*y", variables: ["x"])
        }
        #expect(throws: TemplateError.syntax(file: "expression", line: 1, column: 7, reason: "expected ')' to close the '(' at column 1")) {
            try Expression.parse("(1 + 2")
        }
        #expect(throws: TemplateError.syntax(file: "expression", line: 1, column: 4, reason: "expected an expression")) {
            try Expression.parse("1 +")
        }
        #expect(throws: TemplateError.syntax(file: "expression", line: 1, column: 7, reason: "comparisons do not chain: write 'a < b and b < c'")) {
            try Expression.parse("1 < 2 < 3")
        }
        #expect(throws: TemplateError.syntax(file: "expression", line: 1, column: 5, reason: "gcd takes 2 argument(s), not 1")) {
            try Expression.parse("1 + gcd(4)")
        }
    }
}
