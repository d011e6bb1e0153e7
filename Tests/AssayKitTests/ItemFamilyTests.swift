import Foundation
import Testing
@testable import AssayKit

/// Every family at every level: answers re-derived by the independent checkers, unique
/// questions, deterministic bytes, well-formed ids and provenance, one gold option in the
/// multiple-choice form. `ASSAY_FAMILY_TEST_COUNT` raises the item count (bench/generate-families).
@Suite struct ItemFamilyTests {
    static let count = ProcessInfo.processInfo.environment["ASSAY_FAMILY_TEST_COUNT"].flatMap { Int($0) } ?? 2000

    /// The independent checker of each family, by name.
    static let checkers: [String: @Sendable (String) -> String?] = [
        "boolean-expressions": FamilyAnswerCheckers.booleanExpression,
        "boolean-expressions-zh": FamilyAnswerCheckers.booleanExpression,
        "arithmetic": FamilyAnswerCheckers.arithmetic,
        "arithmetic-zh": FamilyAnswerCheckers.arithmetic,
        "dates": FamilyAnswerCheckers.dates,
        "object-counting": FamilyAnswerCheckers.objectCounting,
        "object-counting-zh": FamilyAnswerCheckers.objectCounting,
        "word-sorting": FamilyAnswerCheckers.wordSorting,
        "logical-deduction": PuzzleAnswerCheckers.logicalDeduction,
        "tracking-shuffled-objects": PuzzleAnswerCheckers.trackingShuffledObjects,
        "navigate": PuzzleAnswerCheckers.navigate,
        "web-of-lies": PuzzleAnswerCheckers.webOfLies,
        "dyck-languages": FamilyAnswerCheckers.dyck,
        "number-sequences": FamilyAnswerCheckers.numberSequence,
    ]

    static let familyNames = FamilyCatalog.names

    @Test func catalogHasEveryFamilyOnceWithAChecker() throws {
        #expect(Set(FamilyCatalog.names).count == FamilyCatalog.names.count)
        #expect(FamilyCatalog.names.count >= 14)
        #expect(FamilyCatalog.all.filter { $0.language == "zh" }.count >= 3)
        for name in FamilyCatalog.names { #expect(Self.checkers[name] != nil, "no checker for \(name)") }
        #expect(throws: FamilyError.self) { try FamilyCatalog.family(named: "no-such-family") }
    }

    @Test(arguments: familyNames) func answersMatchTheIndependentChecker(name: String) throws {
        let family = try FamilyCatalog.family(named: name)
        let check = try #require(Self.checkers[name])
        for level in family.levels {
            let items = try family.generate(count: Self.count, seed: 11, level: level, multipleChoice: false)
            #expect(items.count == Self.count)
            var wrong = 0
            for item in items where check(item.question) != item.answer {
                wrong += 1
                if wrong <= 3 { Issue.record("\(item.id): answer '\(item.answer)', checker '\(check(item.question) ?? "unparsed")': \(item.question)") }
            }
            #expect(wrong == 0, "\(name) level \(level): \(wrong) wrong answers of \(items.count)")
            #expect(Set(items.map(\.question)).count == items.count, "duplicate questions in \(name) level \(level)")
        }
    }

    @Test(arguments: familyNames) func multipleChoiceHasExactlyOneGoldOption(name: String) throws {
        let family = try FamilyCatalog.family(named: name)
        let check = try #require(Self.checkers[name])
        for level in family.levels {
            for item in try family.generate(count: Self.count / 4, seed: 5, level: level, multipleChoice: true) {
                let choices = try #require(item.choices)
                let expected = check(item.question)
                #expect(choices.count >= 2 && Set(choices).count == choices.count, "\(item.id): \(choices)")
                #expect(choices.filter { $0 == expected }.count == 1, "\(item.id): \(choices) vs \(expected ?? "nil")")
                let gold = try #require(BenchmarkItem.labels(count: choices.count).firstIndex(of: item.answer))
                #expect(choices[gold] == expected, "\(item.id): gold \(item.answer) is not '\(expected ?? "nil")'")
            }
        }
    }

    @Test(arguments: familyNames) func sameSeedSameBytesAndWellFormedIds(name: String) throws {
        let family = try FamilyCatalog.family(named: name)
        let encoder = JSONLinesWriter.makeEncoder()
        let level = family.levels.upperBound
        let first = try family.generate(count: 200, seed: 42, level: level, multipleChoice: true)
        let second = try family.generate(count: 200, seed: 42, level: level, multipleChoice: true)
        #expect(try encoder.encode(first) == encoder.encode(second))
        let other = try family.generate(count: 200, seed: 43, level: level, multipleChoice: true)
        #expect(first.map(\.question) != other.map(\.question))
        for (index, item) in first.enumerated() {
            #expect(item.id == "\(name)/42/\(index)")
            #expect(item.provenance == Provenance(source: "family", template: name, seed: 42, level: level))
        }
    }

    @Test func listingHasALinePerFamilyWithItsLevels() {
        let lines = FamilyCatalog.listing().split(separator: "\n")
        #expect(lines.count == FamilyCatalog.all.count)
        for (line, family) in zip(lines, FamilyCatalog.all) {
            #expect(line.hasPrefix(family.name + " "))
            #expect(line.contains("levels \(family.levels.lowerBound)-\(family.levels.upperBound)"))
        }
    }

    @Test func levelsOutsideTheRangeAreRefused() {
        #expect(throws: FamilyError.levelOutOfRange(family: "navigate", level: 9, levels: 1...3)) {
            try NavigateFamily().generate(count: 1, seed: 0, level: 9, multipleChoice: false)
        }
    }

    @Test func yesNoAndTrueFalseClassesAreBalanced() throws {
        for name in ["navigate", "web-of-lies", "boolean-expressions"] {
            let items = try FamilyCatalog.family(named: name).generate(count: 1000, seed: 3, level: 2, multipleChoice: false)
            let positive = items.filter { $0.answer == "Yes" || $0.answer == "True" }.count
            #expect(positive == 500, "\(name): \(positive) positive answers of 1000")
        }
    }
}
