import Testing
@testable import AssayKit

@Suite struct TemplateParserTests {
    private let lines = [
        "name: t",
        "language: en",
        "levels: 1..2",
        "var a = int 1..9",
        "var b = int 1..9",
        "question: {a} plus {b}?",
        "answer: a + b",
    ]

    /// The base template with line `number` (1-based) replaced.
    private func text(replacing number: Int, with line: String) -> String {
        var copy = lines
        copy[number - 1] = line
        return copy.joined(separator: "\n") + "\n"
    }

    private func syntaxError(_ text: String) -> (line: Int, column: Int, reason: String)? {
        do {
            _ = try TemplateFixtures.parse(text, source: "bad.tmpl")
            return nil
        } catch let TemplateError.syntax(file, line, column, reason) {
            #expect(file == "bad.tmpl")
            #expect("\(TemplateError.syntax(file: file, line: line, column: column, reason: reason))".hasPrefix("bad.tmpl:\(line):\(column): "))
            return (line, column, reason)
        } catch {
            Issue.record("unexpected error \(error)")
            return nil
        }
    }

    @Test func baseTemplateParses() throws {
        let template = try TemplateFixtures.parse(lines.joined(separator: "\n"))
        #expect(template.name == "t" && template.language == "en" && template.levels == 1...2)
        let items = try template.generate(count: 5, seed: 1)
        for item in items {
            let numbers = try #require(TemplateFixtures.integers(#"^(\d+) plus (\d+)\?$"#, in: item.question))
            #expect(item.answer == String(numbers[0] + numbers[1]))
        }
    }

    @Test func malformedTemplatesReportLineAndColumn() throws {
        let cases: [(String, Int, Int, String)] = [
            (text(replacing: 5, with: "var b = int 1 9"), 5, 15, "expected '..'"),
            (text(replacing: 7, with: "answer: a +* b"), 7, 12, "expected a number, variable or '(', found '*'"),
            (text(replacing: 6, with: "question: {a} plus {c}?"), 6, 21, "unknown variable 'c'"),
            (text(replacing: 6, with: "question: {a} plus {b?"), 6, 20, "unclosed '{'"),
            (text(replacing: 4, with: "var a = pick no-such-list"), 4, 14, "cannot load lexicon 'no-such-list'"),
            (text(replacing: 3, with: "levels: 3..1"), 3, 9, "expected 'levels: LOW..HIGH'"),
            (text(replacing: 5, with: "var a = int 1..3"), 5, 5, "'a' is already declared"),
            (text(replacing: 5, with: "  var b = int 1..9"), 5, 3, "indented line continues no"),
            (text(replacing: 1, with: "nmae: t"), 1, 1, "expected 'key: value'"),
            (text(replacing: 7, with: "# no answer"), 7, 1, "the template declares no 'answer:'"),
        ]
        for (text, line, column, reason) in cases {
            let error = try #require(syntaxError(text), "no error for \(reason)")
            #expect(error.line == line && error.column == column, "\(reason): got \(error)")
            #expect(error.reason.hasPrefix(reason), "got \(error.reason)")
        }
    }

    @Test func textVariablesHaveNoNumericValue() throws {
        let text = text(replacing: 4, with: "var a = pick names-en").replacingOccurrences(of: "answer: a + b", with: "answer: a * 2")
        let error = try #require(syntaxError(text))
        #expect(error.line == 7 && error.column == 9)
        #expect(error.reason.contains("text variable"))
    }

    @Test func unsatisfiableConstraintIsNamed() {
        let text = text(replacing: 5, with: "var b = int 1..9\nrequire a > 0\nrequire a + b > 50")
        #expect(throws: TemplateError.unsatisfiable(template: "t", draws: Template.maxDraws, constraint: "require a + b > 50",
                                                    line: 7, rejected: Template.maxDraws)) {
            try TemplateFixtures.parse(text).generate(count: 1, seed: 3)
        }
        let message = "\(TemplateError.unsatisfiable(template: "t", draws: 10, constraint: "require x", line: 7, rejected: 9))"
        #expect(message.contains("'require x' (line 7) rejected 9"))
    }

    @Test func evaluationErrorsNameFileAndLine() throws {
        let zero = try TemplateFixtures.parse(text(replacing: 5, with: "var b = int 1..9\nlet c = a / (b - b)"), source: "z.tmpl")
        #expect(throws: TemplateError.evaluation(file: "z.tmpl", line: 6, reason: "division by zero")) {
            try zero.generate(count: 1, seed: 1)
        }
        let huge = try TemplateFixtures.parse(text(replacing: 5, with: "var b = int 1..9\nlet c = a * 9223372036854775807 * 2"), source: "o.tmpl")
        #expect(throws: TemplateError.evaluation(file: "o.tmpl", line: 6, reason: RationalError.overflow("*").description)) {
            try huge.generate(count: 1, seed: 1)
        }
    }

    /// 20,000 nested parentheses (or minus signs) are a syntax error at file:line:column, not a
    /// stack overflow; nesting within the limit still parses.
    @Test func deepNestingIsAnErrorNotACrash() throws {
        let deep = String(repeating: "(", count: 20_000) + "a" + String(repeating: ")", count: 20_000)
        do {
            _ = try TemplateFixtures.parse(text(replacing: 5, with: "let c = " + deep), source: "deep.tmpl")
            Issue.record("20,000 nested parentheses were accepted")
        } catch let error as TemplateError {
            guard case .syntax(let file, let line, let column, let reason) = error else { Issue.record("\(error)"); return }
            #expect(file == "deep.tmpl" && line == 5 && column > 9 && column < 9 + ExpressionParser.maxDepth && reason.contains("nested more than"))
        }
        #expect(throws: TemplateError.self) {
            try Expression.parse(String(repeating: "-", count: 20_000) + "1")
        }
        let fine = String(repeating: "(", count: 100) + "2" + String(repeating: ")", count: 100)
        #expect(try Expression.parse(fine + " * -(-3)").evaluate([]) == Rational(6))
    }

    @Test func tooSmallSpaceFailsClearly() throws {
        // 9 × 9 = 81 distinct questions at most.
        let template = try TemplateFixtures.parse(lines.joined(separator: "\n"))
        #expect(try template.generate(count: 81, seed: 2).count == 81)
        do {
            _ = try template.generate(count: 82, seed: 2)
            Issue.record("82 distinct questions from a space of 81")
        } catch let TemplateError.spaceTooSmall(name, wanted, found, draws) {
            #expect(name == "t" && wanted == 82 && found == 81 && draws > Template.maxDraws)
        } catch {
            Issue.record("unexpected error \(error)")
        }
    }

    @Test func levelAndMultipleChoiceAreChecked() throws {
        let template = try TemplateFixtures.parse(lines.joined(separator: "\n"))
        #expect(throws: TemplateError.levelOutOfRange(template: "t", level: 3, levels: 1...2)) {
            try template.generate(count: 1, seed: 1, level: 3)
        }
        #expect(throws: TemplateError.noDistractors(template: "t")) {
            try template.generate(count: 1, seed: 1, multipleChoice: true)
        }
    }

    @Test func levelWidensRangesAndPluralsFollowCounts() throws {
        let template = try TemplateFixtures.parse("""
            name: p
            language: en
            levels: 1..2
            var n = int 1..level * 3
            var item = pick objects-en
            question: I see {n} {item:n} and {n} {box|boxes:n}.
            answer: n
            """)
        let low = try template.generate(count: 40, seed: 5, level: 1).map { Int($0.answer)! }
        let high = try template.generate(count: 100, seed: 5, level: 2).map { Int($0.answer)! }
        #expect(low.allSatisfy { (1...3).contains($0) } && high.allSatisfy { (1...6).contains($0) })
        #expect(high.contains { $0 > 3 })
        let items = try template.generate(count: 60, seed: 9, level: 2)
        #expect(items.contains { $0.question.contains("1 box.") } && items.contains { $0.question.hasSuffix("boxes.") })
        for item in items where item.answer == "1" {
            #expect(!item.question.contains("boxes"))
        }
    }
}
