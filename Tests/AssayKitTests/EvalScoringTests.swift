import Foundation
import Testing
@testable import AssayKit

@Suite struct EvalScoringTests {
    @Test func accAndAccNormCanDisagree() {
        // Sums: -4, -3.5, -6 -> acc picks 1. Per byte: -4/18 = -0.22, -3.5/2 = -1.75, -6/3 = -2 -> acc_norm picks 0.
        let outcome = ChoiceScoring.decide(loglikelihoods: [-4, -3.5, -6], choices: ["a long answer text", "no", "xyz"],
                                           gold: [0], probabilityMass: false)
        #expect(outcome.chosen == 1)
        #expect(outcome.chosenNorm == 0)
        #expect(outcome.metrics == ["accuracy": 0, "acc_norm": 1])
        #expect(abs(outcome.normalized[0] - (-4.0 / 18)) < 1e-12)
    }

    @Test func tiesGoToTheFirstChoice() {
        let outcome = ChoiceScoring.decide(loglikelihoods: [-1, -2, -3], choices: ["é", "ab", "c"], gold: [1], probabilityMass: false)
        #expect(outcome.chosen == 0)
        // "é" is one character: -1 per character, as "ab"; the first wins.
        #expect(outcome.chosenNorm == 0)
    }

    /// lm-eval divides by Python's `len`: code points, not UTF-8 bytes (nor grapheme clusters).
    @Test func accNormDividesByCharactersNotBytes() {
        // "猫" is 1 character, 3 bytes: by characters -2.5 vs -1 picks "ab"; by bytes -0.83 vs -1 would pick "猫".
        let chinese = ChoiceScoring.decide(loglikelihoods: [-2.5, -2], choices: ["猫", "ab"], gold: [1], probabilityMass: false)
        #expect(chinese.chosenNorm == 1)
        #expect(chinese.normalized == [-2.5, -1])
        #expect(chinese.metrics["acc_norm"] == 1)
        // A decomposed "é" is 2 code points (one grapheme): -1 per code point beats the precomposed -1.5.
        let accents = ChoiceScoring.decide(loglikelihoods: [-2, -1.5], choices: ["e\u{301}", "\u{E9}"], gold: [0], probabilityMass: false)
        #expect(accents.normalized == [-1, -1.5])
        #expect(accents.chosenNorm == 0)
    }

    @Test func mc2IsTheTrueProbabilityMass() {
        let outcome = ChoiceScoring.decide(loglikelihoods: [log(0.02), log(0.03), log(0.05)], choices: ["x", "y", "z"],
                                           gold: [0, 2], probabilityMass: true)
        #expect(abs(outcome.metrics["mc2"]! - 0.7) < 1e-12)
        #expect(outcome.metrics["accuracy"] == 1)
    }

    static func record(_ id: String, _ subset: String, _ metrics: [String: Double],
                       split: PredictionRecord.Split = .original, original: String? = nil) -> PredictionRecord {
        PredictionRecord(id: id, split: split, subset: subset, mode: .loglikelihood, prompt: "p", answer: "A",
                         metrics: metrics, original: original)
    }

    static let manifestJSON = """
    {"command":"eval","model":{"backend":"llama.cpp","model":"m","file":"m.gguf"},"assay_version":"0","seed":0,
     "command_line":[],"date":"","settings":{"benchmark":"b","format":"mmlu","mode":"default","shots":0,"fewshot_source":"none",
     "chain_of_thought":false,"chat":false,"from_scratch":false}}
    """

    static func summary(_ records: [PredictionRecord]) throws -> EvalSummary {
        let manifest = try JSONDecoder().decode(EvalManifest.self, from: Data(manifestJSON.utf8))
        return EvalSummary(records: records, manifest: manifest, seed: 1, resamples: 200)
    }

    @Test func weightedAndMacroAccuracyByHand() throws {
        let records = [Self.record("1", "a", ["accuracy": 1]), Self.record("2", "a", ["accuracy": 1]),
                       Self.record("3", "a", ["accuracy": 0]), Self.record("4", "b", ["accuracy": 0])]
        let split = try #require(Self.summary(records).original)
        // Weighted: 2 of 4 items. Macro: (2/3 + 0) / 2.
        #expect(split.weightedAccuracy == 0.5)
        #expect(abs(split.macroAccuracy! - 1.0 / 3) < 1e-12)
        #expect(split.subsets["a"]?.count == 3)
        #expect(split.subsets["b"]?.metrics["accuracy"]?.value == 0)
        let interval = try #require(split.metrics["accuracy"]?.weighted)
        #expect(interval.stderr > 0 && interval.ciLow <= 0.5 && interval.ciHigh >= 0.5)
    }

    @Test func perplexityIsPooledOverTokens() throws {
        let records = [Self.record("1", "s", ["loglikelihood": -2, "tokens": 2, "words": 1]),
                       Self.record("2", "s", ["loglikelihood": -6, "tokens": 2, "words": 1])]
        let split = try #require(Self.summary(records).original)
        #expect(split.primaryMetric == "token_perplexity")
        #expect(abs(split.metrics["token_perplexity"]!.weighted.value - exp(2.0)) < 1e-9)
        #expect(abs(split.metrics["word_perplexity"]!.weighted.value - exp(4.0)) < 1e-9)
        #expect(split.metrics["loglikelihood"] == nil)
    }

    @Test func twinsGiveAPairedGap() throws {
        let originals = (0..<4).map { Self.record("o\($0)", "s", ["accuracy": 1]) }
        let twins = (0..<4).map { Self.record("t\($0)", "s", ["accuracy": $0 == 0 ? 1 : 0], split: .twin, original: "o\($0)") }
        let gap = try #require(Self.summary(originals + twins).gap)
        #expect(gap.paired)
        #expect(gap.original == 1 && gap.twin == 0.25)
        #expect(gap.difference.value == 0.75)
        #expect(gap.difference.ciLow >= 0 && gap.difference.ciHigh <= 1)
    }

    @Test func unlinkedTwinsGiveAnUnpairedGap() throws {
        let originals = (0..<3).map { Self.record("o\($0)", "s", ["accuracy": 1]) }
        let twins = (0..<5).map { Self.record("t\($0)", "s", ["accuracy": 0], split: .twin) }
        let gap = try #require(Self.summary(originals + twins).gap)
        #expect(!gap.paired)
        #expect(gap.difference.value == 1 && gap.difference.ciLow == 1 && gap.difference.stderr == 0)
    }

    @Test func generatedAnswersAreGradedByFormat() {
        let gsm = BenchmarkItem(id: "g", question: "q", answer: "1200")
        #expect(AnswerGrader.grade("So 3 * 400 = 1,200. The answer is 1,200.", item: gsm, format: .gsm8k).correct == true)
        #expect(AnswerGrader.grade("It is 12.", item: gsm, format: .gsm8k).correct == false)
        let math = BenchmarkItem(id: "m", question: "q", answer: "\\frac{1}{2}")
        #expect(AnswerGrader.grade("so $x = \\boxed{\\frac12}$", item: math, format: .math).correct == true)
        #expect(AnswerGrader.grade("The answer is: $1/2$.\nMore.", item: math, format: .math).prediction == "1/2")
        let mcq = BenchmarkItem(id: "c", question: "q", choices: ["red", "blue", "green"], answer: "B")
        #expect(AnswerGrader.grade(" B. blue", item: mcq, format: .arc).prediction == "B")
        let qa = BenchmarkItem(id: "q", question: "q", answer: "carbon dioxide")
        let graded = AnswerGrader.grade("Carbon dioxide.", item: qa, format: .qa)
        #expect(graded.correct == nil && graded.metrics["rougeL"] == 1)
    }

    @Test func tornLastLineIsCutBeforeAppending() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-torn-\(UUID().uuidString).jsonl").path
        try "{\"a\":1}\n{\"b\":".write(toFile: path, atomically: true, encoding: .utf8)
        try JSONLinesWriter.truncateTornLine(path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "{\"a\":1}\n")
    }
}

@Suite struct FreeFormGradingTests {
    let item = BenchmarkItem(id: "t", question: "What happens if you swallow a cherry stone?",
                             answer: "It passes through you", solution: "It passes through you; Nothing much happens",
                             incorrectAnswers: ["A tree grows in your stomach", "You are poisoned"])

    @Test func bestTrueAnswerAgainstBestFalseAnswer() throws {
        // Word for word the second true answer: ROUGE-L 1 against it.
        let right = AnswerGrader.grade("Nothing much happens.", item: item, format: .truthfulqaGen).metrics
        #expect(right["rougeL"] == 1)
        #expect(right["rougeL_acc"] == 1)
        // Best false match: "you are poisoned" vs "nothing much happens" share no word.
        #expect(right["rougeL_diff"] == 1)
        // Close to a false answer: "a tree grows in you" (5 words) shares "you" with the first true
        // answer (4 words): F1 2(1/5)(1/4)/(1/5 + 1/4) = 2/9; and "a tree grows in" with the
        // first false answer (6 words): F1 2(4/5)(4/6)/(4/5 + 4/6) = 8/11.
        let wrong = AnswerGrader.grade("A tree grows in you", item: item, format: .truthfulqaGen).metrics
        #expect(wrong["rougeL_acc"] == 0)
        let trueMatch: Double = 2.0 / 9, falseMatch: Double = 8.0 / 11
        let rougeL = try #require(wrong["rougeL"]), rougeLDiff = try #require(wrong["rougeL_diff"])
        #expect(abs(rougeL - trueMatch) < 1e-12)
        #expect(abs(rougeLDiff - (trueMatch - falseMatch)) < 1e-12)
    }

    @Test func withoutFalseAnswersOnlyTheMatchAgainstTheTruth() {
        var plain = item
        plain.incorrectAnswers = nil
        let metrics = AnswerGrader.grade("Nothing much happens", item: plain, format: .truthfulqaGen).metrics
        #expect(Set(metrics.keys) == ["rouge1", "rouge2", "rougeL", "bleu"])
        // General QA compares with the answer only (its solution is no answer list).
        let qa = AnswerGrader.grade("Nothing much happens", item: plain, format: .qa).metrics
        #expect(qa["rougeL"] == 0)
    }
}
