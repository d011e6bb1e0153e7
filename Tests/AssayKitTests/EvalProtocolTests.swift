import Foundation
import Testing
@testable import AssayKit

/// The reference protocols on the bundled samples: the requests they build (`bench/parity`
/// compares them with lm-evaluation-harness's own), the few-shot draws, the answer filters and
/// the published chain-of-thought prompt files.
@Suite struct EvalProtocolTests {
    static func plan(_ name: String, _ benchmark: String, fewshot: String? = nil, path: String? = nil) throws -> EvalPlan {
        var settings = EvalSettings(benchmark: path ?? FormatTestSupport.sample(benchmark))
        settings.evalProtocol = try EvalProtocol.named(name)
        settings.fewshot = fewshot
        return try EvalPlan(settings) { _ in }
    }

    static func requests(_ plan: EvalPlan) -> [PlannedRequest] {
        var settings = EvalSettings(benchmark: "")
        settings.maxTokens = 256
        return PlannedRequest.all(plan, settings: settings)
    }

    /// CPython 3.11: `Random(1234).getrandbits(32)` twice, `getrandbits(7)` three times, and
    /// `Random(7).sample(range(1000), 8)` (the set-based branch).
    @Test func pythonRandomMatchesCPython() {
        var random = PythonRandom(seed: 1234)
        #expect([random.next32(), random.next32()] == [4_150_886_329, 3_342_196_574])
        #expect([random.bits(7), random.bits(7), random.bits(7)] == [56, 14, 0])
        var seven = PythonRandom(seed: 7)
        #expect(seven.sample(Array(0..<1000), 8) == [331, 970, 154, 404, 666, 49, 74, 840])
        var big = PythonRandom(seed: (1 << 40) + 5)
        #expect(big.next32() == 2_166_296_868)
        var zero = PythonRandom(seed: 0)
        #expect(zero.next32() == 3_626_764_237)
    }

    /// gsm8k draws 5 training examples per item in turn from one Random(1234), as lm-eval does:
    /// CPython gives, for a population of 6, [3,0,4,5,2] then [5,0,4,1,3], [0,5,4,1,2], ...
    @Test func gsm8kDrawsItsExamplesAsLmEval() throws {
        let test = "gsm8k/test.jsonl"
        let plan = try Self.plan("gsm8k", test, fewshot: FormatTestSupport.sample(test))
        let drawn = plan.tasks.map { task in plan.prompts.protocolPlan!.examples(for: task.item).map { Int($0.id.split(separator: "/").last!)! } }
        #expect(drawn == [[3, 0, 4, 5, 2], [5, 0, 4, 1, 3], [0, 5, 4, 1, 2], [4, 3, 1, 0, 2], [5, 0, 4, 2, 1], [1, 0, 3, 4, 2]])
        let first = Self.requests(plan)[0]
        // The example's answer as the file writes it ("#### 15,000"), then the item.
        #expect(first.context.hasPrefix("Question: A warehouse stores 2,500 boxes"))
        #expect(first.context.contains("boxes.\n#### 15,000\n\nQuestion: Mara"))
        #expect(first.context.hasSuffix("\n\nQuestion: Mara buys 3 notebooks at $4 each and a pen for $2. How much does she spend?\nAnswer:"))
        #expect(first.until == ["Question:", "</s>", "<|im_end|>"] && first.maxTokens == 256)
        #expect(throws: UsageError.self) { try Self.plan("gsm8k", test) }    // no training split given
    }

    /// gsm8k_cot: the exemplars of a --fewshot file in file order, "Q: ...\nA: {worked answer}".
    @Test func gsm8kChainOfThoughtShowsTheExemplarsInOrder() throws {
        let exemplars = try FormatTestSupport.file("exemplars.jsonl", (0..<8).map {
            #"{"id": "e\#($0)", "question": "How many is \#($0) + 1?", "answer": "\#($0 + 1)", "solution": "\#($0) + 1 = \#($0 + 1). The answer is \#($0 + 1)."}"#
        }.joined(separator: "\n"))
        let request = Self.requests(try Self.plan("gsm8k_cot", "gsm8k/test.jsonl", fewshot: exemplars))[0]
        #expect(request.context.hasPrefix("Q: How many is 0 + 1?\nA: 0 + 1 = 1. The answer is 1.\n\nQ: How many is 1 + 1?"))
        #expect(request.context.hasSuffix("The answer is 8.\n\nQ: Mara buys 3 notebooks at $4 each and a pen for $2. How much does she spend?\nA:"))
        #expect(request.until == ["Q:", "</s>", "<|im_end|>"])
        #expect(throws: UsageError.self) { try Self.plan("gsm8k_cot", "gsm8k/test.jsonl") }
    }

    @Test func multipleChoiceProtocolsBuildTheReferenceRequests() throws {
        let hellaswag = Self.requests(try Self.plan("hellaswag", "hellaswag/val.jsonl"))
        #expect(hellaswag.count == 5 && hellaswag.allSatisfy { !$0.context.contains("[") && $0.continuations!.allSatisfy { $0.hasPrefix(" ") } })

        let arc = Self.requests(try Self.plan("arc_easy", "arc/ARC-Sample-Test.jsonl"))
        #expect(arc == Self.requests(try Self.plan("arc_challenge", "arc/ARC-Sample-Test.jsonl")))
        #expect(arc[0].context == "Question: Which tool is best for measuring the mass of a small rock?\nAnswer:")
        #expect(arc[0].continuations == [" a ruler", " a balance", " a thermometer", " a stopwatch"])

        let mmlu = Self.requests(try Self.plan("mmlu", "mmlu"))
        #expect(mmlu.allSatisfy { $0.context.hasPrefix("The following are multiple choice questions (with answers) about ") })
        #expect(mmlu.allSatisfy { $0.context.components(separatedBy: "\nAnswer: ").count == 6 })    // 5 examples
        #expect(mmlu[0].continuations == [" A", " B", " C", " D"])
        #expect(throws: UsageError.self) { try Self.plan("mmlu", "gsm8k/test.jsonl") }    // another format

        let mc1 = try Self.plan("truthfulqa_mc1", "truthfulqa/mc_task.json"), mc2 = try Self.plan("truthfulqa_mc2", "truthfulqa/mc_task.json")
        #expect(mc1.tasks.allSatisfy { $0.item.subset == "mc1" } && mc2.tasks.allSatisfy { $0.item.subset == "mc2" })
        let primed = Self.requests(mc1)[0].context
        #expect(primed.hasPrefix("Q: What is human life expectancy in the United States?\nA: Human life expectancy"))
        #expect(primed.hasSuffix("Barcelona, Spain.\n\nQ: \(mc1.tasks[0].item.question)\nA:"))
        #expect(EvalProtocol.catalog.first { $0.name == "truthfulqa_mc2" }!.metrics == ["mc2"])
    }

    @Test func bbhChainOfThoughtFromThePublishedPromptFile() throws {
        let file = try FormatTestSupport.file("boolean_expressions.txt", """
            -----
            Evaluate a Boolean expression.

            Q: not True is
            A: Let's think step by step.
            not True is False. So the answer is False.

            Q: True or False is
            A: Let's think step by step.
            One side is True. So the answer is True.
            """)
        let prompts = try ChainOfThoughtPromptFile(path: file)
        #expect(prompts.description == "Evaluate a Boolean expression.")
        #expect(prompts.examples.map(\.question) == ["not True is", "True or False is"])
        #expect(prompts.examples.map(\.answer) == ["False", "True"])
        #expect(prompts.examples[1].solution == "One side is True. So the answer is True.")

        var settings = EvalSettings(benchmark: FormatTestSupport.sample("bbh/boolean_expressions.json"))
        settings.evalProtocol = try EvalProtocol.named("bbh_cot_fewshot_boolean_expressions")
        settings.fewshot = file
        #expect(throws: UsageError.self) { try EvalPlan(settings) { _ in } }    // 2 examples, 3 needed
        settings.evalProtocol?.shots = .file(2)
        let request = Self.requests(try EvalPlan(settings) { _ in })[0]
        #expect(request.context.hasPrefix("Evaluate a Boolean expression.\n\nQ: not True is\nA: Let's think step by step.\nnot True is False."))
        #expect(request.context.hasSuffix("So the answer is True.\n\nQ: not ( True and False ) is\nA: Let's think step by step.\n"))
        #expect(request.until == ["</s>", "Q", "\n\n"])   // the length (1024) is checked through the CLI

        // The paper's protocol: the file as it is, the query without lm-eval's final newline.
        settings.evalProtocol = try EvalProtocol.named("bbh_cot_3shot_boolean_expressions")
        settings.evalProtocol?.shots = .file(2)
        let paper = Self.requests(try EvalPlan(settings) { _ in })[0]
        #expect(paper.context.hasPrefix("Evaluate a Boolean expression.\n\nQ: not True is\nA: Let's think step by step.\nnot True is False."))
        #expect(paper.context.hasSuffix("So the answer is True.\n\nQ: not ( True and False ) is\nA: Let's think step by step."))
        #expect(paper.until == ["\n\n"])

        // Another task's items, or another task's prompt file, are refused.
        settings.benchmark = FormatTestSupport.sample("bbh/color_ordering.json")
        #expect(throws: UsageError.self) { try EvalPlan(settings) { _ in } }
        settings.benchmark = FormatTestSupport.sample("bbh/boolean_expressions.json")
        settings.fewshot = try FormatTestSupport.file("navigate.txt", try String(contentsOfFile: file, encoding: .utf8))
        #expect(throws: UsageError.self) { try EvalPlan(settings) { _ in } }

        let broken = try FormatTestSupport.file("x.txt", "Task.\n\nQ: one\nA: Let's think. So the answer is 1.\n\nQ: two without an answer line")
        #expect(throws: InputError.badLine(file: broken, line: 6, reason: "an example without its 'A:' line (expected 'Q: ...' then 'A: ...')")) {
            try ChainOfThoughtPromptFile(path: broken)
        }
    }

    /// Expected values from lm-eval's regex filters run in CPython on the same outputs.
    @Test func generatedAnswersAreFilteredAsTheReference() throws {
        let gsm8k = try EvalProtocol.named("gsm8k"), cot = try EvalProtocol.named("gsm8k_cot")
        func grade(_ evalProtocol: EvalProtocol, _ output: String, _ answer: String) throws -> AnswerGrader.Grade {
            try #require(evalProtocol.grade(output, item: BenchmarkItem(id: "g", question: "?", answer: answer)))
        }
        let graded = try grade(gsm8k, "She pays 12 + 2 = 14 dollars.\n#### 14", "14")
        #expect(graded.metrics == ["exact_match_strict": 1, "exact_match_flexible": 1] && graded.prediction == "14")
        let loose = try grade(gsm8k, "The total is $1,234.50 so the answer is 1,234.", "1234")
        #expect(loose.prediction == "[invalid]" && loose.metrics == ["exact_match_strict": 0, "exact_match_flexible": 1])
        let negative = try grade(cot, "It is -7 degrees. The answer is -7.", "-7")
        #expect(negative.prediction == "-7" && negative.metrics == ["exact_match_strict": 1, "exact_match_flexible": 1])
        #expect(try grade(gsm8k, "no numbers here", "14").metrics == ["exact_match_strict": 0, "exact_match_flexible": 0])
        // Commas, "$" and a final period are normalized away on both sides.
        #expect(try grade(gsm8k, "It costs $1,200.\n#### 1,200.", "1200").metrics == ["exact_match_strict": 1, "exact_match_flexible": 1])
        #expect(try grade(gsm8k, "It costs $75", "75").metrics == ["exact_match_strict": 0, "exact_match_flexible": 1])
        let bbh = try EvalProtocol.named("bbh_cot_fewshot_boolean_expressions")
        let answered = try grade(bbh, "not True is False. So the answer is False.", "False")
        #expect(answered.prediction == "False" && answered.correct == true)
        #expect(try grade(bbh, "So the answer is (A).", "(B)").correct == false)
        #expect(try grade(bbh, "It is False", "False").prediction == "[invalid]")
        #expect(try grade(bbh, "so the answer is True", "True").prediction == "Tru")   // lm-eval's (?=.) drops the last character
        #expect(try EvalProtocol.named("mmlu").grade("A", item: BenchmarkItem(id: "m", question: "?", answer: "A")) == nil)
    }

    /// What the reference would refuse or do differently is refused: a subject without its 5
    /// dev examples, a few-shot file for a 0-shot protocol, options the protocol fixes, a
    /// TruthfulQA file without the protocol's items.
    @Test func whatTheReferenceWouldNotRunIsRefused() throws {
        let test = try FormatTestSupport.file("algebra_test.csv", "What is 1 + 1?,1,2,3,4,B\n")
        let folder = (test as NSString).deletingLastPathComponent
        try "What is 2 + 2?,3,4,5,6,B\n".write(toFile: folder + "/algebra_dev.csv", atomically: true, encoding: .utf8)
        #expect(throws: UsageError.conflict("protocol mmlu shows 5 examples of the item's own subject from its dev split; 'algebra' has 1 (give its <subject>_dev file, or --fewshot FILE with 5 of each subject)")) {
            try Self.plan("mmlu", "", fewshot: nil, path: test)
        }
        #expect(throws: UsageError.conflict("protocol hellaswag is 0-shot; leave --fewshot out")) {
            try Self.plan("hellaswag", "hellaswag/val.jsonl", fewshot: FormatTestSupport.sample("hellaswag/val.jsonl"))
        }
        var settings = EvalSettings(benchmark: FormatTestSupport.sample("arc/ARC-Sample-Test.jsonl"))
        settings.evalProtocol = try EvalProtocol.named("arc_easy")
        settings.shots = 3
        #expect(throws: UsageError.conflict("--protocol arc_easy fixes what --shots sets; leave --shots out")) { try EvalPlan(settings) { _ in } }
        let mc1Only = try FormatTestSupport.file("mc_task.json", #"[{"question": "Q?", "mc1_targets": {"a": 1, "b": 0}}]"#)
        #expect(throws: UsageError.conflict("protocol truthfulqa_mc2 evaluates the mc2 items; the benchmark holds none")) {
            try Self.plan("truthfulqa_mc2", "", path: mc1Only)
        }
    }

    /// A twin shows its original's examples; the draws go on for the originals alone, and a
    /// few-shot file given as one JSON array shows its answers as written too.
    @Test func gsm8kTwinsShowTheirOriginalsExamples() throws {
        let lines = try String(contentsOfFile: FormatTestSupport.sample("gsm8k/test.jsonl"), encoding: .utf8).split(separator: "\n")
        let array = try FormatTestSupport.file("train.json", "[" + lines.joined(separator: ",\n") + "]")
        let twins = try FormatTestSupport.file("twins.jsonl", (0..<2).map {
            #"{"id": "twin/\#($0)", "question": "A twin question \#($0)?", "answer": "1", "provenance": {"original": "gsm8k/test/\#($0)"}}"#
        }.joined(separator: "\n"))
        var settings = EvalSettings(benchmark: FormatTestSupport.sample("gsm8k/test.jsonl"))
        settings.evalProtocol = try EvalProtocol.named("gsm8k")
        settings.fewshot = array
        settings.twins = twins
        let plan = try EvalPlan(settings) { _ in }
        let shown = Dictionary(uniqueKeysWithValues: plan.tasks.map { ($0.item.id, plan.prompts.protocolPlan!.examples(for: $0.item).map(\.id)) })
        #expect(shown["twin/0"] == shown["gsm8k/test/0"] && shown["twin/1"] == shown["gsm8k/test/1"])
        #expect(shown["gsm8k/test/5"]?.map { Int($0.split(separator: "/").last!)! } == [1, 0, 3, 4, 2])    // as without twins
        #expect(Self.requests(plan)[0].context.contains("#### 15,000"))
    }

    @Test func theCatalogsPatternsCompile() {
        for evalProtocol in EvalProtocol.catalog {
            if case .gsm8k(let strict) = evalProtocol.scoring { #expect((try? NSRegularExpression(pattern: strict)) != nil) }
        }
    }

    @Test func unknownProtocolsListTheKnownOnes() {
        #expect(throws: UsageError.self) { try EvalProtocol.named("hellaswag_v2") }
        #expect((try? EvalProtocol.named("bbh_cot_3shot_navigate"))?.reference.contains("navigate") == true)
    }
}
