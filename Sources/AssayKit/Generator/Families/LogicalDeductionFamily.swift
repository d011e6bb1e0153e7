/// Ordering puzzles: 3, 5 or 7 people in a row, clues about their places, and the question who
/// stands at one place. The generator draws true clues about a hidden order and keeps adding
/// them until brute force over all orders leaves exactly one, so the answer is unique.
public struct LogicalDeductionFamily: ItemFamily {
    public let name = "logical-deduction"
    public let summary = "who stands at a given place in a row of 3/5/7 people, deduced from clues"
    public let language = "en"
    public let levels: ClosedRange<Int> = 1...3
    public let knobs = [FamilyKnob(name: "people", summary: "people in the row", valuesByLevel: [3, 5, 7])]
    public var maxChoices: Int { 7 }

    public init() {}

    static let ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"]
    static let countWords = [3: "Three", 5: "Five", 7: "Seven"]

    /// A clue about the places (0-based from the left) of people given by index.
    enum Clue: Hashable {
        case leftOf(Int, Int)
        case rightOf(Int, Int)
        case immediatelyLeftOf(Int, Int)
        case place(Int, Int)

        /// Whether the clue holds for an order packed as 3 bits of place per person.
        func holds(_ order: UInt32) -> Bool {
            func at(_ person: Int) -> UInt32 { (order >> (3 * UInt32(person))) & 7 }
            switch self {
            case .leftOf(let a, let b): return at(a) < at(b)
            case .rightOf(let a, let b): return at(a) > at(b)
            case .immediatelyLeftOf(let a, let b): return at(a) + 1 == at(b)
            case .place(let a, let p): return at(a) == UInt32(p)
            }
        }

        func text(names: [String], count: Int) -> String {
            switch self {
            case .leftOf(let a, let b): return "\(names[a]) is somewhere to the left of \(names[b])."
            case .rightOf(let a, let b): return "\(names[a]) is somewhere to the right of \(names[b])."
            case .immediatelyLeftOf(let a, let b): return "\(names[a]) is immediately to the left of \(names[b])."
            case .place(let a, let p):
                if p == 0 { return "\(names[a]) is the leftmost." }
                if p == count - 1 { return "\(names[a]) is the rightmost." }
                return p < count / 2 ? "\(names[a]) is the \(ordinals[p]) from the left."
                                     : "\(names[a]) is the \(ordinals[count - 1 - p]) from the right."
            }
        }
    }

    /// Every order of `n` people, each packed as person k's place in bits 3k..<3k+3.
    static let orders: [Int: [UInt32]] = Dictionary(uniqueKeysWithValues: [3, 5, 7].map { n in
        var packed: [UInt32] = []
        func extend(_ prefix: [UInt32]) {
            if prefix.count == n {
                packed.append(prefix.enumerated().reduce(0) { $0 | ($1.element << (3 * UInt32($1.offset))) })
                return
            }
            for p in 0..<UInt32(n) where !prefix.contains(p) { extend(prefix + [p]) }
        }
        extend([])
        return (n, packed)
    })

    public func draft(level: Int, slot: Int, using rng: inout SeededGenerator) -> FamilyDraft {
        let n = knob("people", at: level)
        let names = rng.sample(FamilyVocabulary.names, count: n)
        let places = rng.shuffled((0..<n).map { Int8($0) })       // places[person]
        let asked = rng.int(in: 0..<n)
        var survivors = Self.orders[n]!
        var clues: [Clue] = []
        while survivors.count > 1 {
            let clue = randomTrueClue(places: places, asked: asked, n: n, level: level, using: &rng)
            let kept = survivors.filter(clue.holds)
            if kept.count < survivors.count {
                survivors = kept
                clues.append(clue)
            }
        }
        let byPlace = (0..<n).sorted { places[$0] < places[$1] }
        let answer = names[byPlace[asked]]
        let question = "\(Self.countWords[n]!) people stand in a row. Their names are "
            + names.dropLast().joined(separator: ", ") + " and \(names.last!). "
            + clues.map { $0.text(names: names, count: n) }.joined(separator: " ")
            + " Who is the \(Self.ordinals[asked]) from the left?"
        return FamilyDraft(question: question, answer: answer,
                           solution: "From left to right: " + byPlace.map { names[$0] }.joined(separator: ", ") + ".",
                           distractors: byPlace.filter { $0 != byPlace[asked] }.map { names[$0] })
    }

    /// A clue true of `places`; never one that names the asked place outright.
    private func randomTrueClue(places: [Int8], asked: Int, n: Int, level: Int, using rng: inout SeededGenerator) -> Clue {
        while true {
            let pair = rng.sample(Array(0..<n), count: 2)
            let (a, b) = (pair[0], pair[1])
            switch rng.int(in: 0...3) {
            case 0: if places[a] < places[b] { return .leftOf(a, b) } else { return .leftOf(b, a) }
            case 1: if places[a] > places[b] { return .rightOf(a, b) } else { return .rightOf(b, a) }
            case 2 where level >= 2:
                if places[a] + 1 == places[b] { return .immediatelyLeftOf(a, b) }
            default:
                if Int(places[a]) != asked { return .place(a, Int(places[a])) }
            }
        }
    }
}
