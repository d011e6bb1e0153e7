/// Tracking swaps: 3, 5 or 7 people each hold a coloured object, pairs of them swap in turn,
/// and the question asks what one person holds at the end ("green ball").
public struct TrackingShuffledObjectsFamily: ItemFamily {
    public let name = "tracking-shuffled-objects"
    public let summary = "what one of 3/5/7 people holds after a sequence of pairwise swaps"
    public let language = "en"
    public let levels: ClosedRange<Int> = 1...3
    public let knobs = [
        FamilyKnob(name: "people", summary: "people, and objects", valuesByLevel: [3, 5, 7]),
        FamilyKnob(name: "swaps", summary: "swaps in the sequence", valuesByLevel: [3, 5, 7]),
    ]
    public var maxChoices: Int { 7 }

    static let nouns = [("ball", "balls"), ("book", "books"), ("hat", "hats"), ("scarf", "scarves"), ("kite", "kites"),
                         ("mug", "mugs"), ("umbrella", "umbrellas")]

    public init() {}

    public func draft(level: Int, slot: Int, using rng: inout SeededGenerator) -> FamilyDraft {
        let n = knob("people", at: level)
        let names = rng.sample(FamilyVocabulary.names, count: n)
        let (noun, nouns) = rng.pick(Self.nouns)!
        let objects = rng.sample(FamilyVocabulary.colors, count: n).map { "\($0) \(noun)" }
        var holding = Array(0..<n)                       // holding[person] = object index
        var sentences: [String] = []
        let swaps = knob("swaps", at: level)
        for step in 0..<swaps {
            let pair = rng.sample(Array(0..<n), count: 2)
            holding.swapAt(pair[0], pair[1])
            let lead = step == 0 ? "First" : step == swaps - 1 ? "Finally" : "Then"
            sentences.append("\(lead), \(names[pair[0]]) and \(names[pair[1]]) swap their \(nouns).")
        }
        let asked = rng.int(in: 0..<n)
        let start = (0..<n).map { "\(names[$0]) has \("aeiou".contains(objects[$0].first!) ? "an" : "a") \(objects[$0])" }
        let question = "\(names.dropLast().joined(separator: ", ")) and \(names.last!) each hold one \(noun). "
            + "At the start, \(start.dropLast().joined(separator: ", ")) and \(start.last!). "
            + sentences.joined(separator: " ")
            + " At the end, which \(noun) does \(names[asked]) have?"
        let answer = objects[holding[asked]]
        let solution = "At the end: " + (0..<n).map { "\(names[$0]) has the \(objects[holding[$0]])" }.joined(separator: ", ") + "."
        return FamilyDraft(question: question, answer: answer, solution: solution,
                           distractors: objects.filter { $0 != answer })
    }
}
