import Foundation
import Testing
@testable import AssayKit

@Suite struct EvalPromptTests {
    static func mc(_ id: String, _ subset: String, _ question: String, _ choices: [String], _ answer: String) -> BenchmarkItem {
        BenchmarkItem(id: id, benchmark: "mmlu", subset: subset, question: question, choices: choices, answer: answer)
    }

    @Test func letteredOneShotPromptIsExact() {
        let dev = Self.mc("mmlu/basic_math/dev/0", "basic_math", "2 + 2 = ?", ["3", "4"], "B")
        let test = Self.mc("mmlu/basic_math/test/0", "basic_math", "5 - 1 = ?", ["4", "6"], "A")
        let (pool, evaluate) = FewShotPool.split([dev, test], shots: 1)
        #expect(evaluate == [test])
        #expect(pool.source == .devSplit)
        let builder = PromptBuilder(shots: 1, pool: pool)
        let expected = "The following are multiple choice questions (with answers) about basic math.\n\n"
            + "2 + 2 = ?\nA. 3\nB. 4\nAnswer: B\n\n"
            + "5 - 1 = ?\nA. 4\nB. 6\nAnswer:"
        #expect(builder.text(for: test, style: .lettered) == expected)
        #expect(PromptStyle.lettered.choices(test) == ["A", "B"])
    }

    /// A test or val file finds its dev split beside it, compressed or not.
    @Test func theSiblingDevFileIsFoundThroughGzip() throws {
        let test = try FormatTestSupport.file("algebra_test.csv.gz", "")
        let folder = (test as NSString).deletingLastPathComponent
        #expect(FewShotPool.siblingDevFile(of: test) == nil)
        FileManager.default.createFile(atPath: folder + "/algebra_dev.csv", contents: Data())
        #expect(FewShotPool.siblingDevFile(of: test) == folder + "/algebra_dev.csv")
        FileManager.default.createFile(atPath: folder + "/algebra_dev.csv.gz", contents: Data())
        #expect(FewShotPool.siblingDevFile(of: test) == folder + "/algebra_dev.csv.gz")
        #expect(FewShotPool.siblingDevFile(of: folder + "/algebra_val.csv") == folder + "/algebra_dev.csv.gz")
    }

    @Test func questionStyleScoresOptionTextsAndShowsTheGoldText() {
        let item = BenchmarkItem(id: "arc/1", subset: "s", question: "Which is a metal?", choices: ["wood", "iron"], answer: "B")
        #expect(PromptStyle.question.query(item) == "Question: Which is a metal?\nAnswer:")
        #expect(PromptStyle.question.choices(item) == ["wood", "iron"])
        #expect(PromptStyle.question.shotAnswer(item, chainOfThought: false) == "iron")
    }

    @Test func systemTextOpensAPlainPromptAndZeroShotChainOfThoughtAddsTheCue() {
        let item = BenchmarkItem(id: "bbh/x/0", subset: "x", question: "True and False is", answer: "False")
        let builder = PromptBuilder(shots: 0, chainOfThought: true, system: "Be brief.", pool: FewShotPool(source: .none, examples: []))
        #expect(builder.text(for: item, style: .shortQA) == "Be brief.\n\nQ: True and False is\nA: Let's think step by step.")
    }

    @Test func chainOfThoughtShotsEndInTheAnswerSentence() {
        let shot = BenchmarkItem(id: "g/0", question: "Q?", answer: "6", solution: "Two threes make\n2 * 3 = <<2*3=6>>6.")
        #expect(PromptStyle.question.shotAnswer(shot, chainOfThought: true) == "Two threes make 2 * 3 = 6. The answer is 6.")
        #expect(PromptStyle.question.shotAnswer(shot, chainOfThought: false) == "Two threes make\n2 * 3 = <<2*3=6>>6.\n#### 6")
    }

    @Test func withoutWorkedSolutionsChainOfThoughtUsesAssaysOwnExemplars() {
        let items = (0..<3).map { BenchmarkItem(id: "bbh/t/\($0)", subset: "t", question: "q\($0)", answer: "a\($0)") }
        let (pool, _) = FewShotPool.split(items, shots: 2)
        let builder = PromptBuilder(shots: 2, chainOfThought: true, pool: pool)
        let shots = builder.examples(for: items[2], style: .shortQA)
        #expect(shots.count == 2)
        #expect(shots.allSatisfy { $0.id.hasPrefix("assay-cot/") && $0.solution != nil })
    }

    @Test func leadingItemsOfEachSubsetBecomeShotsDeterministically() {
        let items = ["a", "b", "a", "a", "b", "b", "a"].enumerated().map {
            BenchmarkItem(id: "x/\($0.offset)", subset: $0.element, question: "q\($0.offset)", answer: "1")
        }
        let first = FewShotPool.split(items, shots: 2)
        let second = FewShotPool.split(items, shots: 2)
        #expect(first.pool == second.pool)
        // Subset a: items 0, 2 are shots; subset b: items 1, 4.
        #expect(first.evaluate.map(\.id) == ["x/3", "x/5", "x/6"])
        #expect(first.pool.shots(for: items[6], k: 2).map(\.id) == ["x/0", "x/2"])
        #expect(first.pool.shots(for: items[5], k: 5).map(\.id) == ["x/1", "x/4"])
        let unknown = BenchmarkItem(id: "y/0", subset: "c", question: "q", answer: "1")
        #expect(first.pool.shots(for: unknown, k: 3).map(\.id) == ["x/0", "x/1", "x/2"])
        #expect(FewShotPool.split(items, shots: 0).evaluate.count == items.count)
    }

    @Test func aFewshotFileLeavesEveryItemToEvaluate() {
        let items = (0..<3).map { BenchmarkItem(id: "x/\($0)", subset: "s", question: "q", answer: "1") }
        let file = [BenchmarkItem(id: "f/0", subset: "s", question: "shot", answer: "2")]
        let split = FewShotPool.split(items, shots: 1, fewshotFile: file)
        #expect(split.evaluate == items)
        #expect(split.pool.shots(for: items[0], k: 1) == file)
    }

    @Test func defaultModesAndStyles() {
        let mcq = Self.mc("m/0", "s", "q", ["x", "y"], "A")
        let open = BenchmarkItem(id: "o/0", question: "q", answer: "3")
        #expect(EvalMode.defaultMode(for: mcq, format: .arc) == .loglikelihood)
        #expect(EvalMode.defaultMode(for: open, format: .gsm8k) == .generate)
        #expect(EvalMode.defaultMode(for: open, format: .humaneval) == .code)
        #expect(PromptStyle.of(mcq, format: .arc, mode: .generate) == .lettered)
        #expect(PromptStyle.of(mcq, format: .hellaswag, mode: .loglikelihood) == .completion)
        #expect(EvalMode.loglikelihood.refusal(for: open) != nil)
    }
}
