/// A difficulty knob of an item family: what it controls and its value at each level.
public struct FamilyKnob: Sendable, Hashable {
    public let name: String
    public let summary: String
    /// The knob's value at level 1, 2, ... (index 0 is level 1).
    public let valuesByLevel: [Int]

    public init(name: String, summary: String, valuesByLevel: [Int]) {
        precondition(!valuesByLevel.isEmpty, "a knob needs a value per level")
        self.name = name
        self.summary = summary
        self.valuesByLevel = valuesByLevel
    }

    /// The range the knob spans over all levels.
    public var range: ClosedRange<Int> { valuesByLevel.min()!...valuesByLevel.max()! }
    /// The value at the default level (level 1).
    public var defaultValue: Int { valuesByLevel[0] }

    /// The value at a level (the last level's value beyond the table).
    public func value(at level: Int) -> Int {
        valuesByLevel[max(0, min(level - 1, valuesByLevel.count - 1))]
    }
}

/// One generated question before it becomes a `BenchmarkItem`: the family's solver has
/// already computed the answer, and proposes wrong but plausible answers for multiple choice.
public struct FamilyDraft: Sendable {
    /// The question text, complete with its instructions.
    public var question: String
    /// The gold answer text.
    public var answer: String
    /// A short worked answer, where one is easy to state.
    public var solution: String?
    /// Wrong answers, best first; the multiple-choice variant takes the first distinct ones.
    public var distractors: [String]

    public init(question: String, answer: String, solution: String? = nil, distractors: [String]) {
        self.question = question
        self.answer = answer
        self.solution = solution
        self.distractors = distractors
    }
}

/// Why a family could not produce the items asked for.
public enum FamilyError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownFamily(String, known: [String])
    case levelOutOfRange(family: String, level: Int, levels: ClosedRange<Int>)
    /// The family ran out of distinct questions at this level before reaching the count.
    case exhausted(family: String, level: Int, produced: Int, requested: Int)

    public var description: String {
        switch self {
        case .unknownFamily(let name, let known):
            return "unknown item family '\(name)'; known: \(known.joined(separator: ", "))"
        case .levelOutOfRange(let family, let level, let levels):
            return "family '\(family)' has levels \(levels.lowerBound)...\(levels.upperBound), not \(level)"
        case .exhausted(let family, let level, let produced, let requested):
            return "family '\(family)' found only \(produced) distinct questions of \(requested) at level \(level); "
                + "ask for fewer items or a higher level"
        }
    }
}

/// A generator of reasoning items of one kind (DyVal / BIG-Bench-Hard style): every item's
/// answer is computed by a solver inside the family, so it is correct and unique.
///
/// Families implement `draft(level:slot:using:)`; `generate` (provided) turns drafts into
/// canonical items with ids `<family>/<seed>/<index>`, no duplicate questions, and an optional
/// multiple-choice form. Same seed, same items, byte for byte.
public protocol ItemFamily: Sendable {
    /// The family's name, e.g. "boolean-expressions" or "arithmetic-zh".
    var name: String { get }
    /// One line on what the items ask.
    var summary: String { get }
    /// "en" or "zh".
    var language: String { get }
    /// The difficulty knobs and their values per level.
    var knobs: [FamilyKnob] { get }
    /// The difficulty levels, from 1.
    var levels: ClosedRange<Int> { get }
    /// At most this many options in the multiple-choice form (gold included).
    var maxChoices: Int { get }
    /// One question at `level`; `slot` is the number of items already accepted (families
    /// use it to balance answer classes such as Yes/No).
    func draft(level: Int, slot: Int, using rng: inout SeededGenerator) -> FamilyDraft
    /// `count` distinct items at `level`.
    func generate(count: Int, seed: UInt64, level: Int, multipleChoice: Bool) throws -> [BenchmarkItem]
}

extension ItemFamily {
    public var maxChoices: Int { 4 }

    /// The knob named `name` at `level` (0 for an unknown knob).
    func knob(_ name: String, at level: Int) -> Int {
        knobs.first { $0.name == name }?.value(at: level) ?? 0
    }

    /// Drafts until `count` distinct questions are found (the seed's stream `level`), numbering
    /// them `<name>/<seed>/<index>`; the multiple-choice form shuffles the gold answer among the
    /// first distinct distractors with the same generator.
    public func generate(count: Int, seed: UInt64, level: Int, multipleChoice: Bool) throws -> [BenchmarkItem] {
        guard levels.contains(level) else {
            throw FamilyError.levelOutOfRange(family: name, level: level, levels: levels)
        }
        var rng = SeededGenerator(seed: seed, stream: UInt64(level))
        var seen = Set<String>()
        var items: [BenchmarkItem] = []
        items.reserveCapacity(count)
        var attempts = 0
        let maxAttempts = count * 20 + 200
        while items.count < count {
            attempts += 1
            guard attempts <= maxAttempts else {
                throw FamilyError.exhausted(family: name, level: level, produced: items.count, requested: count)
            }
            let draft = draft(level: level, slot: items.count, using: &rng)
            guard seen.insert(draft.question).inserted else { continue }
            var item = BenchmarkItem(
                id: "\(name)/\(seed)/\(items.count)", benchmark: name,
                subset: multipleChoice ? "level-\(level)-mc" : "level-\(level)",
                question: draft.question, answer: draft.answer, solution: draft.solution,
                provenance: Provenance(source: "family", template: name, seed: seed, level: level))
            if multipleChoice {
                var options = [draft.answer]
                for wrong in draft.distractors where options.count < maxChoices && !options.contains(wrong) {
                    options.append(wrong)
                }
                rng.shuffle(&options)
                let gold = options.firstIndex(of: draft.answer)!
                item.choices = options
                item.answer = BenchmarkItem.labels(count: options.count)[gold]
            }
            items.append(item)
        }
        return items
    }
}
