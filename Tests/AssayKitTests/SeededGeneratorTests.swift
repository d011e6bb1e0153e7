import Testing
@testable import AssayKit

@Suite struct SeededGeneratorTests {
    @Test func sameSeedSameSequence() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 42)
        for _ in 0..<1000 { #expect(a.next() == b.next()) }
    }

    @Test func differentSeedsAndStreamsDiffer() {
        var a = SeededGenerator(seed: 42)
        var b = SeededGenerator(seed: 43)
        var c = SeededGenerator(seed: 42, stream: 1)
        let x = (0..<8).map { _ in a.next() }
        #expect(x != (0..<8).map { _ in b.next() })
        #expect(x != (0..<8).map { _ in c.next() })
    }

    /// Pins the exact output so a change of algorithm (which would change every generated
    /// set) cannot go unnoticed. Reference values from an independent Python transcription of
    /// xoshiro256** seeded by SplitMix64(0).
    @Test func pinnedOutput() {
        var g = SeededGenerator(seed: 0)
        #expect([g.next(), g.next(), g.next()] == [11091344671253066420, 13793997310169335082, 1900383378846508768])
    }

    @Test func intStaysInRangeAndCoversIt() {
        var g = SeededGenerator(seed: 7)
        var seen = Set<Int>()
        for _ in 0..<2000 {
            let v = g.int(in: -3...3)
            #expect((-3...3).contains(v))
            seen.insert(v)
        }
        #expect(seen.count == 7)
    }

    @Test func uniformityIsRoughlyFlat() {
        var g = SeededGenerator(seed: 11)
        var counts = [Int](repeating: 0, count: 10)
        for _ in 0..<100_000 { counts[g.int(in: 0..<10)] += 1 }
        for c in counts { #expect(abs(c - 10_000) < 500) }
    }

    @Test func shuffleIsAPermutationAndDeterministic() {
        var g1 = SeededGenerator(seed: 5)
        var g2 = SeededGenerator(seed: 5)
        let base = Array(0..<50)
        let s1 = g1.shuffled(base)
        #expect(s1.sorted() == base)
        #expect(s1 != base)
        #expect(s1 == g2.shuffled(base))
    }

    @Test func sampleGivesDistinctElements() {
        var g = SeededGenerator(seed: 9)
        let s = g.sample(Array(0..<20), count: 10)
        #expect(Set(s).count == 10)
    }

    @Test func unitDoubleInRange() {
        var g = SeededGenerator(seed: 3)
        for _ in 0..<1000 {
            let d = g.unitDouble()
            #expect(d >= 0 && d < 1)
        }
    }
}
