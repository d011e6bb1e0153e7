import Foundation
import Testing
@testable import AssayKit

@Suite struct TemplateLibraryTests {
    @Test func libraryHasTheRequiredTemplates() throws {
        let library = try TemplateFixtures.library()
        #expect(library.templates.count >= 10)
        #expect(library.templates.filter { $0.language == "zh" }.count >= 3)
        #expect(library.templates.filter(\.supportsMultipleChoice).count * 2 >= library.templates.count)
        #expect(library.listing().split(separator: "\n").count == library.templates.count)
        #expect(throws: TemplateError.self) { try library.template(named: "no-such-template") }
        let twin = library.templates[0]
        #expect(throws: TemplateError.duplicateName(name: twin.name, files: [twin.source, twin.source])) {
            try TemplateLibrary(templates: [twin, twin])
        }
    }

    @Test func everyTemplateGenerates200DistinctItemsAtEveryLevel() throws {
        let library = try TemplateFixtures.library()
        for template in library.templates {
            for level in template.levels {
                let items = try template.generate(count: 200, seed: 11, level: level)
                #expect(Set(items.map(\.question)).count == 200, "\(template.name) level \(level)")
                #expect(Set(items.map(\.id)).count == 200)
                for item in items {
                    #expect(!item.question.contains("{") && !item.question.contains("}"))
                    #expect((try? Rational(parsing: item.answer)) != nil, "\(item.id): answer \(item.answer)")
                    #expect(item.provenance == Provenance(source: "template", template: template.name, seed: 11, level: level))
                    if template.language == "zh" { #expect(!item.question.contains(" "), "\(item.id) has a space") }
                }
                #expect(items[7].id == "\(template.name)/11/7")
            }
        }
    }

    @Test func multipleChoiceItemsHaveDistinctOptionsAndAValidLabel() throws {
        let library = try TemplateFixtures.library()
        for template in library.templates where template.supportsMultipleChoice {
            for item in try template.generate(count: 50, seed: 4, multipleChoice: true) {
                let choices = try #require(item.choices)
                #expect(choices.count == template.distractors.count + 1)
                #expect(Set(choices.map { try? Rational(parsing: $0) }).count == choices.count, "\(item.id): \(choices)")
                #expect(BenchmarkItem.labels(count: choices.count).contains(item.answer))
            }
        }
    }

    @Test func generationIsDeterministic() throws {
        let template = try TemplateFixtures.library().template(named: "shopping-en")
        let encoder = JSONLinesWriter.makeEncoder()
        let a = try encoder.encode(template.generate(count: 100, seed: 7, level: 2, multipleChoice: true))
        let b = try encoder.encode(template.generate(count: 100, seed: 7, level: 2, multipleChoice: true))
        #expect(a == b)
        let other = try template.generate(count: 100, seed: 8, level: 2).map(\.question)
        let first = try template.generate(count: 100, seed: 7, level: 2).map(\.question)
        #expect(Set(other).intersection(first).count < 20)
        #expect(try template.generate(count: 30, seed: 7, level: 2).map(\.question) == Array(first.prefix(30)))
    }

    /// Answers re-derived from the numbers in the question text, with plain Int/Decimal math.
    @Test func answersAgreeWithAnIndependentComputation() throws {
        let library = try TemplateFixtures.library()
        func items(_ name: String) throws -> [BenchmarkItem] {
            try library.template(named: name).generate(count: 200, seed: 21, level: 3)
        }
        for item in try items("remainder-en") {
            let n = try #require(TemplateFixtures.integers(#"has (\d+) .* bags of (\d+),"#, in: item.question))
            #expect(item.answer == String(n[0] % n[1]) && n[0] % n[1] != 0)
        }
        for item in try items("fence-en") {
            let n = try #require(TemplateFixtures.integers(#"(\d+) metres long and (\d+) metres wide.*gate (\d+) metres? wide.*\$(\d+) per metre"#,
                                                           in: item.question))
            #expect(item.answer == String((2 * (n[0] + n[1]) - n[2]) * n[3]))
        }
        for item in try items("shopping-en") {
            let c = try #require(TemplateFixtures.captures(#"buys (\d+) .* at \$(\d+)\.(\d\d) each and pays with a \$(\d+) note"#, in: item.question))
            let cents = Int(c[3])! * 100 - Int(c[0])! * (Int(c[1])! * 100 + Int(c[2])!)
            #expect(Decimal(string: item.answer) == Decimal(cents) / 100, "\(item.question) → \(item.answer)")
        }
        for item in try items("speed-zh") {
            let n = try #require(TemplateFixtures.integers(#"每小时行驶(\d+)千米，(\d+)小时到达。回来时汽车每小时多行驶(\d+)千米"#, in: item.question))
            let minutes = 60 * n[0] * n[1]
            #expect(minutes % (n[0] + n[2]) == 0 && item.answer == String(minutes / (n[0] + n[2])))
        }
        for item in try items("work-en") {
            let n = try #require(TemplateFixtures.integers(#"alone in (\d+) hours?\..*alone in (\d+) hours?\."#, in: item.question))
            #expect(item.answer == String(60 * n[0] * n[1] / (n[0] + n[1])))
            #expect(60 * n[0] * n[1] % (n[0] + n[1]) == 0)
        }
    }

    @Test func generatedItemsMatchTheirTemplate() throws {
        let library = try TemplateFixtures.library()
        for template in library.templates {
            for item in try template.generate(count: 40, seed: 5, level: template.levels.upperBound) {
                let matched = library.match(question: item.question)?.template.name
                #expect(matched == template.name, "\(item.id) matches \(matched ?? "nothing")")
            }
        }
        let spaced = try library.template(named: "remainder-en").generate(count: 1, seed: 1)[0].question
            .replacingOccurrences(of: " ", with: "  \n ")
        #expect(library.match(question: spaced)?.template.name == "remainder-en")
        #expect(library.match(question: "What is the capital of France?") == nil)
    }

    @Test func resampleKeepsNamesAndRecomputesTheAnswer() throws {
        let library = try TemplateFixtures.library()
        for original in try library.template(named: "remainder-en").generate(count: 30, seed: 3, level: 2) {
            let match = try #require(library.match(question: original.question))
            let name = try #require(match.bindings["name"])
            #expect(original.question.hasPrefix(name + " has " + match.bindings["total"]! + " "))
            let twin = try library.resample(item: original, seed: 99)
            #expect(twin.question != original.question)
            #expect(twin.question.hasPrefix(name + " has "))
            let n = try #require(TemplateFixtures.integers(#"has (\d+) .* bags of (\d+),"#, in: twin.question))
            #expect(twin.answer == String(n[0] % n[1]))
            #expect(twin.provenance?.perturbations == ["resample_numbers"])
            #expect(twin.provenance?.original == original.id && twin.provenance?.seed == 99 && twin.provenance?.level == 2)
            #expect(library.match(question: twin.question)?.template.name == "remainder-en")
        }
        let item = BenchmarkItem(id: "x/1", question: "Nothing like a template.", answer: "1")
        #expect(throws: TemplateError.noMatchingTemplate(itemID: "x/1")) { try library.resample(item: item, seed: 1) }
    }

    @Test func resampleWorksForEveryTemplate() throws {
        let library = try TemplateFixtures.library()
        for template in library.templates {
            for original in try template.generate(count: 5, seed: 8, level: template.levels.upperBound, multipleChoice: template.supportsMultipleChoice) {
                let twin = try library.resample(item: original, seed: 1)
                let before = try #require(library.match(question: original.question)).bindings
                let after = try #require(library.match(question: twin.question)).bindings
                for (name, value) in before where template.variables.first(where: { $0.name == name })?.entries != nil {
                    #expect(after[name] == value, "\(template.name): \(name) changed")
                }
                #expect(twin.question != original.question && twin.choices?.count == original.choices?.count)
            }
        }
    }
}
