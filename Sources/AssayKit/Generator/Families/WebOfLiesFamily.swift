/// Chains of truth-tellers and liars: the first person's honesty is stated, each next person
/// says whether the previous one lies or tells the truth; does the last one tell the truth?
/// Answers Yes/No, alternating so the two classes are balanced.
public struct WebOfLiesFamily: ItemFamily {
    public let name = "web-of-lies"
    public let summary = "whether the last person of a chain of 'X says Y lies / tells the truth' tells the truth"
    public let language = "en"
    public let levels: ClosedRange<Int> = 1...3
    public let knobs = [FamilyKnob(name: "people", summary: "people in the chain", valuesByLevel: [4, 6, 9])]

    public init() {}

    public func draft(level: Int, slot: Int, using rng: inout SeededGenerator) -> FamilyDraft {
        let n = knob("people", at: level)
        let names = rng.sample(FamilyVocabulary.names, count: n)
        let claimsTruth = (1..<n).map { _ in rng.chance(0.5) }   // person i+1 says person i tells the truth
        // The last person's honesty follows from the first's: flipping the first flips the end,
        // so pick the first to land on the wanted (alternating) answer.
        let wanted = slot % 2 == 0
        let flips = claimsTruth.filter { !$0 }.count
        let firstHonest = flips % 2 == 0 ? wanted : !wanted
        var honest = [firstHonest]
        for claim in claimsTruth { honest.append(claim ? honest.last! : !honest.last!) }
        var sentences = ["\(names[0]) \(firstHonest ? "tells the truth" : "lies")."]
        for i in 1..<n {
            sentences.append("\(names[i]) says \(names[i - 1]) \(claimsTruth[i - 1] ? "tells the truth" : "lies").")
        }
        let answer = honest.last! ? "Yes" : "No"
        let solution = zip(names, honest).map { "\($0) \($1 ? "tells the truth" : "lies")" }.joined(separator: "; ")
        return FamilyDraft(question: "Question: " + sentences.joined(separator: " ") + " Does \(names[n - 1]) tell the truth?",
                           answer: answer, solution: solution, distractors: [honest.last! ? "No" : "Yes"])
    }
}
