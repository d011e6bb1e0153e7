import Foundation
import Testing
@testable import AssayKit

/// The one-pass statistics against a direct Double computation written out here.
@Suite struct LogitStatisticsTests {
    struct Reference {
        var logProbs: [Double]
        var expected: Double
        var variance: Double
    }

    func reference(_ logits: [Float]) -> Reference {
        let values = logits.map(Double.init)
        let m = values.max()!
        let lse = m + log(values.map { exp($0 - m) }.reduce(0, +))
        let logProbs = values.map { $0 - lse }
        let probs = logProbs.map(exp)
        let expected = zip(probs, logProbs).map { $0 * $1 }.reduce(0, +)
        let variance = zip(probs, logProbs).map { $0 * ($1 - expected) * ($1 - expected) }.reduce(0, +)
        return Reference(logProbs: logProbs, expected: expected, variance: variance)
    }

    @Test(arguments: [5, 8, 37, 1000, 49152])
    func matchesDirectComputation(size: Int) {
        var g = SeededGenerator(seed: UInt64(size))
        let logits = (0..<size).map { _ in Float(g.unitDouble() * 30 - 15) }
        let ref = reference(logits)
        logits.withUnsafeBufferPointer { buffer in
            let summary = LogitStatistics.summarize(buffer)
            #expect(abs(summary.expectedLogProb - ref.expected) < 1e-4)
            #expect(abs(summary.varianceLogProb - ref.variance) < 1e-3)
            for token in [0, size / 2, size - 1] {
                let score = LogitStatistics.score(token: Int32(token), logits: buffer, summary: summary)
                #expect(abs(score.logProb - ref.logProbs[token]) < 1e-4)
                let rank = 1 + logits.filter { $0 > logits[token] }.count
                #expect(score.rank.map(Int.init) == rank)
                #expect(score.greedyToken.map(Int.init) == logits.firstIndex(of: logits.max()!)!)
            }
        }
    }

    @Test func handComputedTwoTokenCase() {
        // logits (0, ln 3): p = (1/4, 3/4); log p = (ln 1/4, ln 3/4).
        let logits: [Float] = [0, Float(log(3.0))]
        logits.withUnsafeBufferPointer { buffer in
            let summary = LogitStatistics.summarize(buffer)
            let s0 = LogitStatistics.score(token: 0, logits: buffer, summary: summary)
            #expect(abs(s0.logProb - log(0.25)) < 1e-6)
            #expect(s0.rank == 2)
            #expect(s0.greedyToken == 1)
            let expected = 0.25 * log(0.25) + 0.75 * log(0.75)
            #expect(abs(summary.expectedLogProb - expected) < 1e-6)
            // Var of log p: values ln(1/4), ln(3/4) with weights 1/4, 3/4 → p(1-p)(ln 3)^2.
            #expect(abs(summary.varianceLogProb - 0.25 * 0.75 * pow(log(3.0), 2)) < 1e-5)
        }
    }

    @Test func extremeLogitsStayFinite() {
        var logits = [Float](repeating: -1000, count: 64)
        logits[3] = 50
        logits.withUnsafeBufferPointer { buffer in
            let summary = LogitStatistics.summarize(buffer)
            let top = LogitStatistics.score(token: 3, logits: buffer, summary: summary)
            #expect(abs(top.logProb) < 1e-6)
            #expect(top.rank == 1)
            #expect(summary.varianceLogProb.isFinite && summary.expectedLogProb.isFinite)
        }
    }

    @Test func vectorExpIsAccurate() {
        for start in stride(from: -80.0 as Float, to: 0, by: 0.37) {
            let x = SIMD8<Float>((0..<8).map { start + Float($0) * 0.041 })
            let y = LogitStatistics.expNonPositive(x)
            for i in 0..<8 where x[i] <= 0 {
                let exact = exp(Double(x[i]))
                #expect(abs(Double(y[i]) - exact) <= 2e-6 * exact + 1e-37)
            }
        }
    }
}
