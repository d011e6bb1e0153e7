import Foundation
import Testing
@testable import AssayKit

@Suite struct TokenSamplerTests {
    let logits: [Float] = [1.0, 3.0, 2.0, 0.5, 2.5, -1.0]

    func draw(_ parameters: SamplingParameters, times: Int) -> [Int32: Int] {
        var g = SeededGenerator(seed: parameters.seed)
        var counts: [Int32: Int] = [:]
        logits.withUnsafeBufferPointer { buffer in
            for _ in 0..<times {
                counts[TokenSampler.sample(buffer, parameters: parameters, argmax: 1, using: &g), default: 0] += 1
            }
        }
        return counts
    }

    @Test func greedyAndTopOneAreArgmax() {
        #expect(draw(.greedy, times: 20) == [1: 20])
        #expect(draw(SamplingParameters(temperature: 1, topK: 1), times: 20) == [1: 20])
    }

    @Test func topKRestrictsTheSupport() {
        let counts = draw(SamplingParameters(temperature: 1, topK: 2, seed: 4), times: 2000)
        #expect(Set(counts.keys) == [1, 4])
    }

    @Test func topPKeepsTheSmallestNucleus() {
        // Softmax of the logits: p(1) ≈ 0.41, p(4) ≈ 0.25, p(2) ≈ 0.15 ... top-p 0.6 keeps {1, 4}.
        let counts = draw(SamplingParameters(temperature: 1, topK: 0, topP: 0.6, seed: 5), times: 2000)
        #expect(Set(counts.keys) == [1, 4])
    }

    @Test func nucleusOverALargeVocabularyNeedsNoFullSort() {
        // 1,000 equal logits: top-p 0.5 keeps exactly the first 500 tokens (ties by id), which
        // takes the candidate search past its first rounds of 64 and 256.
        let flat = [Float](repeating: 0, count: 1000)
        var g = SeededGenerator(seed: 12)
        var seen = Set<Int32>()
        flat.withUnsafeBufferPointer { buffer in
            for _ in 0..<5000 {
                seen.insert(TokenSampler.sample(buffer, parameters: SamplingParameters(temperature: 1, topK: 0, topP: 0.5), argmax: 0, using: &g))
            }
        }
        #expect(seen.allSatisfy { $0 < 500 })
        #expect(seen.count > 450)
        // A peaked distribution: the nucleus is found among the first 64 candidates.
        var peaked = [Float](repeating: -10, count: 5000)
        peaked[4321] = 10
        peaked.withUnsafeBufferPointer { buffer in
            #expect(TokenSampler.sample(buffer, parameters: SamplingParameters(temperature: 1, topK: 0, topP: 0.9), argmax: 4321, using: &g) == 4321)
        }
    }

    @Test func frequenciesFollowTheSoftmax() {
        let n = 40_000
        let counts = draw(SamplingParameters(temperature: 1, topK: 0, topP: 1, seed: 6), times: n)
        let weights = logits.map { exp(Double($0)) }
        let total = weights.reduce(0, +)
        for (token, weight) in weights.enumerated() {
            let expected = weight / total
            let observed = Double(counts[Int32(token), default: 0]) / Double(n)
            #expect(abs(observed - expected) < 0.01, "token \(token)")
        }
    }

    @Test func temperatureSharpens() {
        let cold = draw(SamplingParameters(temperature: 0.2, topK: 0, seed: 8), times: 2000)[1, default: 0]
        let hot = draw(SamplingParameters(temperature: 2, topK: 0, seed: 8), times: 2000)[1, default: 0]
        #expect(cold > hot + 500)
    }

    @Test func sameSeedSameDraws() {
        let p = SamplingParameters(temperature: 0.8, topK: 4, topP: 0.9, seed: 99)
        #expect(draw(p, times: 500) == draw(p, times: 500))
    }

    @Test func truncateOrdersByLogitThenId() {
        let tied: [Float] = [1, 2, 2, 0]
        tied.withUnsafeBufferPointer { buffer in
            #expect(TokenSampler.truncate(buffer, topK: 3, sorted: true) == [1, 2, 0])
            #expect(TokenSampler.truncate(buffer, topK: 0, sorted: true) == [1, 2, 0, 3])
        }
    }
}

@Suite struct StopMatcherTests {
    @Test func findsEarliestStopAcrossPieces() {
        let matcher = StopMatcher(["\n\n", "###"])
        #expect(matcher.firstMatch(in: Array("abc".utf8), checkedUpTo: 0) == nil)
        #expect(matcher.firstMatch(in: Array("abc\n".utf8), checkedUpTo: 3) == nil)
        #expect(matcher.firstMatch(in: Array("abc\n\nmore".utf8), checkedUpTo: 4) == 3)
        #expect(matcher.firstMatch(in: Array("x###y\n\n".utf8), checkedUpTo: 0) == 1)
    }

    @Test func emptyStopsNeverMatch() {
        #expect(StopMatcher([""]).firstMatch(in: Array("abc".utf8), checkedUpTo: 0) == nil)
    }
}

@Suite struct UTF8BoundaryTests {
    @Test func anIncompleteLastCharacterIsDropped() {
        let text = Array("ab中é😀".utf8)   // 1 + 1 + 3 + 2 + 4 bytes
        // Every cut point: the kept length is the longest prefix that decodes without U+FFFD.
        for cut in 0...text.count {
            let kept = UTF8Boundary.completeLength(text[..<cut])
            let expected = (0...cut).last { String(validating: text[..<$0], as: UTF8.self) != nil }!
            #expect(kept == expected, "cut \(cut)")
        }
        #expect(UTF8Boundary.completeLength([0x80][...]) == 1)   // a stray continuation byte is not ours to judge
    }
}
