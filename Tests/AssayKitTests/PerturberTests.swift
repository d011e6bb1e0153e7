import Foundation
import Testing
@testable import AssayKit

/// Each perturbation keeps the gold answer right (re-checked with the families' independent
/// checkers where they apply), records itself, is deterministic and handles Chinese.
@Suite struct PerturberTests {
    static let lexiconFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpora/lexicons")

    static func perturber(_ kinds: String, seed: UInt64 = 1) throws -> Perturber {
        try Perturber(kinds: PerturbationKind.parseList(kinds), seed: seed, lexiconFolder: lexiconFolder)
    }

    static func items(_ family: String, count: Int = 300, level: Int = 2, multipleChoice: Bool = false) throws -> [BenchmarkItem] {
        try FamilyCatalog.family(named: family).generate(count: count, seed: 8, level: level, multipleChoice: multipleChoice)
    }

    static func digits(_ text: String) -> [String] {
        text.split(whereSeparator: { !$0.isASCII || !$0.isNumber }).map(String.init)
    }

    static let english = BenchmarkItem(id: "t/1", question: "Alice bought 12 apples at the store. Ben gives her 3 more apples. "
                                       + "How many apples does Alice have now?", answer: "15")
    static let chinese = BenchmarkItem(id: "t/2", question: "小明买了12个苹果，小红又给了他3个苹果。小明一共有多少个苹果？", answer: "15")

    @Test func kindsParseAndPrintBack() throws {
        for text in ["shuffle_options", "relabel_options:numeric", "relabel_options:lower", "distractor", "rename",
                     "rename:names", "typos:0.1", "whitespace", "paraphrase"] {
            #expect(try PerturbationKind(parsing: text).description == text)
        }
        #expect(try PerturbationKind(parsing: "relabel_options").description == "relabel_options:numeric")
        #expect(throws: PerturbationError.self) { try PerturbationKind(parsing: "typos:2") }
        #expect(throws: PerturbationError.self) { try PerturbationKind(parsing: "shuffle_options:x") }
        #expect(throws: PerturbationError.self) { try PerturbationKind.parseList("whitespace,bogus") }
    }

    @Test func shuffleAndRelabelKeepTheGoldOptionText() throws {
        let perturber = try Self.perturber("shuffle_options,relabel_options:numeric,shuffle_options")
        for (index, item) in try Self.items("logical-deduction", count: 200, multipleChoice: true).enumerated() {
            let goldText = item.choices![Int(item.answer.unicodeScalars.first!.value) - 65]
            let out = try #require(perturber.perturb(item, index: index))
            let choices = try #require(out.choices)
            let gold = try #require(Int(out.answer))                       // numeric labels 1...n
            #expect(choices[gold - 1] == goldText)
            #expect(choices.sorted() == item.choices!.sorted())
            #expect(out.provenance?.perturbations == ["shuffle_options", "relabel_options:numeric", "shuffle_options"])
        }
        let relabelled = try #require(try Self.perturber("relabel_options:lower").perturb(
            BenchmarkItem(id: "m", question: "?", choices: ["x", "y", "z"], answer: "C"), index: 0))
        #expect(relabelled.answer == "c" && relabelled.choices == ["x", "y", "z"])
        #expect(try Self.perturber("shuffle_options").perturb(Self.english, index: 0) == nil)
    }

    @Test func shuffleMovesTheGoldLabel() throws {
        let item = BenchmarkItem(id: "m", question: "?", choices: ["a", "b"], answer: "A")
        for index in 0..<50 {
            let out = try #require(try Self.perturber("shuffle_options").perturb(item, index: index))
            #expect(out.answer == "B" && out.choices == ["b", "a"])
        }
    }

    @Test func idsAndProvenanceRecordEveryKind() throws {
        var item = Self.english
        item.provenance = Provenance(source: "gsm8k", perturbations: ["earlier"])
        let out = try #require(try Self.perturber("whitespace,typos:0.1").perturb(item, index: 4))
        #expect(out.id == "t/1~whitespace~typos:0.1")
        #expect(out.provenance?.original == "t/1")
        #expect(out.provenance?.source == "gsm8k")
        #expect(out.provenance?.perturbations == ["earlier", "whitespace", "typos:0.1"])
    }

    @Test func sameSeedAndIndexGiveTheSameOutput() throws {
        let kinds = "distractor,rename,typos:0.1,whitespace,paraphrase"
        for item in [Self.english, Self.chinese] {
            let a = try Self.perturber(kinds, seed: 5).perturb(item, index: 7)
            let b = try Self.perturber(kinds, seed: 5).perturb(item, index: 7)
            #expect(a == b)
            let variants = Set((0..<20).compactMap { try? Self.perturber(kinds, seed: 5).perturb(item, index: $0)?.question })
            #expect(variants.count > 10, "item streams should differ")
        }
    }

    @Test func typosLeaveNumbersAndAnswerWordsAlone() throws {
        let perturber = try Self.perturber("typos:0.3")
        for family in ["word-sorting", "boolean-expressions", "boolean-expressions-zh", "arithmetic", "arithmetic-zh"] {
            let check = try #require(ItemFamilyTests.checkers[family])
            for (index, item) in try Self.items(family).enumerated() {
                let out = try #require(perturber.perturb(item, index: index))
                #expect(check(out.question) == item.answer, "\(family): \(out.question)")
                #expect(Self.digits(out.question) == Self.digits(item.question))
            }
        }
        let out = try #require(perturber.perturb(Self.english, index: 0))
        #expect(out.question != Self.english.question && Self.digits(out.question) == ["12", "3"])
    }

    @Test func typosKeepTheNamesAPuzzleRefersBackTo() throws {
        let perturber = try Self.perturber("typos:0.3")
        for (index, item) in try Self.items("tracking-shuffled-objects", count: 100, multipleChoice: true).enumerated() {
            let out = try #require(perturber.perturb(item, index: index))
            for name in FamilyVocabulary.names where item.question.contains(name) {
                #expect(out.question.components(separatedBy: name).count == item.question.components(separatedBy: name).count)
            }
        }
    }

    @Test func chineseRenameLeavesWordsContainingAnObjectAlone() throws {
        let item = BenchmarkItem(id: "z", question: "小明在图书馆借了三本书，又买了两个苹果。小明一共有几个苹果？", answer: "2")
        for index in 0..<10 {
            let out = try #require(try Self.perturber("rename").perturb(item, index: index))
            #expect(out.question.contains("图书馆") && !out.question.contains("苹果") && !out.question.contains("小明"))
        }
    }

    @Test func typosSurviveLettersWithoutASingleCaseTwin() throws {
        let item = BenchmarkItem(id: "d", question: "Straße Fußball Maßkrug ǅemal İstanbul ﬁnance straße", answer: "x")
        for index in 0..<40 {
            let out = try #require(try Self.perturber("typos:0.5").perturb(item, index: index))
            #expect(!out.question.isEmpty)
        }
    }

    @Test func chineseTyposWorkByCharacterAndKeepNumerals() throws {
        let item = BenchmarkItem(id: "z", question: "我有三个苹果、两支铅笔和十本书。老师一共给了同学们多少本练习册？", answer: "15")
        let changed = try (0..<20).map { try #require(try Self.perturber("typos:0.3").perturb(item, index: $0)).question }
        #expect(changed.contains { $0 != item.question })
        for question in changed {
            #expect(!question.contains(" "))
            #expect(question.filter { "三两十".contains($0) } == "三两十")
        }
    }

    @Test func whitespaceNoiseOnlyMovesWhitespace() throws {
        let perturber = try Self.perturber("whitespace")
        for (index, item) in try (Self.items("navigate") + Self.items("object-counting-zh") + [Self.chinese]).enumerated() {
            let out = try #require(perturber.perturb(item, index: index))
            #expect(out.question != item.question)
            #expect(out.question.split(whereSeparator: \.isWhitespace).count >= item.question.split(whereSeparator: \.isWhitespace).count)
            #expect(out.question.filter { !$0.isWhitespace } == item.question.filter { !$0.isWhitespace })
        }
    }

    @Test func renameKeepsPuzzleAnswersRight() throws {
        let perturber = try Self.perturber("rename:names")
        for family in ["web-of-lies", "tracking-shuffled-objects", "logical-deduction"] {
            let check = try #require(ItemFamilyTests.checkers[family])
            for multipleChoice in [false, true] {
                for (index, item) in try Self.items(family, count: 150, multipleChoice: multipleChoice).enumerated() {
                    let out = try #require(perturber.perturb(item, index: index))
                    let expected = try #require(check(out.question), "\(family): \(out.question)")
                    if let choices = out.choices {
                        #expect(choices[Int(out.answer.unicodeScalars.first!.value) - 65] == expected)
                    } else {
                        #expect(out.answer == expected)
                    }
                    func words(_ text: String) -> Set<String> { Set(text.split(whereSeparator: { !$0.isLetter }).map(String.init)) }
                    let oldNames = words(item.question).intersection(FamilyVocabulary.names)
                    #expect(!oldNames.isEmpty && oldNames.isDisjoint(with: words(out.question)), "\(out.question)")
                }
            }
        }
    }

    @Test func renameIsConsistentInEnglishAndChinese() throws {
        let en = try #require(try Self.perturber("rename").perturb(Self.english, index: 2))
        let words = en.question.split(separator: " ")
        #expect(words[0] == words[words.count - 3], "the same person keeps one new name: \(en.question)")
        #expect(!en.question.contains("Alice") && !en.question.contains("apples"))
        #expect(Self.digits(en.question) == ["12", "3"] && en.answer == "15")
        let zh = try #require(try Self.perturber("rename").perturb(Self.chinese, index: 2))
        #expect(!zh.question.contains("小明") && !zh.question.contains("苹果"))
        let first = zh.question.prefix(2)
        #expect(zh.question.components(separatedBy: first).count == 3, "小明 appears twice, renamed alike: \(zh.question)")
        #expect(try Self.perturber("rename").perturb(try Self.items("object-counting", count: 1)[0], index: 0) == nil,
                "counting items name no person or lexicon object")
    }

    @Test func paraphraseSubstitutesSynonymsInBothLanguages() throws {
        let en = try #require(try Self.perturber("paraphrase").perturb(Self.english, index: 0))
        #expect(en.question != Self.english.question && Self.digits(en.question) == ["12", "3"])
        let zh = try #require(try Self.perturber("paraphrase").perturb(Self.chinese, index: 0))
        #expect(zh.question != Self.chinese.question && !zh.question.contains(" "))
        #expect(try Self.perturber("paraphrase").perturb(BenchmarkItem(id: "x", question: "Zzz qqq?", answer: "1"), index: 0) == nil)
    }

    @Test func distractorsAddASentenceAndKeepAnswers() throws {
        let perturber = try Self.perturber("distractor")
        for family in ["arithmetic", "boolean-expressions", "arithmetic-zh", "word-sorting"] {
            let check = try #require(ItemFamilyTests.checkers[family])
            for (index, item) in try Self.items(family, count: 100).enumerated() {
                let out = try #require(perturber.perturb(item, index: index))
                #expect(out.question.count > item.question.count && check(out.question) == item.answer)
            }
        }
        let zh = try #require(perturber.perturb(Self.chinese, index: 1))
        #expect(zh.question.hasPrefix("小明买了12个苹果，小红又给了他3个苹果。") && zh.question.hasSuffix("小明一共有多少个苹果？"))
        #expect(!zh.question.contains(" "))
        let en = try #require(perturber.perturb(Self.english, index: 1))
        #expect(en.question.hasSuffix(" How many apples does Alice have now?") && en.question.hasPrefix("Alice bought 12 apples"))
    }
}
