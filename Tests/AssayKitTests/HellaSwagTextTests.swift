import Testing
@testable import AssayKit

/// HellaSwag read as lm-evaluation-harness builds its requests. Expected strings are worked by
/// hand from its rules: query = activity_label + ": " + ctx_a + " " + ctx_b.capitalize(); then
/// strip, " [title]" -> ". ", remove every "[...]" (not across a line feed), "  " -> " " (one pass).
@Suite struct HellaSwagTextTests {
    static let record = #"{"ind": 7, "activity_label": "Home and Garden", "#
        + #""ctx_a": "[header] How to water a fern [title] Check the soil first. [step] Press a finger into the soil.", "#
        + #""ctx_b": "IF it feels DRY, water it", "ctx": "unused when ctx_a is there", "#
        + #""endings": ["[substeps] Pour slowly  until the water drains. [title] Wait a day.", "  leaves it   outside.  ", "#
        + #""keeps [it\nwet] daily", "[step] [substeps]Repots it."], "label": 0, "split": "val", "source_id": "wikihow~1"}"#

    @Test func wikiHowMarkupIsRemovedAsLmEvalDoes() throws {
        let path = try FormatTestSupport.file("val.jsonl", Self.record + "\n")
        let item = try #require(try BenchmarkReader.readAll(path, format: .hellaswag).first)
        // ": [header] How" -> ":  How" -> ": How"; "fern [title] Check" -> "fern.  Check" -> "fern. Check";
        // ctx_b capitalized: "If it feels dry, water it".
        #expect(item.question == "Home and Garden: How to water a fern. Check the soil first. Press a finger into the soil. If it feels dry, water it")
        #expect(item.choices == [
            " Pour slowly until the water drains.. Wait a day.",  // stripped before the tag is removed: the space stays
            "leaves it  outside.",                                  // three spaces leave two
            "keeps [it\nwet] daily",                                // no match across the line feed
            " Repots it.",
        ])
        #expect(item.subset == "Home and Garden")
        #expect(item.answer == "A")
        // The prompt of a zero-shot HellaSwag item is lm-eval's query exactly.
        let style = PromptStyle.of(item, format: .hellaswag, mode: .loglikelihood)
        #expect(PromptBuilder(shots: 0, pool: FewShotPool.split([], shots: 0).pool).text(for: item, style: style) == item.question)
    }

    @Test func capitalizeIsPythons() {
        #expect(HellaSwagText.capitalized("the DOG runs") == "The dog runs")
        #expect(HellaSwagText.capitalized("éCOLE") == "École")
        #expect(HellaSwagText.capitalized("ǆUNGLA") == "ǅungla")  // title case, not upper case (U+01C5)
        #expect(HellaSwagText.capitalized("") == "")
    }

    @Test func preprocessEdgeCases() {
        // Python's strip also takes U+001F and U+00A0; then no " [title]" is left to become ". ".
        #expect(HellaSwagText.preprocess("\u{1F} [title]x\u{A0}") == "x")
        #expect(HellaSwagText.preprocess("a [b [c] d]") == "a d]")
        #expect(HellaSwagText.preprocess("open [ended") == "open [ended")
        #expect(HellaSwagText.preprocess("   ") == "")
    }
}
