import Foundation
import Testing
@testable import AssayKit

/// Metrics against values computed by hand (the computation is in each comment) or by an
/// independent brute force.
@Suite struct MetricsTests {
    func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance }

    @Test func accuracyAndSubsets() {
        let accuracy = Metrics.accuracy([true, false, true, true])
        #expect(accuracy.value == 0.75)
        #expect(accuracy.perItem == [1, 0, 1, 1])
        // Subset a: 3 of 4 correct (0.75); subset b: 0 of 1 (0).
        // Weighted: (0.75*4 + 0*1) / 5 = 0.6. Macro: (0.75 + 0) / 2 = 0.375.
        let subsets = Metrics.subsetAccuracy([("a", true), ("b", false), ("a", true), ("a", false), ("a", true)])
        #expect(subsets.weighted == 0.6)
        #expect(subsets.macro == 0.375)
        #expect(subsets.subsets.map(\.name) == ["a", "b"])
        #expect(subsets.subsets.map(\.count) == [4, 1])
    }

    @Test func perplexity() {
        // Corpus: exp(-(-2 + -6) / (2 + 3)) = e^1.6 = 4.95303242...; items: e^(2/2) and e^(6/3).
        let ppl = Metrics.perplexity(logLikelihoods: [-2, -6], tokenCounts: [2, 3])
        #expect(close(ppl.value, 4.953032424395115))
        #expect(close(ppl.perItem[0], 2.718281828459045))
        #expect(close(ppl.perItem[1], 7.38905609893065))
    }

    @Test func rougeEnglish() {
        // cand: the cat sat on the mat; ref: the cat lay on the mat (6 tokens each).
        // R1: overlap the×2, cat, on, mat = 5 -> P = R = 5/6 -> F = 5/6.
        // R2: cand bigrams {the cat, cat sat, sat on, on the, the mat}, shared: the cat, on the, the mat = 3/5.
        // RL: LCS "the cat on the mat" = 5 -> 5/6.
        let r = Metrics.rouge(candidate: "The cat sat on the mat.", reference: "the cat lay on the mat")
        #expect(close(r.rouge1, 5.0 / 6))
        #expect(close(r.rouge2, 0.6))
        #expect(close(r.rougeL, 5.0 / 6))
        // cand a b c d; ref a c e. R1: 2 shared, P = 2/4, R = 2/3, F = 2PR/(P+R) = 4/7.
        // R2: no shared bigram. RL: LCS "a c" = 2 -> 4/7.
        let s = Metrics.rouge(candidate: "a b c d", reference: "a c e")
        #expect(close(s.rouge1, 4.0 / 7))
        #expect(s.rouge2 == 0)
        #expect(close(s.rougeL, 4.0 / 7))
    }

    @Test func rougeChineseByCharacter() {
        // 今天天气很好 vs 今天天气不错: characters; R1 shared 今 天×2 气 = 4/6; R2 shared 今天 天天 天气 = 3/5;
        // RL: 今天天气 = 4/6.
        let r = Metrics.rouge(candidate: "今天天气很好", reference: "今天天气不错")
        #expect(close(r.rouge1, 4.0 / 6))
        #expect(close(r.rouge2, 3.0 / 5))
        #expect(close(r.rougeL, 4.0 / 6))
        #expect(MetricTokenizer.tokens("Hello, 世界 it's OK!") == ["hello", "世", "界", "it's", "ok"])
    }

    @Test func sentenceBLEUWithAddOneSmoothing() {
        // cand: the cat sat on the mat; ref: the cat lay on the mat.
        // p1 = 5/6; p2 = (3+1)/(5+1); p3: 1 shared trigram (on the mat) of 4 -> (1+1)/(4+1);
        // p4: 0 of 3 -> (0+1)/(3+1). BP = 1. BLEU = (5/6 · 4/6 · 2/5 · 1/4)^(1/4) = (1/18)^(1/4).
        let b = Metrics.sentenceBLEU(candidate: "the cat sat on the mat", references: ["the cat lay on the mat"])
        #expect(close(b.bleu, pow(1.0 / 18, 0.25)))
        #expect(close(b.precisions[1], 4.0 / 6))
        #expect(b.brevityPenalty == 1)
    }

    @Test func corpusBLEUWithBrevityPenalty() {
        // s1 identical (6 tokens): 6/6, 5/5, 4/4, 3/3. s2 "a dog runs" vs 5-token ref: 3/3, 2/2, 1/1, 0/0.
        // Corpus precisions all 1; c = 9, r = 11 -> BP = exp(1 - 11/9) = exp(-2/9).
        let candidates = ["the cat sat on the mat", "a dog runs"]
        let references = [["the cat sat on the mat"], ["a dog runs fast today"]]
        let corpus = Metrics.corpusBLEU(candidates: candidates, references: references)
        #expect(close(corpus.bleu, exp(-2.0 / 9)))
        #expect(corpus.candidateLength == 9 && corpus.referenceLength == 11)
        // Sentence BLEU of s2: p1 = 1, smoothed p2..p4 = (2+1)/(2+1), (1+1)/(1+1), (0+1)/(0+1) = 1; BP = exp(1 - 5/3).
        let value = Metrics.bleu(candidates: candidates, references: references)
        #expect(close(value.perItem[0], 1))
        #expect(close(value.perItem[1], exp(-2.0 / 3)))
        // No shared unigram: corpus BLEU is 0 (no smoothing).
        #expect(Metrics.corpusBLEU(candidates: ["x y z w"], references: [["a b c d"]]).bleu == 0)
        // Closest reference length, the shorter on a tie: lengths 2 and 4 for a 3-token candidate -> 2.
        #expect(Metrics.sentenceBLEU(candidate: "a b c", references: ["a b c d", "a b"]).referenceLength == 2)
    }

    @Test func passAtKByHand() {
        // n=5, c=2, k=2: 1 - C(3,2)/C(5,2) = 1 - 3/10.
        #expect(close(Metrics.passAtK(n: 5, correct: 2, k: 2), 0.7))
        #expect(close(Metrics.passAtK(n: 10, correct: 3, k: 1), 0.3))
        #expect(Metrics.passAtK(n: 4, correct: 3, k: 2) == 1)
        #expect(Metrics.passAtK(n: 4, correct: 0, k: 2) == 0)
        let mean = Metrics.passAtK([(5, 2), (10, 3)], k: 1)
        #expect(close(mean.value, (0.4 + 0.3) / 2))
    }

    @Test func passAtKAgainstBruteForceAndLogGamma() {
        // Brute force: the share of k-subsets of n samples that hold at least one of the c correct ones.
        for (n, c, k) in [(6, 2, 3), (7, 1, 2), (8, 3, 4), (5, 4, 1)] {
            var hit = 0, total = 0
            for mask in 0..<(1 << n) where mask.nonzeroBitCount == k {
                total += 1
                if mask & ((1 << c) - 1) != 0 { hit += 1 }
            }
            #expect(close(Metrics.passAtK(n: n, correct: c, k: k), Double(hit) / Double(total)), "n=\(n) c=\(c) k=\(k)")
        }
        // Large n, where the binomials overflow: log C(n-c, k) - log C(n, k) through lgamma.
        func logChoose(_ n: Int, _ k: Int) -> Double { lgamma(Double(n + 1)) - lgamma(Double(k + 1)) - lgamma(Double(n - k + 1)) }
        let expected = 1 - exp(logChoose(190, 100) - logChoose(200, 100))
        #expect(close(Metrics.passAtK(n: 200, correct: 10, k: 100), expected, 1e-9))
    }
}
