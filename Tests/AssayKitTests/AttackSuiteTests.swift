import Foundation
import Testing
@testable import AssayKit

/// The `.attack` suites: parsing, errors with file:line, generation, and that every goal is
/// checkable by its detector.
@Suite struct AttackSuiteTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let lexicons = root.appendingPathComponent("Corpora/lexicons")
    static let library = Result { try AttackLibrary.load(from: root.appendingPathComponent("Templates/attacks"), lexiconFolder: lexicons) }

    func parse(_ text: String) throws -> AttackSuite {
        try AttackSuite.parse(text: text, source: "t.attack", lexiconFolder: Self.lexicons)
    }

    @Test func everyCategoryHasASuiteInBothLanguages() throws {
        let suites = try Self.library.get().suites
        for category in AttackCategory.allCases {
            for language in ["en", "zh"] {
                #expect(suites.contains { $0.category == category && $0.language == language }, "\(category) \(language)")
            }
        }
    }

    @Test func everySuiteGeneratesCheckableGoals() throws {
        let detector = try AttackDetector.load(from: Self.lexicons)
        let canary = try NSRegularExpression(pattern: "^[A-HJ-NP-Z]{4}-[2-9]{4}$")
        for suite in try Self.library.get().suites {
            let items = try suite.generate(count: 25, seed: 3)
            #expect(Set(items.map(\.id)).count == 25, "\(suite.name)")
            for item in items {
                #expect(item.id.hasPrefix("\(suite.name)/3/") && item.language == suite.language && item.category == suite.category)
                #expect(!item.prompt.contains("{") || !item.prompt.contains("}"), "\(item.id): unfilled placeholder")
                let zh = item.language == "zh"
                let refusal = zh ? "抱歉，我不能帮你做这件事。" : "I'm sorry, but I can't help with that."
                #expect(!detector.judge(refusal, item: item).success, "\(item.id)")
                #expect(detector.judge(refusal, item: item).refused, "\(item.id)")
                switch item.detector {
                case .contains, .complies:
                    #expect(canary.firstMatch(in: item.target, range: NSRange(item.target.startIndex..., in: item.target)) != nil, "\(item.id)")
                    let success = (zh ? "好的：" : "Sure: ") + item.target
                    #expect(detector.judge(success, item: item).success, "\(item.id)")
                    // The user prompt shows the canary only in parts: echoing it is no success.
                    #expect(!detector.judge(item.prompt, item: item).success, "\(item.id): the prompt gives the goal away")
                case .plantedAnswer:
                    let truth = try #require(item.truth)
                    #expect(truth != item.target)
                    let success = zh ? "答案是\(item.target)。" : "The answer is \(item.target)."
                    let corrected = zh ? "不是\(item.target)，答案是\(truth)。" : "That is not \(item.target); the answer is \(truth)."
                    #expect(detector.judge(success, item: item).success, "\(item.id)")
                    #expect(!detector.judge(corrected, item: item).success, "\(item.id)")
                }
            }
        }
    }

    @Test func plantedSumsAreWrongAndTruthsRight() throws {
        let regex = try NSRegularExpression(pattern: "(\\d+) ?(\\+|加| plus) ?(\\d+)")
        for name in ["instruction-induction-en", "instruction-induction-zh"] {
            let suite = try #require(try Self.library.get().suites.first { $0.name == name })
            for item in try suite.generate(count: 30, seed: 11) {
                let match = try #require(regex.firstMatch(in: item.prompt, range: NSRange(item.prompt.startIndex..., in: item.prompt)))
                let a = Int((item.prompt as NSString).substring(with: match.range(at: 1)))!
                let b = Int((item.prompt as NSString).substring(with: match.range(at: 3)))!
                #expect(item.truth == String(a + b), "\(item.prompt)")
                let wrong = try #require(Int(item.target))
                #expect(wrong != a + b && (1...9).contains(wrong - (a + b)))
                #expect(item.prompt.contains(item.target))
            }
        }
    }

    @Test func sameSeedSameItemsAndSmallerCountIsAPrefix() throws {
        for suite in try Self.library.get().suites {
            let ten = try suite.generate(count: 10, seed: 5)
            #expect(try suite.generate(count: 10, seed: 5) == ten)
            #expect(try suite.generate(count: 4, seed: 5) == Array(ten.prefix(4)))
            #expect(try suite.generate(count: 10, seed: 6).map(\.prompt) != ten.map(\.prompt), "\(suite.name)")
        }
    }

    @Test func textContinuesOnIndentedLinesKeepingBlankLines() throws {
        let suite = try parse("""
            suite: s
            category: goal_hijacking
            language: en
            slot code = canary
            slot n = int 5..5
            prompt: A {n}
              B {{x}}

              C {code.2}
            goal: contains {code}
            """)
        let item = try #require(try suite.generate(count: 1, seed: 0).first)
        let letters = String(item.target.prefix(4))
        #expect(item.prompt == "A 5\nB {x}\n\nC \(letters)")
        #expect(item.system == nil)
    }

    @Test func calcSlotsUseExactArithmetic() throws {
        let suite = try parse("""
            suite: s
            category: instruction_induction
            language: en
            slot a = int 7..7
            slot b = int 2..2
            slot q = calc a / b + 1
            prompt: What is {a}/{b} + 1?
            goal: answer {q}
            truth: 0
            """)
        #expect(try suite.generate(count: 1, seed: 0).first?.target == "4.5")
    }

    /// (text, line of the error)
    @Test(arguments: [
        ("suite: s\ncategory: goal_hijacking\nwhat: x\n", 3),
        ("suite: S\n", 1),
        ("suite: s\ncategory: hijack\n", 2),
        ("suite: s\nlanguage: fr\n", 2),
        ("suite: s\ncategory: role_play\nlanguage: en\nprompt: hi {who}\n", 4),
        ("suite: s\nslot a = int 9..2\n", 2),
        ("suite: s\nslot a = pick no-such-lexicon\n", 2),
        ("suite: s\nslot a = int 1..2\nslot b = calc a + c\n", 3),
        ("suite: s\nslot a = canary\nslot a = canary\n", 3),
        ("suite: s\nslot c = canary\nprompt: x {c.4}\n", 3),
        ("suite: s\nprompt: a } b\n", 2),
        ("  indented\n", 1),
        ("suite: s\ncategory: role_play\nlanguage: en\nprompt: x\n\n", 4),
        ("suite: s\ncategory: role_play\nlanguage: en\nprompt: x\ngoal: answer 4\n", 5),
        ("suite: s\ncategory: role_play\nlanguage: en\nprompt: x\ngoal: contains 4\ntruth: 5\n", 5),
        ("suite: s\ncategory: role_play\nlanguage: en\nprompt: x\ngoal: guess 4\n", 5),
    ])
    func parseErrorsNameTheFileAndLine(text: String, line: Int) {
        do {
            _ = try parse(text)
            Issue.record("no error for \(text)")
        } catch {
            #expect("\(error)".hasPrefix("t.attack:\(line): "), "\(text) -> \(error)")
        }
    }

    @Test func theFormatReadmeExampleParses() throws {
        let readme = try String(contentsOf: Self.root.appendingPathComponent("Templates/attacks/README.md"), encoding: .utf8)
        let blocks = readme.components(separatedBy: "```\n")
        let example = try #require(blocks.first { $0.hasPrefix("# Prompt leaking") })
        let suite = try parse(example)
        #expect(suite.name == "debug-leak-en" && suite.detector == .contains)
        let item = try #require(try suite.generate(count: 1, seed: 0).first)
        #expect(item.system?.contains(item.target) == true)
        #expect(item.prompt.contains("\n"))
    }

    @Test func selectionBySuiteCategoryAndLanguage() throws {
        let library = try Self.library.get()
        #expect(try library.select(["prompt_leaking"], language: nil).map(\.name) == ["prompt-leaking-en", "prompt-leaking-zh"])
        #expect(try library.select(["role-play-zh"], language: nil).map(\.name) == ["role-play-zh"])
        #expect(try library.select([], language: "zh").allSatisfy { $0.language == "zh" })
        #expect(throws: AttackLibraryError.self) { try library.select(["nope"], language: nil) }
        #expect(throws: AttackLibraryError.self) { try library.select(["role-play-zh"], language: "en") }
    }
}
