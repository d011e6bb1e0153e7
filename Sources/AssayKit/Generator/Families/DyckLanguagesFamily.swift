/// Completing bracket sequences: a prefix of a well-nested sequence over ( ) [ ] { } < >, and
/// the answer is the shortest closing suffix ("] )"), found with a stack.
public struct DyckLanguagesFamily: ItemFamily {
    public let name = "dyck-languages"
    public let summary = "close the open brackets of a sequence over () [] {} <>"
    public let language = "en"
    public let levels: ClosedRange<Int> = 1...3
    public let knobs = [
        FamilyKnob(name: "pairs", summary: "bracket pairs in the full sequence", valuesByLevel: [5, 8, 12]),
        FamilyKnob(name: "max-depth", summary: "deepest nesting", valuesByLevel: [3, 5, 8]),
    ]

    static let opening: [Character] = ["(", "[", "{", "<"]
    static let closing: [Character: Character] = ["(": ")", "[": "]", "{": "}", "<": ">"]

    public init() {}

    public func draft(level: Int, slot: Int, using rng: inout SeededGenerator) -> FamilyDraft {
        let pairs = knob("pairs", at: level)
        let maxDepth = knob("max-depth", at: level)
        var sequence: [Character] = []
        var stack: [Character] = []
        var opened = 0
        while opened < pairs || !stack.isEmpty {
            let mustClose = opened == pairs || stack.count == maxDepth
            if !mustClose && (stack.isEmpty || rng.chance(0.55)) {
                let bracket = rng.pick(Self.opening)!
                stack.append(bracket)
                sequence.append(bracket)
                opened += 1
            } else {
                sequence.append(Self.closing[stack.removeLast()]!)
            }
        }
        // Cut where at least one bracket is open; the answer closes what is open there.
        var open: [Character] = []
        var cuts: [(Int, [Character])] = []
        for (index, bracket) in sequence.enumerated() {
            if Self.closing[bracket] != nil { open.append(bracket) } else { open.removeLast() }
            if !open.isEmpty { cuts.append((index + 1, open)) }
        }
        let (cut, unclosed) = rng.pick(cuts)!
        let closers = unclosed.reversed().map { Self.closing[$0]! }
        let answer = closers.map(String.init).joined(separator: " ")
        var wrongType = closers
        wrongType[0] = Self.closing[Self.opening.first { Self.closing[$0] != closers[0] }!]!
        var distractors = [wrongType, closers.reversed(), closers + [closers.last!]]
        if closers.count > 1 { distractors.insert(Array(closers.dropLast()), at: 1) }
        return FamilyDraft(
            question: "Complete the rest of the sequence, making sure that the brackets are closed properly. "
                + "Answer with the missing closing brackets only, separated by spaces. Input: "
                + sequence[..<cut].map(String.init).joined(separator: " "),
            answer: answer,
            solution: "Still open, innermost last: \(unclosed.map(String.init).joined(separator: " ")); close them in reverse order.",
            distractors: distractors.map { $0.map(String.init).joined(separator: " ") })
    }
}
