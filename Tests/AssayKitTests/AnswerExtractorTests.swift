import Testing
@testable import AssayKit

/// Answer extraction on tables of tricky model outputs; each expected value is what a careful
/// human grader would take as the answer.
@Suite struct AnswerExtractorTests {
    static let numberCases: [(output: String, expected: String?)] = [
        ("The answer is 42", "42"),
        ("She pays $1,234.50 in total.", "1234.5"),
        ("First 3 boxes, then 5 more, so 8.", "8"),
        ("The temperature drops to -7 degrees.", "-7"),
        ("It costs -$3 less, i.e. the answer is -$3.", "-3"),
        ("12 + 30 = 42.\n#### 42", "42"),
        ("The answer is 15 apples, since 3 * 5 = 15 and we had 2 bags.", "15"),
        ("From 3-4 hours we get 7.", "7"),
        ("Total: 1,000,000 grains", "1000000"),
        ("He has .5 of a pizza left.", "0.5"),
        ("Therefore the answer is 18.00.", "18"),
        ("The result 1,23 is odd", "23"),
        ("所以答案是 36 个。", "36"),
        ("No number here.", nil),
        ("Answer: 7 cows (we started with 10)", "7"),
    ]

    @Test(arguments: numberCases)
    func finalNumber(_ row: (output: String, expected: String?)) {
        #expect(AnswerExtractor.finalNumber(in: row.output) == row.expected)
    }

    @Test func numbersMatchAcrossWritings() {
        #expect(AnswerExtractor.numbersMatch("1,234.50", "1234.5"))
        #expect(AnswerExtractor.numbersMatch("$15", "15.0"))
        #expect(AnswerExtractor.numbersMatch("-0", "0"))
        #expect(!AnswerExtractor.numbersMatch("15", "150"))
        #expect(!AnswerExtractor.numbersMatch("0.1", "0.10001"))
    }

    static let boxedCases: [(output: String, expected: String?)] = [
        ("so $x = \\boxed{6}$.", "6"),
        ("\\boxed{\\frac{1}{2}} then \\boxed{\\frac{3}{4}}", "\\frac{3}{4}"),
        ("hence \\fbox{3\\sqrt{2}}", "3\\sqrt{2}"),
        ("$\\boxed{\\left(3, \\frac{1}{2}\\right)}$", "\\left(3, \\frac{1}{2}\\right)"),
        ("the answer is \\boxed 5$.", "5"),
        ("unclosed \\boxed{\\frac{1}{2}", nil),
        ("no box at all", nil),
    ]

    @Test(arguments: boxedCases)
    func boxed(_ row: (output: String, expected: String?)) {
        #expect(AnswerExtractor.boxed(in: row.output) == row.expected)
    }

    static let mathPairs: [(a: String, b: String, equal: Bool)] = [
        ("\\frac{1}{2}", "\\dfrac12", true),
        ("0.5", "\\frac12", true),
        ("1/2", "\\frac{1}{2}", true),
        ("-\\frac{3}{4}", "-0.75", true),
        ("\\left( 3, 2 \\right)", "(3,2)", true),
        ("90^\\circ", "90", true),
        ("5\\text{ cm}", "5", true),
        ("12.0", "12", true),
        ("x = 4", "4", true),
        ("\\text{(B)}", "(B)", true),
        ("\\sqrt2", "\\sqrt{2}", true),
        ("3\\sqrt{2}", "\\sqrt{18}", false),
        ("\\frac{2}{3}", "0.67", false),
        ("(3,2)", "(2,3)", false),
    ]

    @Test(arguments: mathPairs)
    func mathEquivalence(_ row: (a: String, b: String, equal: Bool)) {
        #expect(AnswerExtractor.mathEquivalent(row.a, row.b) == row.equal)
    }

    static let choiceCases: [(output: String, expected: String?)] = [
        ("The answer is (B).", "B"),
        ("B", "B"),
        ("B.", "B"),
        ("**C**", "C"),
        ("(D) Paris is the capital.", "D"),
        ("C) because the other options are wrong", "C"),
        ("Answer: **A**", "A"),
        ("答案是B", "B"),
        ("答案：（C）", "C"),
        ("我选D。", "D"),
        ("A cat can't fly, so the correct option is C.", "C"),
        ("A cat sat on the mat.", nil),
        ("I think the right one is B because it is larger.", "B"),
        ("Let me think. Option A is wrong. Therefore the answer is D", "D"),
        ("The correct answer: c", "C"),
        ("None of them fits.", nil),
    ]

    @Test(arguments: choiceCases)
    func choiceLetter(_ row: (output: String, expected: String?)) {
        #expect(AnswerExtractor.choiceLetter(in: row.output) == row.expected)
    }

    @Test func choiceLetterByChoiceTextAndCount() {
        #expect(AnswerExtractor.choiceLetter(in: "It must be the sparrow.", count: 3, choices: ["cow", "sparrow", "goat"]) == "B")
        #expect(AnswerExtractor.choiceLetter(in: "The answer is (E).", count: 4) == nil)
        #expect(AnswerExtractor.choiceLetter(in: "The answer is (E).", count: 5) == "E")
    }

    static let targetCases: [(output: String, target: String, match: Bool)] = [
        ("True", "True", true),
        ("true.", "True", true),
        ("Let's think step by step. ... So the answer is False.", "False", true),
        ("So the answer is (A).", "(A)", true),
        ("So the answer is A.", "(A)", true),
        ("**Yes**", "yes", true),
        ("No, because the card is second.", "no", false),
        ("the answer is 24", "24", true),
        ("So the answer is (B).", "(A)", false),
    ]

    @Test(arguments: targetCases)
    func exactTarget(_ row: (output: String, target: String, match: Bool)) {
        #expect(AnswerExtractor.matchesTarget(row.output, target: row.target) == row.match)
    }
}
