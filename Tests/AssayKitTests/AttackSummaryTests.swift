import Foundation
import Testing
@testable import AssayKit

/// Rates, grouping and the report of attack records.
@Suite struct AttackSummaryTests {
    func record(_ index: Int, _ category: AttackCategory, success: Bool, refused: Bool, output: String = "out") -> AttackRecord {
        let item = AttackItem(id: "s/0/\(index)", suite: "s-\(category.rawValue)", category: category, language: index % 2 == 0 ? "en" : "zh",
                              system: nil, prompt: "p", detector: .contains, target: "KQZP-4829", truth: nil)
        let verdict = AttackVerdict(success: success, refused: refused, evidence: success ? "KQZP-4829" : nil,
                                    evidenceRange: nil, refusal: nil, note: "n")
        return AttackRecord(item: item, output: output, verdict: verdict, finishReason: "eos", tokens: 3)
    }

    let manifest = AttackManifest(
        command: "attack", model: ModelProvenance(backend: "llama.cpp", model: "m", file: "m.gguf"), seed: 1, commandLine: [],
        settings: AttackRunSettings(chat: false, count: 5, maxTokens: 8, language: "all", suites: ["s"]))

    @Test func ratesPerCategoryAndLanguage() {
        let records = [record(0, .goalHijacking, success: true, refused: false),
                       record(1, .goalHijacking, success: false, refused: true),
                       record(2, .goalHijacking, success: false, refused: true),
                       record(3, .goalHijacking, success: true, refused: false),
                       record(4, .promptLeaking, success: false, refused: false)]
        let summary = AttackSummary(records: records, manifest: manifest)
        let hijack = summary.categories["goal_hijacking"]!
        #expect(hijack.n == 4 && hijack.successes == 2 && hijack.asr == 0.5 && hijack.refusalRate == 0.5)
        // Wilson 95% for 2 of 4: centre (0.5 + 1.96^2/8) / (1 + 1.96^2/4) = 0.5, half-width ≈ 0.3506.
        #expect(abs(hijack.asrCI[0] - 0.1500) < 1e-3 && abs(hijack.asrCI[1] - 0.8500) < 1e-3)
        #expect(summary.categories["prompt_leaking"]!.asr == 0 && summary.categories["prompt_leaking"]!.asrCI[0] == 0)
        #expect(summary.overall.n == 5 && summary.overall.successes == 2)
        #expect(summary.languages["en"]!.n == 3 && summary.languages["zh"]!.n == 2)
    }

    @Test func reportEscapesModelText() {
        let records = [record(0, .goalHijacking, success: true, refused: false, output: "<script>alert(1)</script> KQZP-4829")]
        let html = AttackReport.document(summary: AttackSummary(records: records, manifest: manifest), records: records).renderHTML()
        #expect(!html.contains("<script>alert"))
        #expect(html.contains("&lt;script&gt;alert(1)"))
    }
}
