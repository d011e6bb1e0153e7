/// Integer sequences with a rule (arithmetic, geometric, Fibonacci-like, quadratic,
/// interleaved); the answer is the next term. A draft is kept only when every rule of the
/// family that fits the shown terms predicts the same next term, so the answer is unique.
public struct NumberSequencesFamily: ItemFamily {
    public let name = "number-sequences"
    public let summary = "the next term of an arithmetic, geometric, Fibonacci-like, quadratic or interleaved sequence"
    public let language = "en"
    public let levels: ClosedRange<Int> = 1...3
    public let knobs = [
        FamilyKnob(name: "terms", summary: "terms shown", valuesByLevel: [5, 6, 7]),
        FamilyKnob(name: "rules", summary: "rule kinds drawn from (2 = arithmetic, geometric; 4 adds Fibonacci-like "
                   + "and quadratic; 5 adds interleaved)", valuesByLevel: [2, 4, 5]),
    ]

    public init() {}

    /// The next term under every rule kind that fits `terms` (rules that do not fit add nothing).
    static func predictions(_ terms: [Int]) -> [Int] {
        let n = terms.count
        let diffs = zip(terms.dropFirst(), terms).map { $0 - $1 }
        let second = zip(diffs.dropFirst(), diffs).map { $0 - $1 }
        var next: [Int] = []
        if Set(diffs).count == 1 { next.append(terms[n - 1] + diffs[0]) }
        if terms[0] != 0, terms[1] % terms[0] == 0 {
            let r = terms[1] / terms[0]
            if zip(terms.dropFirst(), terms).allSatisfy({ $0 == $1 * r }) { next.append(terms[n - 1] * r) }
        }
        if (2..<n).allSatisfy({ terms[$0] == terms[$0 - 1] + terms[$0 - 2] }) { next.append(terms[n - 1] + terms[n - 2]) }
        if Set(second).count == 1 { next.append(terms[n - 1] + diffs[n - 2] + second[0]) }
        let evenStep = terms[2] - terms[0], oddStep = terms[3] - terms[1]
        if (2..<n).allSatisfy({ terms[$0] - terms[$0 - 2] == ($0 % 2 == 0 ? evenStep : oddStep) }) {
            next.append(terms[n - 2] + (n % 2 == 0 ? evenStep : oddStep))
        }
        return next
    }

    public func draft(level: Int, slot: Int, using rng: inout SeededGenerator) -> FamilyDraft {
        let count = knob("terms", at: level)
        while true {
            var terms: [Int]
            let rule: String
            let kind = rng.int(in: 0..<knob("rules", at: level))
            switch kind {
            case 0:
                let a = rng.int(in: -100...300), d = rng.int(in: -30...30)
                terms = (0...count).map { a + d * $0 }
                rule = "each term adds \(d) to the one before"
            case 1:
                let a = rng.int(in: 1...99) * (rng.chance(0.2) ? -1 : 1), r = rng.int(in: 2...5) * (rng.chance(0.2) ? -1 : 1)
                terms = [a]
                for _ in 0..<count { terms.append(terms.last! * r) }
                rule = "each term is \(r) times the one before"
            case 2:
                terms = [rng.int(in: 1...12), rng.int(in: 1...12)]
                while terms.count <= count { terms.append(terms[terms.count - 1] + terms[terms.count - 2]) }
                rule = "each term is the sum of the two before it"
            case 3:
                let a = rng.int(in: -10...20), b = rng.int(in: -5...10), c = rng.int(in: 1...4)
                terms = (0...count).map { a + b * $0 + c * $0 * $0 }
                rule = "the differences between terms grow by \(2 * c) each step"
            default:
                let a = rng.int(in: 1...30), b = rng.int(in: 1...30), d = rng.int(in: 2...9), e = rng.int(in: -9...(-1))
                terms = (0...count).map { $0 % 2 == 0 ? a + d * ($0 / 2) : b + e * ($0 / 2) }
                rule = "two interleaved sequences: the 1st, 3rd, ... terms add \(d), the 2nd, 4th, ... add \(e)"
            }
            let shown = Array(terms.prefix(count)), answer = terms[count]
            let predicted = Self.predictions(shown)
            guard !predicted.isEmpty, predicted.allSatisfy({ $0 == answer }), Set(shown).count > 2 else { continue }
            let step = shown[count - 1] - shown[count - 2]
            let wrong = [shown[count - 1] + step, answer + 1, answer - 1, answer + step, answer * 2]
            return FamilyDraft(
                question: "What is the next number in the sequence? Answer with an integer: "
                    + shown.map(String.init).joined(separator: ", ") + ", ...",
                answer: String(answer), solution: "The rule: \(rule); the next term is \(answer).",
                distractors: wrong.map(String.init))
        }
    }
}
