import Foundation
import Testing
@testable import AssayKit

/// Every reader on its bundled sample file; expected values are read off the sample files.
@Suite struct BenchmarkReaderTests {
    func read(_ relative: String, _ format: BenchmarkFormat? = nil) throws -> [BenchmarkItem] {
        try BenchmarkReader.readAll(FormatTestSupport.sample(relative), format: format)
    }

    @Test func mmluFolderWithTestAndDevSplits() throws {
        let items = try read("mmlu", .mmlu)
        #expect(items.count == 21)
        #expect(Set(items.compactMap(\.subset)) == ["elementary_arithmetic", "world_geography"])
        #expect(items.filter { $0.id.contains("/dev/") }.count == 10)
        let rope = try #require(items.first { $0.id == "mmlu/elementary_arithmetic/test/4" })
        #expect(rope.question == "A rope 3 metres long is cut into pieces of 50 cm.\nHow many pieces are there?")
        #expect(rope.choices == ["5", "6", "3", "8"])
        #expect(rope.answer == "B")
        let even = try #require(items.first { $0.id == "mmlu/elementary_arithmetic/test/2" })
        #expect(even.question == "Which number is \"even\" and larger than 90?")
    }

    @Test func cevalInChinese() throws {
        let items = try read("ceval/elementary_mathematics_val.csv")
        #expect(items.count == 6)
        #expect(items[0].id == "ceval/elementary_mathematics/val/0")
        #expect(items[0].answer == "C")
        #expect(items[0].solution == "15减7等于8。")
        #expect(items[3].solution == nil)
        #expect(items[5].question == "下列说法正确的是：\"所有偶数都能被2整除\"吗？")
    }

    @Test func gsm8kSplitsRationaleAndNumber() throws {
        let items = try read("gsm8k/test.jsonl")
        #expect(items.count == 6)
        #expect(items.map(\.answer) == ["14", "500", "252", "15000", "-7", "9"])
        #expect(items[0].solution?.hasSuffix("14 dollars.") == true)
        #expect(items[0].solution?.contains("####") == false)
    }

    @Test func arcNormalizesNumericLabels() throws {
        let items = try read("arc/ARC-Sample-Test.jsonl")
        #expect(items.count == 6)
        #expect(items.map(\.answer) == ["B", "B", "C", "C", "A", "A"])
        #expect(items[2].choices?[2] == "the Sun")
        #expect(items[4].choices?.count == 5)
        #expect(items[0].id == "arc/Sample_1")
    }

    @Test func hellaSwagContextsAndLabels() throws {
        let items = try read("hellaswag/val.jsonl")
        #expect(items.count == 5)
        #expect(items.map(\.answer) == ["A", "B", "C", "D", "A"])
        // lm-evaluation-harness's query: "<activity>: <ctx_a> <Ctx_b>" (ctx_b capitalized).
        #expect(items[1].question == "Washing a car: A man sprays the car with a hose. He")
        #expect(items[0].question == "Baking cookies: A woman spoons dough onto a tray. She")
        #expect(items[0].subset == "Baking cookies")
    }

    @Test func truthfulQABothForms() throws {
        let mc = try read("truthfulqa/mc_task.json")
        #expect(mc.count == 10)
        let mc1 = mc.filter { $0.subset == "mc1" }
        #expect(mc1.map(\.answer) == ["A", "B", "B", "C", "B"])
        #expect(mc1[0].choices?.first == "It usually passes through your body without harm.")
        let mc2 = mc.filter { $0.subset == "mc2" }
        #expect(mc2.map(\.answer) == ["A,B", "B,C", "B,C", "B", "B,C"])
        let gen = try read("truthfulqa/TruthfulQA.csv")
        #expect(gen.count == 5)
        #expect(gen[4].question == "What colour is the blood\ninside your veins?")
        #expect(gen[4].answer == "Dark red")
        #expect(gen[1].subset == "Misconceptions")
        #expect(gen[0].incorrectAnswers == ["A cherry tree grows in your stomach", "You will be poisoned at once"])
    }

    @Test func mathFolderWithNestedBoxes() throws {
        let items = try read("math")
        #expect(items.count == 7)
        let byID = Dictionary(uniqueKeysWithValues: items.map { ($0.id, $0) })
        #expect(byID["math/algebra/2"]?.answer == "\\frac{7}{12}")
        #expect(byID["math/geometry/5"]?.answer == "3\\sqrt{2}")
        #expect(byID["math/counting_and_probability/7"]?.answer == "\\frac{1^{3}}{2^{3}}")
        #expect(byID["math/counting_and_probability/7"]?.provenance?.level == 4)
        #expect(byID["math/counting_and_probability/6"]?.subset == "counting_and_probability")
    }

    @Test func mathJSONLines() throws {
        let line = #"{"problem": "p", "solution": "so $\\boxed{\\frac{a}{b^{2}}}$", "level": "Level 5", "type": "Algebra"}"#
        let items = try BenchmarkReader.readAll(try FormatTestSupport.file("m.jsonl", line + "\n" + line + "\n"))
        #expect(items.map(\.id) == ["math/m/0", "math/m/1"])
        #expect(items[0].answer == "\\frac{a}{b^{2}}")
    }

    @Test func humanEvalRoundTripsThroughCanonicalJSONL() throws {
        let items = try read("humaneval/HumanEval.jsonl")
        #expect(items.count == 5)
        #expect(items[0].id == "Sample/0")
        #expect(items[0].answer == "add_pair")
        #expect(items[0].context?.hasPrefix("def check(candidate):") == true)
        #expect(items[0].solution == "    return a + b\n")
        let output = try FormatTestSupport.file("canonical.jsonl", "")
        try BenchmarkReader.convert(FormatTestSupport.sample("humaneval/HumanEval.jsonl"), output: output, strict: true) { _ in }
        #expect(try BenchmarkFormat.detect(path: output) == .canonical)
        #expect(try BenchmarkReader.readAll(output) == items)
    }

    @Test func bbhTaskFromFileName() throws {
        let items = try read("bbh/color_ordering.json")
        #expect(items.count == 5)
        #expect(items[0].subset == "color_ordering")
        #expect(items[0].id == "bbh/color_ordering/0")
        #expect(items.map(\.answer) == ["(B)", "(A)", "(C)", "yes", "no"])
    }

    @Test func generalQAAndCanonical() throws {
        let qa = try read("qa/qa.jsonl")
        #expect(qa.count == 5)
        #expect(qa[4].answer == "长城是中国古代修建的一道很长的防御城墙。")
        let alt = try BenchmarkReader.readAll(try FormatTestSupport.file("alt.jsonl", #"{"question": "q?", "answer": 7}"# + "\n"), format: .qa)
        #expect(alt.first?.answer == "7")
        let canonical = try read("canonical/items.jsonl")
        #expect(canonical.count == 5)
        #expect(canonical[2].choices == ["cow", "sparrow", "goat"])
        #expect(canonical[4].context == "Lena planted tulips in March.")
    }

    @Test func detectsEveryFormat() throws {
        let expected: [String: BenchmarkFormat] = [
            "mmlu": .mmlu, "mmlu/world_geography_dev.csv": .mmlu, "ceval/elementary_mathematics_val.csv": .ceval,
            "gsm8k/test.jsonl": .gsm8k, "arc/ARC-Sample-Test.jsonl": .arc, "hellaswag/val.jsonl": .hellaswag,
            "truthfulqa/mc_task.json": .truthfulqaMC, "truthfulqa/TruthfulQA.csv": .truthfulqaGen,
            "math": .math, "math/test/algebra/1.json": .math, "humaneval/HumanEval.jsonl": .humaneval,
            "bbh/boolean_expressions.json": .bbh, "qa/qa.jsonl": .qa, "canonical/items.jsonl": .canonical,
        ]
        for (path, format) in expected {
            #expect(try BenchmarkFormat.detect(path: FormatTestSupport.sample(path)) == format, "\(path)")
        }
    }

    @Test func undetectableFormatListsTheFormats() throws {
        let path = try FormatTestSupport.file("odd.jsonl", #"{"foo": 1}"# + "\n")
        do {
            _ = try BenchmarkFormat.detect(path: path)
            Issue.record("detected a format for an unknown record")
        } catch let error as FormatDetectionError {
            #expect(error.description.contains("unknown record keys: foo"))
            for format in BenchmarkFormat.allCases { #expect(error.description.contains(format.rawValue)) }
        }
        #expect(throws: FormatDetectionError.self) { try BenchmarkFormat.detect(path: try FormatTestSupport.file("x.txt", "hi")) }
    }
}
