import Foundation
import Testing
@testable import AssayKit

@Suite struct LikelihoodSignalsTests {
    /// log p = -1...-5; mu = -2 everywhere; variances 4, 4, 1, 1, 0.
    /// Standardized: 0.5, 0, -1, -2, and 0 for the zero-variance position.
    let scores: [TokenScore] = zip([-1.0, -2, -3, -4, -5], [4.0, 4, 1, 1, 0]).enumerated().map { index, pair in
        TokenScore(token: Int32(index), logProb: pair.0, greedyToken: 0, rank: 1, distribution: DistributionMoments(expectedLogProb: -2, varianceLogProb: pair.1))
    }

    @Test func perplexityIsExpOfMinusMeanLogProb() throws {
        let ppl = try #require(LikelihoodSignals.perplexity(scores))
        #expect(abs(ppl - 20.085536923187668) < 1e-9)   // e^3
        #expect(LikelihoodSignals.perplexity([]) == nil)
    }

    @Test func minKAveragesTheLowestShare() {
        let values = scores.map(\.logProb)
        #expect(LikelihoodSignals.minK(values, fraction: 0.2) == -5)      // ceil(1.0) = 1 token
        #expect(LikelihoodSignals.minK(values, fraction: 0.4) == -4.5)    // -5, -4
        #expect(LikelihoodSignals.minK(values, fraction: 0.3) == -4.5)    // ceil(1.5) = 2
        #expect(LikelihoodSignals.minK(values, fraction: 1) == -3)
        #expect(LikelihoodSignals.minK([-7], fraction: 0.01) == -7)       // at least one token
    }

    @Test func minKPlusPlusNeedsTheDistribution() {
        var served = scores
        served[2].distribution = nil
        #expect(LikelihoodSignals.minKPlusPlus(served) == nil)
        #expect(LikelihoodSignals(text: "a served model's text", tokens: served)?.minKPlusPlus == nil)
    }

    @Test func minKPlusPlusStandardizesByTheModelsDistribution() {
        #expect(LikelihoodSignals.minKPlusPlus(scores, fraction: 0.2) == -2)
        #expect(LikelihoodSignals.minKPlusPlus(scores, fraction: 0.4) == -1.5)
        #expect(LikelihoodSignals.minKPlusPlus(scores, fraction: 1) == -0.5)   // (0.5 + 0 - 1 - 2 + 0) / 5
    }

    @Test func compressedLengthMatchesZlib() {
        // Lengths from Python's zlib.compress(text, 9).
        #expect(LikelihoodSignals.compressedLength("a") == 9)
        #expect(LikelihoodSignals.compressedLength(String(repeating: "a", count: 1000)) == 17)
        #expect(LikelihoodSignals.compressedLength("The cat sat on the mat. The cat sat on the mat.") == 32)
    }

    @Test func signalsOfAText() throws {
        let signals = try #require(LikelihoodSignals(text: "a", tokens: scores))
        #expect(signals.tokens == 5)
        #expect(abs(signals.zlibRatio - 3.0 / 9) < 1e-12)
        #expect(signals.minK == -5)
        #expect(signals.minKPlusPlus == -2)
        #expect(LikelihoodSignals(text: "", tokens: []) == nil)
    }

    @Test func logRatios() throws {
        let ratio = try #require(LikelihoodSignals.logRatio(exp(2), over: exp(4)))
        #expect(abs(ratio - 0.5) < 1e-12)
        #expect(LikelihoodSignals.logRatio(5, over: 1) == nil)
        #expect(LikelihoodSignals.logRatio(5, over: nil) == nil)
    }

    @Test func orientationMakesFamiliarHigher() throws {
        var familiar = LikelihoodSignals(tokens: 5, perplexity: 2, minK: -1, minKPlusPlus: 0, zlibRatio: 0.01,
                                         lowercaseRatio: 0.5, referenceRatio: 0.5, ngramAccuracy: 0.8)
        familiar.completionRougeL = 0.9
        familiar.optionGuessing = 1
        var strange = LikelihoodSignals(tokens: 5, perplexity: 50, minK: -6, minKPlusPlus: -2, zlibRatio: 0.1,
                                        lowercaseRatio: 1.5, referenceRatio: 1.5, ngramAccuracy: 0)
        strange.completionRougeL = 0.1
        strange.optionGuessing = 0
        for signal in AuditSignal.allCases {
            let high = try #require(signal.familiarity(familiar)), low = try #require(signal.familiarity(strange))
            #expect(high > low, "\(signal)")
        }
    }
}
