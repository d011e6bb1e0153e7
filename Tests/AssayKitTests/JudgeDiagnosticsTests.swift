import Foundation
import Testing
@testable import AssayKit

/// Judge diagnostics from scripted judges with planted biases (position, length,
/// self-preference, perturbation), a fair judge that shows none, and the robustness
/// perturbations themselves.
@Suite struct JudgeDiagnosticsTests {
    static let candidates = ["alpha", "beta", "gamma", "delta"]

    /// What a scripted judge sees of one judgment.
    struct Sight {
        var question: Int
        var first: String
        var second: String
        var qualityFirst: Double
        var qualitySecond: Double
        var lengthFirst: Int
        var lengthSecond: Int
        var perturbation: AnswerPerturbation?
        var perturbed: String?

        /// The verdict of a judge that looks only at quality.
        var fair: PairVerdict { qualityFirst == qualitySecond ? .tie : qualityFirst > qualitySecond ? .a : .b }
    }

    /// Every pair of candidates on `questions` questions, in both orders, judged by `judge`;
    /// with `perturb`, each order is also judged once per perturbation kind (the first
    /// candidate's answer perturbed; `positionSwap` judged with the order swapped).
    static func judgments(judge: String, questions: Int = 80, seed: UInt64 = 1, perturb: Bool = false,
                          decide: (Sight, inout SeededGenerator) -> PairVerdict?) -> [PairJudgment] {
        var world = SeededGenerator(seed: 99)
        var quality: [String: Double] = [:], length: [String: Int] = [:]
        for question in 0..<questions {
            for candidate in candidates {
                quality["\(question)/\(candidate)"] = world.unitDouble() + (candidate == "alpha" ? 0.2 : 0)
                length["\(question)/\(candidate)"] = world.int(in: 50...1000)
            }
        }
        var rng = SeededGenerator(seed: seed, stream: UInt64(judge.utf8.count))
        var out: [PairJudgment] = []
        func judgeOnce(_ question: Int, _ first: String, _ second: String, _ perturbation: AnswerPerturbation?, _ perturbed: String?) {
            let sight = Sight(question: question, first: first, second: second,
                              qualityFirst: quality["\(question)/\(first)"]!, qualitySecond: quality["\(question)/\(second)"]!,
                              lengthFirst: length["\(question)/\(first)"]!, lengthSecond: length["\(question)/\(second)"]!,
                              perturbation: perturbation, perturbed: perturbed)
            out.append(PairJudgment(questionID: "q\(question)", category: "math", judge: judge, first: first, second: second,
                                    lengthFirst: sight.lengthFirst, lengthSecond: sight.lengthSecond, perturbation: perturbation,
                                    perturbed: perturbed, verdict: decide(sight, &rng)))
        }
        for question in 0..<questions {
            for (i, x) in candidates.enumerated() {
                for y in candidates[(i + 1)...] {
                    for (first, second) in [(x, y), (y, x)] {
                        judgeOnce(question, first, second, nil, nil)
                        guard perturb else { continue }
                        for kind in AnswerPerturbation.allCases {
                            if kind == .positionSwap { judgeOnce(question, second, first, kind, nil) } else { judgeOnce(question, first, second, kind, first) }
                        }
                    }
                }
            }
        }
        return out
    }

    static func near(_ value: Double?, _ target: Double, within tolerance: Double) -> Bool {
        guard let value else { return false }
        return abs(value - target) <= tolerance
    }

    @Test func combineBothOrders() {
        #expect(PairJudgment.combine(.a, .b) == (.a, true))       // x wins both ways
        #expect(PairJudgment.combine(.b, .a) == (.b, true))
        #expect(PairJudgment.combine(.tie, .tie) == (.tie, true))
        #expect(PairJudgment.combine(.a, .a) == (.tie, false))    // "A" both times: position, not quality
        #expect(PairJudgment.combine(.a, .tie) == (.tie, false))
        #expect(PairJudgment.combine(.b, nil) == (.b, nil))
        #expect(PairJudgment.combine(nil, .b) == (.a, nil))       // y shown as A lost: x won
        #expect(PairJudgment.combine(nil, nil) == (nil, nil))
        #expect(PairJudgment.combine(.b, .b) == (.tie, false))
    }

    @Test func fairJudgeIsConsistentAndUnmoved() throws {
        let judgments = Self.judgments(judge: "referee", perturb: true) { sight, _ in sight.fair }
        let d = JudgeDiagnostics.compute(judgments, candidates: Self.candidates)
        #expect(d.consistency.trials == 80 * 6 && d.consistency.rate == 1)
        #expect(d.positionBias.trials == 0 && d.positionBias.rate == nil && d.positionBias.lower == nil)
        #expect(Self.near(d.firstPositionShare.rate, 0.5, within: 0.001))
        #expect(Self.near(d.lengthBias.rate, 0.5, within: 0.08))
        #expect(d.robustness.map(\.perturbation) == AnswerPerturbation.allCases)
        for entry in d.robustness {
            #expect(entry.flips.successes == 0 && entry.flips.trials == 80 * 12 && entry.unmatched == 0, "\(entry.perturbation)")
        }
        #expect(d.selfPreference.isEmpty && d.unparsable == 0 && d.judges.map(\.judge) == ["referee"])
        #expect(d.lengthBuckets.map(\.longerWins.trials).reduce(0, +) == d.lengthBias.trials)
    }

    /// A judge that says A 80% of the time whatever the answers.
    @Test func plantedPositionBiasShows() {
        let judgments = Self.judgments(judge: "lazy", perturb: true) { _, rng in rng.chance(0.8) ? .a : .b }
        let d = JudgeDiagnostics.compute(judgments, candidates: Self.candidates)
        // Consistent only when the two independent draws differ: 2 * 0.8 * 0.2 = 0.32.
        #expect(Self.near(d.consistency.rate, 0.32, within: 0.07))
        #expect(Self.near(d.firstPositionShare.rate, 0.8, within: 0.04))
        // Among inconsistent pairs (A,A) outweighs (B,B): 0.64 / 0.68.
        #expect(Self.near(d.positionBias.rate, 0.64 / 0.68, within: 0.04))
        #expect(d.positionBias.lower! > 0.5)
        let swap = d.robustness.first { $0.perturbation == .positionSwap }!
        #expect(swap.flips.rate! > 0.5 && swap.towardPerturbed > swap.awayFromPerturbed * 3)
    }

    /// A judge that picks the longer answer.
    @Test func plantedLengthBiasShows() {
        let biased = JudgeDiagnostics.compute(Self.judgments(judge: "verbose") { sight, _ in
            sight.lengthFirst == sight.lengthSecond ? .tie : sight.lengthFirst > sight.lengthSecond ? .a : .b
        }, candidates: Self.candidates)
        #expect(biased.lengthBias.rate == 1 && biased.lengthBias.lower! > 0.95)
        #expect(biased.consistency.rate == 1)
        for bucket in biased.lengthBuckets where bucket.longerWins.trials > 0 { #expect(bucket.longerWins.rate == 1) }
        #expect(biased.lengthBuckets.map(\.label) == ["<20%", "20-50%", ">=50%"])
        // Longer wins only when clearly longer: the small-difference bucket looks fair.
        let partial = JudgeDiagnostics.compute(Self.judgments(judge: "verbose") { sight, _ in
            let (long, short) = (max(sight.lengthFirst, sight.lengthSecond), min(sight.lengthFirst, sight.lengthSecond))
            guard Double(long - short) / Double(short) >= 0.5 else { return sight.fair }
            return sight.lengthFirst > sight.lengthSecond ? .a : .b
        }, candidates: Self.candidates)
        #expect(Self.near(partial.lengthBuckets[0].longerWins.rate, 0.5, within: 0.15))
        #expect(partial.lengthBuckets[2].longerWins.rate == 1)
    }

    /// "alpha" judges too, and always lets itself win; "referee" is fair.
    @Test func plantedSelfPreferenceShows() throws {
        let judgments = Self.judgments(judge: "alpha") { sight, _ in
            sight.first == "alpha" ? .a : sight.second == "alpha" ? .b : sight.fair
        } + Self.judgments(judge: "referee") { sight, _ in sight.fair }
        let d = JudgeDiagnostics.compute(judgments, candidates: Self.candidates)
        let entry = try #require(d.selfPreference.first)
        #expect(d.selfPreference.count == 1 && entry.judge == "alpha")
        #expect(entry.bySelf.winRate == 1 && entry.bySelf.total == 80 * 6)
        #expect(entry.byOthers.total == 80 * 6 && entry.byOthers.winRate! < 0.85)
        #expect(entry.difference! > 0.15)
        // Judging fairly, the same judge shows none.
        let fair = JudgeDiagnostics.compute(Self.judgments(judge: "alpha") { sight, _ in sight.fair }
                                            + Self.judgments(judge: "referee") { sight, _ in sight.fair }, candidates: Self.candidates)
        #expect(fair.selfPreference.first?.difference == 0)
        #expect(fair.judges.map(\.judge) == ["alpha", "referee"])
    }

    /// A judge swayed by padding and confident claims, and one that cannot parse 10% of the time.
    @Test func perturbationFlipsAndUnparsableReplies() {
        let swayed = JudgeDiagnostics.compute(Self.judgments(judge: "swayed", perturb: true) { sight, _ in
            if sight.perturbation == .padding || sight.perturbation == .confidentClaim { return sight.perturbed == sight.first ? .a : .b }
            return sight.fair
        }, candidates: Self.candidates)
        for entry in swayed.robustness {
            switch entry.perturbation {
            case .padding, .confidentClaim:
                #expect(Self.near(entry.flips.rate, 0.5, within: 0.1) && entry.towardPerturbed == entry.flips.successes)
            default:
                #expect(entry.flips.successes == 0)
            }
        }
        let flaky = JudgeDiagnostics.compute(Self.judgments(judge: "flaky", perturb: true) { sight, rng in
            rng.chance(0.1) ? nil : sight.fair
        }, candidates: Self.candidates)
        #expect(flaky.judgments == 80 * 12 * 6 && Self.near(Double(flaky.unparsable) / Double(flaky.judgments), 0.1, within: 0.03))
        #expect(flaky.consistency.rate == 1 && flaky.consistency.trials < 80 * 6)
        #expect(flaky.robustness.allSatisfy { $0.flips.successes == 0 && $0.unparsable + $0.unmatched + $0.flips.trials == $0.judgments })
        #expect(flaky.judges.first?.unparsable == flaky.unparsable)
    }

    /// No judgments, or none usable: every rate is nil, and the result encodes (NaN would not).
    @Test func zeroCountsGiveNilRates() throws {
        for judgments in [[], [PairJudgment(questionID: "q", judge: "j", first: "x", second: "y", lengthFirst: 3, lengthSecond: 3, verdict: nil)]] {
            let d = JudgeDiagnostics.compute(judgments, candidates: ["x", "y", "j"])
            for rate in [d.consistency, d.positionBias, d.firstPositionShare, d.tieRate, d.lengthBias] + d.lengthBuckets.map(\.longerWins) {
                #expect(rate.trials == 0 && rate.rate == nil && rate.lower == nil && rate.upper == nil)
            }
            #expect(d.selfPreference.allSatisfy { $0.difference == nil && $0.bySelf.winRate == nil })
            let data = try JSONEncoder().encode(d)
            #expect(try JSONDecoder().decode(JudgeDiagnostics.self, from: data) == d)
        }
    }

    // MARK: Perturbations

    static let answer = """
    The total is 15 apples. Alice starts with 12 apples and receives 3 more from Ben, \
    so she ends up with fifteen apples altogether. Counting carefully matters here because \
    mistakes happen when people hurry through simple arithmetic problems.
    """
    static let bulleted = "## Solution\n\n- First, **add** the numbers.\n- Then check the result."
    static let question = "Alice has 12 apples and Ben gives her 3 more. How many apples does Alice have?"

    static func apply(_ kind: AnswerPerturbation, _ answer: String = answer, other: String = bulleted,
                      language: String? = nil, seed: UInt64 = 1) -> String {
        kind.apply(to: answer, other: other, question: question, language: language, seed: seed)
    }

    @Test func perturbationsAreDeterministicAndChangeTheAnswer() {
        for kind in AnswerPerturbation.allCases {
            #expect(Self.apply(kind, seed: 7) == Self.apply(kind, seed: 7), "\(kind)")
            #expect(!kind.description.isEmpty)
            if kind == .positionSwap {
                #expect(Self.apply(kind) == Self.answer)
            } else {
                #expect(Self.apply(kind) != Self.answer, "\(kind)")
                #expect(Self.apply(kind, "小明有12个苹果，小红又给了他3个苹果，所以他一共有15个苹果。", language: "zh") != "小明有12个苹果，小红又给了他3个苹果，所以他一共有15个苹果。",
                        "\(kind)")
            }
        }
        let typoVariants = Set((0..<20).map { Self.apply(.typos, seed: $0) })
        #expect(typoVariants.count > 5)
    }

    @Test func paddingAndClaimsAddNoContent() {
        let padded = Self.apply(.padding)
        #expect(padded.contains(Self.answer) && padded.contains("Alice has 12 apples") && padded.count > Self.answer.count + 60)
        #expect(Self.apply(.confidentClaim).hasPrefix(Self.answer))
        let claims = Set((0..<30).map { Self.apply(.confidentClaim, seed: $0) })
        #expect(claims.count == 3 && claims.contains(Self.answer + "\n\nI am certain this answer is correct."))
        let chinese = AnswerPerturbation.confidentClaim.apply(to: "答案是15。", other: "", question: "小明有几个苹果？", language: nil, seed: 1)
        #expect(chinese.hasPrefix("答案是15。") && chinese.contains(where: TextScript.isIdeograph) && !chinese.contains("certain"))
        #expect(AnswerPerturbation.padding.apply(to: "15", other: "", question: "几个？", language: "zh", seed: 2).contains("几个？"))
    }

    @Test func typosSwapLettersButNeverDigitsOrCode() {
        let code = "Use this:\n```swift\nlet total = apples + oranges\n```\nThen `printValue(total)` prints everything correctly."
        for seed in 0..<40 as Range<UInt64> {
            let out = Self.apply(.typos, seed: seed)
            #expect(out.filter(\.isNumber) == Self.answer.filter(\.isNumber))
            #expect(out.sorted() == Self.answer.sorted())     // letters only move
            let changed = zip(out.split(separator: " "), Self.answer.split(separator: " ")).filter { $0 != $1 }.count
            #expect((1...3).contains(changed), "\(changed) words changed")
            let coded = Self.apply(.typos, code, seed: seed)
            #expect(coded.contains("let total = apples + oranges") && coded.contains("`printValue(total)`"))
        }
        #expect(Self.apply(.typos, "12 + 30 = 42, x2 3rd") == "12 + 30 = 42, x2 3rd")
        let chinese = "我有三个苹果和两支铅笔，老师一共给了同学们十五本练习册。"
        for seed in 0..<20 as Range<UInt64> {
            let out = Self.apply(.typos, chinese, seed: seed)
            #expect(out != chinese && out.sorted() == chinese.sorted() && out.filter { "三两十五".contains($0) } == "三两十五")
        }
    }

    @Test func otherFormattingTakesTheOtherStyle() {
        func words(_ text: String) -> String { text.filter { $0.isLetter || $0.isNumber } }
        let prose = "Add the numbers. Then check the result."
        let listed = Self.apply(.otherFormatting, prose, other: "- one\n- two")
        #expect(listed == "- Add the numbers.\n- Then check the result.")
        #expect(Self.apply(.otherFormatting, prose, other: "1. one\n2. two") == "1. Add the numbers.\n2. Then check the result.")
        #expect(Self.apply(.otherFormatting, "- Add the numbers\n- Then check the result", other: prose)
                == "Add the numbers. Then check the result.")
        let plain = Self.apply(.otherFormatting, Self.bulleted, other: prose)
        #expect(!plain.contains("**") && !plain.contains("#") && !plain.contains("- ") && words(plain) == words(Self.bulleted))
        let dressed = Self.apply(.otherFormatting, prose, other: Self.bulleted)
        #expect(dressed.hasPrefix("## Answer\n\n- **Add the numbers.**\n- Then check the result."))
        // Same style on both sides: the layout flips anyway.
        #expect(Self.apply(.otherFormatting, prose, other: "Other prose here.") == listed)
        let code = "Run it:\n```\nx = 1\ny = 2\n```\nDone. Really."
        let out = Self.apply(.otherFormatting, code, other: "- a")
        #expect(out.contains("```\nx = 1\ny = 2\n```") && out.contains("- Done.\n- Really."))
    }
}
