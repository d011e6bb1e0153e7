import Foundation
import Testing
@testable import AssayKit

@Suite struct AuditReportTests {
    let planted = "<script>alert('audit')</script>"

    func signals(_ f: Double) -> LikelihoodSignals {
        LikelihoodSignals(tokens: 10, perplexity: exp(-f), minK: f, minKPlusPlus: f, zlibRatio: -f)
    }

    var result: AuditItemResult {
        AuditItemResult(id: "item \(planted)", signals: signals(30), percentiles: ["ppl": 100], suspicion: 100,
                        flaggedBy: ["likelihood", "overlap"], gap: 0.5, ngramOverlap: 0.9,
                        evidence: [OverlapEvidence(path: "corpus.txt", offset: 0, line: 3, span: 13, text: planted)])
    }

    @Test func itemLineCarriesSignalsAtTopLevel() throws {
        let data = try JSONLinesWriter.makeEncoder().encode(result)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        for key in ["id", "ppl", "min_k", "min_k_pp", "zlib_ratio", "percentiles", "suspicion", "flagged", "ngram_overlap", "evidence"] {
            #expect(object[key] != nil, "\(key)")
        }
        #expect(object["flagged"] as? Bool == true)
        let decoded = try JSONDecoder().decode(AuditItemResult.self, from: data)
        #expect(decoded == result)
    }

    @Test func htmlReportEscapesPlantedScript() throws {
        let twins = (1...20).map { signals(Double($0)) }
        let calibration = try #require(SignalCalibration(twins: twins.enumerated().map { ("twin:\($0.offset)", $0.element) },
                                                         items: []))
        let manifest = AuditSummary.Manifest(command: "audit", model: ModelProvenance(backend: "llama.cpp", model: "m", file: "m.gguf"),
                                             seed: 0, commandLine: [],
                                             settings: AuditRunSettings(benchmark: planted, twins: nil, corpus: []))
        let summary = AuditSummary(verdict: .suspicious, pValue: 0.03, effectSize: 0.4, meanGapDifference: 0.1,
                                   ci: [0.01, 0.2], items: 1, twins: 20, itemsWithoutTwin: 0, itemGaps: 1, twinGaps: 20,
                                   flagged: 1, flaggedByLikelihood: 1, flaggedByOverlap: 1, flaggedShare: 1,
                                   signals: ["ppl"], suspicionThreshold: 92.75, overlapThreshold: 0.5,
                                   verdictThresholds: .init(items: 1, twins: 20), manifest: manifest)
        let document = AuditReport(summary: summary, results: [result], calibration: calibration, test: nil).document()
        let html = document.renderHTML()
        #expect(!html.contains("<script"))
        #expect(html.contains("&lt;script&gt;"))
        #expect(html.contains("<svg"))          // the histograms
        #expect(document.renderMarkdown().contains("corpus.txt:3"))
        #expect(summary.referenceCaution == nil && !html.contains("Caution"))
        // A negative reference-ratio weight: the report and the command line say what it means.
        var reversed = summary
        reversed.signalWeights = ["ppl": 0.1, "reference_ratio": -1.5]
        #expect(reversed.referenceCaution?.contains("weighs -1.5") == true)
        let cautioned = AuditReport(summary: reversed, results: [result], calibration: calibration, test: nil).document()
        #expect(cautioned.renderHTML().contains("Caution: the reference ratio weighs -1.5"))
        reversed.signalWeights = ["ppl": 0.1, "reference_ratio": 0.4]
        #expect(reversed.referenceCaution == nil)
    }
}
