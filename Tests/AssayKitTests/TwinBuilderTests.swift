import Foundation
import Testing
@testable import AssayKit

@Suite struct TwinBuilderTests {
    func builder(seed: UInt64 = 5) throws -> TwinBuilder {
        let library = try TemplateFixtures.library()
        let perturbers = try TwinBuilder.perturbationChain.map {
            try Perturber(kinds: $0, seed: seed, lexiconFolder: TemplateFixtures.lexicons)
        }
        return TwinBuilder(seed: seed, library: library, perturbers: perturbers)
    }

    @Test func templateItemsGetTemplateTwinsWithNewNumbers() throws {
        let items = try TemplateFixtures.library().template(named: "ratio-en").generate(count: 30, seed: 1, level: 2, multipleChoice: false)
        let b = try builder()
        var changed = 0
        for (i, item) in items.enumerated() {
            let (twin, method) = try #require(b.twin(of: item, index: i))
            #expect(method == .template)
            #expect(twin.provenance?.original == item.id)
            #expect(twin.provenance?.perturbations?.first == "twin:template")
            #expect(twin.id == item.id + "~twin")
            // Independent check of the twin's answer from its own text: "share N things in the ratio p:q ... second gets".
            if let n = TemplateFixtures.integers(#"share (\d+) .* ratio (\d+):(\d+)"#, in: twin.question), n.count == 3 {
                #expect(Int(twin.answer) == n[0] / (n[1] + n[2]) * n[2])
            } else {
                Issue.record("unexpected twin text: \(twin.question)")
            }
            if twin.question != item.question { changed += 1 }
        }
        #expect(changed >= 25, "twins have new numbers")
    }

    /// A template twin is a fresh draw: names and objects change too, not only the numbers, so
    /// that a model fine-tuned on the item does not find its twin familiar through the names
    /// (AuditFineTuneTests measures the difference).
    @Test func templateTwinsDrawNewNamesAsWellAsNumbers() throws {
        let items = try TemplateFixtures.library().template(named: "shopping-en").generate(count: 30, seed: 3, level: 1, multipleChoice: false)
        let b = try builder()
        let renamed = items.enumerated().count { index, item in
            guard let twin = b.twin(of: item, index: index)?.item else { return false }
            return twin.question.split(separator: " ").first != item.question.split(separator: " ").first
        }
        #expect(renamed >= 25, "\(renamed) of 30 twins have another buyer")
    }

    @Test func familyItemsGetFreshItemsOfTheSameFamilyAndLevel() throws {
        let family = try FamilyCatalog.family(named: "navigate")
        let items = try family.generate(count: 20, seed: 2, level: 3, multipleChoice: false)
        let b = try builder()
        for (i, item) in items.enumerated() {
            let (twin, method) = try #require(b.twin(of: item, index: i))
            #expect(method == .family)
            #expect(twin.provenance?.level == 3)
            #expect(twin.question != item.question)
            #expect(PuzzleAnswerCheckers.navigate(twin.question) == twin.answer)
        }
    }

    @Test func multipleChoiceTwinKeepsTheGoldOptionText() throws {
        let item = BenchmarkItem(id: "q1", benchmark: "mmlu", subset: "s", question: "Which number is even?",
                                 choices: ["7", "9", "12", "15"], answer: "C")
        let (twin, method) = try #require(try builder().twin(of: item, index: 0))
        #expect(method == .perturbation)
        let labels = BenchmarkItem.labels(count: 4)
        let gold = try #require(labels.firstIndex(of: twin.answer))
        #expect(twin.choices?[gold] == "12")
        #expect(Set(twin.choices ?? []) == Set(item.choices!))
        #expect(twin.benchmark == "mmlu" && twin.subset == "s")
    }

    @Test func twinsAreDeterministicPerSeed() throws {
        let items = try FamilyCatalog.family(named: "arithmetic").generate(count: 10, seed: 4, level: 1, multipleChoice: false)
        let a = try items.enumerated().map { try builder(seed: 9).twin(of: $1, index: $0)!.item }
        let b = try items.enumerated().map { try builder(seed: 9).twin(of: $1, index: $0)!.item }
        let c = try items.enumerated().map { try builder(seed: 10).twin(of: $1, index: $0)!.item }
        #expect(a == b)
        #expect(a != c)
    }

    @Test func freshItemSourceFindsTemplatesAndFamilies() throws {
        let library = try TemplateFixtures.library()
        #expect(try FreshItemSource.named("shopping-en", library: library).name == "shopping-en")
        #expect(try FreshItemSource.named("web-of-lies", library: library).name == "web-of-lies")
        do {
            _ = try FreshItemSource.named("no-such-thing", library: library)
            Issue.record("expected an error")
        } catch let error as FamilyError {
            #expect(error.description.contains("shopping-en") && error.description.contains("web-of-lies"))
        }
    }

    @Test func resampleNumbersPerturbationRecomputesOnlyMatchedItems() throws {
        let perturber = try Perturber(kinds: [.resampleNumbers], seed: 3, lexiconFolder: TemplateFixtures.lexicons)
        let items = try TemplateFixtures.library().template(named: "ratio-en").generate(count: 10, seed: 8, level: 1, multipleChoice: false)
        for (i, item) in items.enumerated() {
            guard let twin = perturber.perturb(item, index: i) else { continue }
            #expect(twin.provenance?.perturbations == ["resample_numbers"])
            let n = try #require(TemplateFixtures.integers(#"share (\d+) .* ratio (\d+):(\d+)"#, in: twin.question))
            #expect(Int(twin.answer) == n[0] / (n[1] + n[2]) * n[2])
        }
        let unrelated = BenchmarkItem(id: "x", question: "What colour is the sky?", answer: "blue")
        #expect(perturber.perturb(unrelated, index: 0) == nil)
    }
}
