import Foundation
import Testing
@testable import AssayKit

/// The grouped-bar and slope blocks: well-formed escaped SVG, bars and whiskers where the data
/// puts them, gaps for missing values, labels kept apart, and their Markdown tables.
@Suite struct ReportGroupChartTests {
    let charts = ReportMatrixChartTests()
    static let hostile = ReportMatrixChartTests.hostile

    static let bars: ReportDocument.Block = .groupedBars(
        title: hostile, yLabel: "accuracy", groups: ["mmlu", hostile], series: ["a", hostile],
        values: [[.init("a", 0.5, low: 0.25, high: 0.75), .init("b", 1.0)], [nil, .init("b", .nan)]])
    static let slope: ReportDocument.Block = .slope(title: hostile, leftLabel: "original", rightLabel: "fresh twins",
                                                    rows: [.init(hostile, left: 0.8, right: 0.3), .init("b", left: 0.8, right: 0.6),
                                                           .init("c", left: .infinity, right: 0.1)])

    @Test(arguments: [bars, slope])
    func rendersWellFormedEscapedSVG(_ block: ReportDocument.Block) throws {
        let svg = charts.svg(block)
        #expect(svg.hasPrefix("<svg") && !svg.contains("<script") && !svg.contains("no data"))
        let parsed = try #require(charts.parse(svg), "the SVG is not well-formed XML")
        #expect(parsed.text.contains(Self.hostile))
    }

    @Test func barsStandOnZeroWithWhiskersAndGaps() throws {
        let parsed = try #require(charts.parse(charts.svg(Self.bars)))
        let rects = parsed.elements.filter { $0.name == "rect" && $0.attributes["fill-opacity"] == "0.75" }
        #expect(rects.count == 2)   // the nil and NaN values leave gaps
        let heights = rects.compactMap { $0.attributes["height"].flatMap(Double.init) }
        let bottoms = rects.compactMap { r in Double(r.attributes["y"]!).flatMap { y in Double(r.attributes["height"]!).map { y + $0 } } }
        #expect(heights.count == 2 && abs(heights[1] - 2 * heights[0]) < 0.2)   // 1.0 is twice 0.5 on an axis from 0
        #expect(bottoms.count == 2 && abs(bottoms[0] - bottoms[1]) < 0.05)
        // One whisker (a vertical line and two caps) for the one bar with an interval.
        #expect(parsed.elements.filter { $0.name == "line" && $0.attributes["stroke"] == "#222" }.count == 3)
        #expect(parsed.text.contains("0.5 [0.25, 0.75]"))
    }

    @Test func slopeJoinsEachRowAndKeepsLabelsApart() throws {
        let parsed = try #require(charts.parse(charts.svg(Self.slope)))
        #expect(parsed.elements.filter { $0.name == "circle" }.count == 4)   // the infinite row is left out
        let texts = parsed.elements.filter { $0.name == "text" && $0.attributes["text-anchor"] == "end" }
        let ys = texts.compactMap { $0.attributes["y"].flatMap(Double.init) }
        #expect(ys.count == 2 && abs(ys[0] - ys[1]) >= 13 - 0.05)   // two rows start at 0.8: labels pushed apart
        #expect(SVGChart.spread([50, 50, 10, 55]) == [50, 63, 10, 76])
    }

    @Test func emptyChartsSayNoData() {
        #expect(charts.svg(.groupedBars(title: "t", yLabel: "y", groups: ["g"], series: ["s"], values: [[nil]])).contains("no data"))
        #expect(charts.svg(.slope(title: "t", leftLabel: "l", rightLabel: "r", rows: [])).contains("no data"))
    }

    @Test func markdownTables() {
        let bars = charts.markdown(Self.bars)
        #expect(bars.contains("| mmlu | 0.5 \\[0.25, 0.75\\] | 1 |"))
        let slope = charts.markdown(Self.slope)
        #expect(slope.contains("| b | 0.8 | 0.6 |"))
    }
}
