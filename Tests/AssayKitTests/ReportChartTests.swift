import Foundation
import Testing
@testable import AssayKit

@Suite struct ReportChartTests {
    static let hostile = "<script>alert('x')</script>"

    static let hostileBlocks: [ReportDocument.Block] = [
        .lines(title: hostile, xLabel: hostile, yLabel: hostile,
               series: [.init(hostile, [.init(x: 1, y: 2), .init(x: 4, y: 3)]), .init("other", [.init(x: 2, y: 1)])], logX: true),
        .cdf(title: hostile, xLabel: hostile, series: [.init(hostile, [1, 2, 3, 4]), .init("other", [2, 5])]),
        .timeline(title: hostile, xLabel: hostile, rows: [
            .init(start: 0, firstToken: 0.5, end: 2, label: hostile),
            .init(start: 1, firstToken: 1.2, end: 1.5, failed: true),
            .init(start: 0.5, end: 3),
        ]),
    ]

    /// The `<svg>…</svg>` of a page holding only `block`.
    func svg(_ block: ReportDocument.Block) -> String {
        let html = ReportDocument(title: "t", sections: [.init("s", [block])]).renderHTML()
        guard let start = html.range(of: "<svg"), let end = html.range(of: "</svg>") else { return "" }
        return String(html[start.lowerBound..<end.upperBound])
    }

    func markdown(_ block: ReportDocument.Block) -> String {
        ReportDocument(title: "t", sections: [.init("s", [block])]).renderMarkdown()
    }

    /// The values of every `name="…"` attribute, in order.
    func attribute(_ name: String, in svg: String) -> [Double] {
        svg.components(separatedBy: " \(name)=\"").dropFirst().compactMap { Double($0.prefix { $0 != "\"" }) }
    }

    @Test(arguments: hostileBlocks)
    func rendersEscapedSVG(_ block: ReportDocument.Block) {
        let svg = svg(block)
        #expect(svg.hasPrefix("<svg"))
        #expect(!svg.contains("<script"))
        #expect(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"))
        #expect(!svg.contains("no data"))
        let outsideFences = markdown(block).components(separatedBy: "```").enumerated().filter { $0.offset % 2 == 0 }.map(\.element).joined()
        #expect(!outsideFences.contains("<script"))
    }

    @Test(arguments: [
        ReportDocument.Block.lines(title: "t", xLabel: "x", yLabel: "y", series: [], logX: false),
        .lines(title: "t", xLabel: "x", yLabel: "y", series: [.init("a", [])], logX: false),
        .lines(title: "t", xLabel: "x", yLabel: "y",
               series: [.init("a", [.init(x: .nan, y: 1), .init(x: 1, y: .infinity), .init(x: 0, y: 1), .init(x: -2, y: 3)])], logX: true),
        .cdf(title: "t", xLabel: "x", series: []),
        .cdf(title: "t", xLabel: "x", series: [.init("a", [.nan, .infinity, -.infinity]), .init("b", [])]),
        .timeline(title: "t", xLabel: "x", rows: []),
        .timeline(title: "t", xLabel: "x", rows: [.init(start: .nan, end: 1), .init(start: 0, end: .infinity), .init(start: 2, end: 1)]),
    ])
    func emptyOrUnusableDataSaysNoData(_ block: ReportDocument.Block) {
        let svg = svg(block)
        #expect(svg.contains("no data"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        #expect(markdown(block).contains("no "))
    }

    @Test func unusableValuesAmongGoodOnesAreLeftOut() {
        let blocks: [ReportDocument.Block] = [
            .lines(title: "t", xLabel: "x", yLabel: "y", series: [
                .init("a", [.init(x: 1, y: 2), .init(x: .nan, y: 1), .init(x: 0, y: 5), .init(x: 8, y: .infinity), .init(x: 8, y: 3)]),
                .init("b", [.init(x: 2, y: .nan)]),
            ], logX: true),
            .cdf(title: "t", xLabel: "x", series: [.init("a", [1, .nan, 3, .infinity, 2]), .init("b", [])]),
            .timeline(title: "t", xLabel: "x", rows: [
                .init(start: 0, firstToken: .nan, end: 1), .init(start: .nan, end: 2),
                .init(start: 1, firstToken: 9, end: 2, failed: true), .init(start: 0.5, firstToken: -1, end: 0.7),
            ]),
        ]
        for block in blocks {
            let svg = svg(block)
            #expect(svg.contains("<svg") && !svg.contains("no data"))
            #expect(!svg.contains("nan") && !svg.contains("inf"))
        }
        #expect(attribute("cx", in: svg(blocks[0])).count == 2)
        #expect(markdown(blocks[2]).contains("t: 3 requests from 0 to 2 s, 1 failed, 1 without valid times"))
    }

    @Test func logXSpacesPowersEvenly() throws {
        let points = [1.0, 4, 16, 64].map { ReportDocument.Point(x: $0, y: $0 * 10) }
        let logX = attribute("cx", in: svg(.lines(title: "t", xLabel: "c", yLabel: "y", series: [.init("a", points)], logX: true)))
        try #require(logX.count == 4)
        let steps = zip(logX.dropFirst(), logX).map { $0 - $1 }
        #expect(steps.allSatisfy { $0 > 0 && abs($0 - steps[0]) <= 0.2 })
        // Every distinct x gets a tick label.
        let chart = svg(.lines(title: "t", xLabel: "c", yLabel: "y", series: [.init("a", points)], logX: true))
        #expect(["1", "4", "16", "64"].allSatisfy { chart.contains("text-anchor=\"middle\">\($0)</text>") })

        let linear = attribute("cx", in: svg(.lines(title: "t", xLabel: "c", yLabel: "y", series: [.init("a", points)], logX: false)))
        #expect(linear.count == 4)
        #expect(linear[3] - linear[2] > 2 * (linear[2] - linear[1]))
    }

    @Test func cdfOfManyValuesIsDownsampled() {
        let values = (0..<10_000).map { Double(($0 * 7919) % 10_000) / 100 }
        let chart = svg(.cdf(title: "latency", xLabel: "ms", series: [.init("a", values), .init("b", values.map { $0 * 1.5 })]))
        #expect(chart.utf8.count < 40_000)
        #expect(chart.contains(">p50 ") && chart.contains(">p99 "))
        let steps = chart.components(separatedBy: "<path d=\"").dropFirst().map { $0.prefix { $0 != "\"" }.filter { $0 == "V" }.count }
        #expect(steps == [400, 400])

        #expect(SVGChart.cdfSteps(count: 3).map(\.index) == [0, 1, 2])
        #expect(SVGChart.cdfSteps(count: 1000).last?.index == 999)
        #expect(SVGChart.cdfSteps(count: 1000).last?.share == 1)
        #expect(SVGChart.cdfSteps(count: 0).isEmpty)
    }

    @Test func timelineDrawsAnEvenlySpacedSubsetOfLargeRuns() {
        // Given latest first; every tenth failed.
        let rows = (0..<1000).map { (i: Int) -> ReportDocument.TimelineRow in
            let start = 0.01 * Double(999 - i)
            return ReportDocument.TimelineRow(start: start, firstToken: start + 0.2, end: start + 1, failed: i % 10 == 9)
        }
        let chart = svg(.timeline(title: "requests", xLabel: "s", rows: rows))
        #expect(chart.contains("showing 300 of 1000 requests"))
        let height = attribute("height", in: chart).first ?? 0
        #expect(height > 640 && height <= 640 + 80)
        // One waiting segment per drawn row, all in one path.
        let waiting = chart.components(separatedBy: "stroke=\"\(SVGChart.waitingColor)\"").first?.components(separatedBy: "<path d=\"").last ?? ""
        #expect(waiting.components(separatedBy: "M").count - 1 == 300)
        #expect(chart.contains("stroke=\"\(SVGChart.failedColor)\""))

        let few = svg(.timeline(title: "requests", xLabel: "s", rows: Array(rows.prefix(10))))
        #expect(!few.contains("showing"))
        let fewHeight = 26.0 + 80 + 40  // title, the minimum plot height, axis labels and legend
        #expect(attribute("height", in: few).first == fewHeight)
        #expect(SVGChart.evenlySpaced(Array(0..<1000), count: 300) == SVGChart.evenlySpaced(Array(0..<1000), count: 300))
        #expect(SVGChart.evenlySpaced(Array(0..<1000), count: 300).first == 0)
        #expect(SVGChart.evenlySpaced(Array(0..<10), count: 300).count == 10)
    }

    @Test func markdownSummarizesEachChart() {
        let lines = markdown(.lines(title: "throughput", xLabel: "concurrency", yLabel: "tok/s", series: [
            .init("tput", [.init(x: 4, y: 35), .init(x: 1, y: 10), .init(x: 16, y: 100), .init(x: 64, y: 180)]),
            .init(Self.hostile, [.init(x: 1, y: 12.5)]),
        ], logX: true))
        #expect(lines.contains("throughput (tok/s by concurrency):"))
        #expect(lines.contains("| series | 1 | 4 | 16 | 64 |"))
        #expect(lines.contains("| tput | 10 | 35 | 100 | 180 |"))
        #expect(lines.contains("| &lt;script&gt;alert('x')&lt;/script&gt; | 12.5 |  |  |  |"))

        let many = markdown(.lines(title: "t", xLabel: "x", yLabel: "y",
                                   series: [.init("a", (1...20).map { .init(x: Double($0), y: 1) })], logX: false))
        #expect(many.contains("| x | a |") && many.contains("| 20 | 1 |"))

        let cdf = markdown(.cdf(title: "latency", xLabel: "ms", series: [.init("ttft", (1...100).map(Double.init)), .init("empty", [])]))
        #expect(cdf.contains("latency:\n\n- ttft: n=100, p50 50.5, p90 90.1, p99 99.01, max 100\n- empty: no data\n"))

        let timeline = markdown(.timeline(title: "requests", xLabel: "s", rows: [
            .init(start: 0.5, firstToken: 0.7, end: 2.5), .init(start: 0, end: 1, failed: true), .init(start: 1, firstToken: 1.1, end: 2),
        ]))
        #expect(timeline.contains("requests: 3 requests from 0 to 2.5 s, 1 failed\n"))
    }

    @Test func histogramOfARangeWiderThanDoublesHasNoNaN() {
        let svg = SVGChart.histogram(title: "wide", xLabel: "x", series: [.init("a", [-1e308, 0, 1e308])])
        #expect(svg.contains("<rect") && !svg.contains("nan"))
    }
}
