/// Counting the things of one category among distractors ("I have a banana, two violins, a
/// cat and three plums. How many fruits do I have?"). The Chinese variant lists the things with
/// their measure words ("一根香蕉、两把小提琴").
public struct ObjectCountingFamily: ItemFamily {
    public let language: String
    public var name: String { language == "zh" ? "object-counting-zh" : "object-counting" }
    public var summary: String {
        "count the things of one category in a list with distractors" + (language == "zh" ? " (Chinese)" : "")
    }
    public let levels: ClosedRange<Int> = 1...3
    public let knobs = [
        FamilyKnob(name: "kinds", summary: "kinds of things listed", valuesByLevel: [5, 8, 12]),
        FamilyKnob(name: "max-count", summary: "most copies of one thing", valuesByLevel: [3, 5, 10]),
    ]

    public init(language: String = "en") { self.language = language }

    private typealias Thing = FamilyVocabulary.Thing

    public func draft(level: Int, slot: Int, using rng: inout SeededGenerator) -> FamilyDraft {
        let categories = FamilyVocabulary.categories
        let target = rng.int(in: 0..<categories.count)
        let kinds = knob("kinds", at: level)
        let maxCount = knob("max-count", at: level)
        let members = categories[target].members
        let inTarget = rng.int(in: 1...min(members.count, kinds - 1))
        let others = categories.indices.filter { $0 != target }.flatMap { categories[$0].members }
        var listed: [(thing: Thing, count: Int)] = []
        for thing in rng.sample(members, count: inTarget) + rng.sample(others, count: kinds - inTarget) {
            listed.append((thing, rng.int(in: 1...maxCount)))
        }
        rng.shuffle(&listed)
        let total = listed.filter { members.contains($0.thing) }.reduce(0) { $0 + $1.count }
        let category = categories[target]
        let question: String
        if language == "zh" {
            let parts = listed.map { FamilyVocabulary.chineseNumbers[$0.count] + $0.thing.measure + $0.thing.chinese }
            question = "我有\(parts.dropLast().joined(separator: "、"))和\(parts.last!)。"
                + "其中\(category.chinese)一共有多少个？只回答一个数字。"
        } else {
            let parts = listed.map { englishPhrase($0.thing, count: $0.count) }
            question = "I have \(parts.dropLast().joined(separator: ", ")), and \(parts.last!). "
                + "How many \(category.english) do I have? Answer with a number."
        }
        let counted = listed.filter { members.contains($0.thing) }
            .map { "\($0.count) \(language == "zh" ? $0.thing.chinese : $0.thing.plural)" }
        return FamilyDraft(question: question, answer: String(total),
                           solution: counted.joined(separator: " + ") + " = \(total)",
                           distractors: [total + 1, total - 1, total + 2, listed.reduce(0) { $0 + $1.count }]
                               .filter { $0 > 0 }.map(String.init))
    }

    private func englishPhrase(_ thing: Thing, count: Int) -> String {
        if count == 1 { return ("aeiou".contains(thing.singular.first!) ? "an " : "a ") + thing.singular }
        return FamilyVocabulary.englishNumbers[count] + " " + thing.plural
    }
}
