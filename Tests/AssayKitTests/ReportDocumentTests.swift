import Foundation
import Testing
@testable import AssayKit

@Suite struct ReportDocumentTests {
    let hostile = "<script>alert('x')</script> & \"quoted\""

    var document: ReportDocument {
        ReportDocument(title: "Audit of \(hostile)", subtitle: hostile, sections: [
            .init("Items", [
                .paragraph(hostile),
                .callout(hostile, tone: .bad),
                .keyValues([.init(hostile, hostile)]),
                .table(headers: ["id", hostile], rows: [[hostile, "1 | 2"]]),
                .histogram(title: hostile, xLabel: hostile, series: [.init(hostile, [1, 2, 3]), .init("twins", [2, 3, 4, 5])]),
                .bars(title: hostile, xLabel: "accuracy", bars: [.init(hostile, 0.5, low: 0.4, high: 0.6)]),
                .preformatted(hostile),
            ]),
        ])
    }

    @Test func htmlEscapesEveryPlantedScript() {
        let html = document.renderHTML()
        #expect(!html.contains("<script"))
        #expect(!html.contains("alert('x')"))
        #expect(html.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(html.contains("<svg"))
        #expect(!html.contains("http://") || html.components(separatedBy: "http://").count == html.components(separatedBy: "xmlns=\"http://www.w3.org/2000/svg\"").count)
    }

    @Test func markdownEscapesTablesAndMarkup() {
        let md = document.renderMarkdown()
        // Code fences show their text literally; everywhere else markup must be escaped.
        let outsideFences = md.components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined()
        #expect(!outsideFences.contains("<script"))
        #expect(md.contains("1 \\| 2"))
        #expect(md.contains("| twins | 4 | 3.5 |"))
    }

    @Test func numberFormatting() {
        #expect(ReportDocument.format(3) == "3")
        #expect(ReportDocument.format(0.123456) == "0.1235")
        #expect(ReportDocument.format(12.3456) == "12.35")
        #expect(ReportDocument.format(nil) == "–")
        #expect(ReportDocument.format(.nan) == "nan")
    }

    @Test func writesBothFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-report-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let html = try document.write(to: folder)
        #expect(FileManager.default.fileExists(atPath: html))
        #expect(FileManager.default.fileExists(atPath: folder + "/report.md"))
    }
}
