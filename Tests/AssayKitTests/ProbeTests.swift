import Foundation
import Testing
@testable import AssayKit

@Suite struct NGramAccuracyTests {
    /// Scored tokens 0..<count whose greedy token is the true token except at `misses`.
    func scores(count: Int, misses: Set<Int>) -> [TokenScore] {
        (0..<count).map { index in
            TokenScore(token: Int32(index), logProb: -1, greedyToken: misses.contains(index) ? -1 : Int32(index),
                       rank: misses.contains(index) ? 2 : 1, distribution: DistributionMoments(expectedLogProb: -1, varianceLogProb: 0))
        }
    }

    @Test func pointsAreEvenlySpacedAndLeaveAFullNGram() {
        // 26 tokens, n = 5: starts span 1...21, five points 1, 6, 11, 16, 21.
        #expect(NGramAccuracy.starts(count: 26) == [1, 6, 11, 16, 21])
        #expect(NGramAccuracy.starts(count: 26, points: 1) == [1])
        // 8 tokens: only 1...3 exist; duplicates are dropped.
        #expect(NGramAccuracy.starts(count: 8) == [1, 2, 3])
        #expect(NGramAccuracy.starts(count: 6) == [1])
        #expect(NGramAccuracy.starts(count: 5).isEmpty)
    }

    @Test func accuracyIsTheShareOfExactNGrams() throws {
        #expect(NGramAccuracy.accuracy(scores(count: 26, misses: [])) == 1)
        // A miss at 0 is before every point; at 5 just outside the first n-gram (1...5 is
        // inside, 6...10 the second): misses at 3 and 10 spoil points one and two.
        #expect(NGramAccuracy.accuracy(scores(count: 26, misses: [0])) == 1)
        #expect(NGramAccuracy.accuracy(scores(count: 26, misses: [3, 10])) == 0.6)
        #expect(NGramAccuracy.accuracy(scores(count: 26, misses: [25])) == 0.8)
        #expect(NGramAccuracy.accuracy(scores(count: 5, misses: [])) == nil)
        let signals = try #require(LikelihoodSignals(text: "x", tokens: scores(count: 26, misses: [11])))
        #expect(signals.ngramAccuracy == 0.8)
    }
}

@Suite struct GenerationProbeTests {
    let item = BenchmarkItem(id: "q1", question: "Which is a fruit?", choices: ["stone", "apple", "chair", "cloud"], answer: "B")

    @Test func optionGuessingHidesAWrongOptionChosenBySeed() throws {
        var hidden: Set<String> = []
        for seed in UInt64(0)..<40 {
            let mask = try #require(GenerationProbes.optionMask(item, key: "item:q1", seed: seed))
            #expect(mask.label != "B")
            #expect(mask.prompt.contains("\(mask.label). [MASK]"))
            #expect(!mask.prompt.contains(mask.option))
            #expect(mask.prompt.contains("B. apple"))
            #expect(mask.prompt.hasSuffix("Option \(mask.label):"))
            #expect(item.choices![BenchmarkItem.labels(count: 4).firstIndex(of: mask.label)!] == mask.option)
            hidden.insert(mask.label)
            // Same seed and key, same mask.
            #expect(GenerationProbes.optionMask(item, key: "item:q1", seed: seed)! == mask)
        }
        #expect(hidden == ["A", "C", "D"])
    }

    @Test func optionGuessingNeedsThreeOptionsAndAGold() {
        var two = item
        two.choices = ["stone", "apple"]
        #expect(GenerationProbes.optionMask(two, key: "k", seed: 0) == nil)
        var noGold = item
        noGold.answer = "Z"
        #expect(GenerationProbes.optionMask(noGold, key: "k", seed: 0) == nil)
        let open = BenchmarkItem(id: "q2", question: "2 + 2?", answer: "4")
        #expect(GenerationProbes.optionMask(open, key: "k", seed: 0) == nil)
    }

    @Test func rawValuesInvertTheOrientation() throws {
        let signals = LikelihoodSignals(tokens: 9, perplexity: 7.5, minK: -4.25, minKPlusPlus: -1.5, zlibRatio: 0.03,
                                        lowercaseRatio: 0.9, referenceRatio: 1.1, ngramAccuracy: 0.4)
        var probed = signals
        probed.completionRougeL = 0.35
        probed.optionGuessing = 1
        for signal in AuditSignal.allCases {
            let familiarity = try #require(signal.familiarity(probed))
            #expect(abs(signal.raw(fromFamiliarity: familiarity) - signal.raw(probed)!) < 1e-12, "\(signal)")
        }
    }
}
