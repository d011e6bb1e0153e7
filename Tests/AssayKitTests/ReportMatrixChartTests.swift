import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import AssayKit

/// The heatmap and interval blocks: well-formed escaped SVG, missing and unusable values, axes,
/// and their Markdown tables.
@Suite struct ReportMatrixChartTests {
    static let hostile = "<script>alert('x')</script> & \"q\""

    func svg(_ block: ReportDocument.Block) -> String {
        let html = ReportDocument(title: "t", sections: [.init("s", [block])]).renderHTML()
        guard let start = html.range(of: "<svg"), let end = html.range(of: "</svg>") else { return "" }
        return String(html[start.lowerBound..<end.upperBound])
    }

    func markdown(_ block: ReportDocument.Block) -> String {
        ReportDocument(title: "t", sections: [.init("s", [block])]).renderMarkdown()
    }

    /// Parses `svg` as XML, collecting every element's attributes and all text.
    final class Collector: NSObject, XMLParserDelegate {
        var elements: [(name: String, attributes: [String: String])] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            elements.append((name, attributes))
        }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    func parse(_ svg: String) -> Collector? {
        let collector = Collector()
        let parser = XMLParser(data: Data(svg.utf8))
        parser.delegate = collector
        return parser.parse() ? collector : nil
    }

    /// The markup of each heatmap cell (a `<g>` with a tooltip), in order.
    func cells(_ svg: String) -> [String] {
        svg.components(separatedBy: "<g><title>").dropFirst().map { $0.components(separatedBy: "</g>")[0] }
    }

    /// The `<rect>`s drawn as heatmap cells (those inside a `<g>` with a tooltip), in order.
    func cellFills(_ svg: String) -> [String] {
        cells(svg).compactMap { group in
            group.components(separatedBy: "fill=\"").dropFirst().first.map { String($0.prefix { $0 != "\"" }) }
        }
    }

    /// The text drawn in each heatmap cell, in order.
    func cellTexts(_ svg: String) -> [String] {
        cells(svg).compactMap { group in
            group.components(separatedBy: "\">").last.map { String($0.prefix { $0 != "<" }) }
        }
    }

    static let winRates: [[Double?]] = [[nil, 0.63, 0.9], [0.37, nil, 0.5], [0.1, 0.5, nil]]

    static let blocks: [ReportDocument.Block] = [
        .heatmap(title: hostile, rows: [hostile, "b", "c"], columns: [hostile, "b", "c"], values: winRates, format: .rate),
        .heatmap(title: hostile, rows: ["a", hostile], columns: ["x", "a much longer column label"],
                 values: [[1.5, -2], [nil, 3.25]], format: .number(digits: 2)),
        .intervals(title: hostile, xLabel: hostile, rows: [
            .init(hostile, 1040, lower: 990, upper: 1090), .init("b", 1000, lower: 950, upper: 1050), .init("c", 930),
        ]),
    ]

    @Test(arguments: blocks)
    func rendersWellFormedEscapedSVG(_ block: ReportDocument.Block) throws {
        let svg = svg(block)
        #expect(svg.hasPrefix("<svg"))
        #expect(!svg.contains("<script"))
        #expect(svg.contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"))
        #expect(!svg.contains("no data"))
        let parsed = try #require(parse(svg), "the SVG is not well-formed XML")
        #expect(parsed.elements.first?.name == "svg")
        #expect(parsed.text.contains(Self.hostile))
        // Markdown escapes the labels too.
        #expect(!markdown(block).contains("<script"))
        #expect(markdown(block).contains("&lt;script&gt;"))
    }

    @Test func rateCellsAreColoredAroundOneHalfAndMissingOnesAreGrey() {
        let chart = svg(Self.blocks[0])
        let fills = cellFills(chart), texts = cellTexts(chart)
        #expect(fills.count == 9 && texts.count == 9)
        #expect(texts == ["—", "63%", "90%", "37%", "—", "50%", "10%", "50%", "—"])
        for diagonal in [0, 4, 8] { #expect(fills[diagonal] == SVGChart.missingCellColor) }
        #expect(fills[5] == "#f7f7f7" && fills[7] == "#f7f7f7")  // 0.5: the neutral middle
        #expect(SVGChart.heatFill(0, diverging: true).fill == "#d73027")
        #expect(SVGChart.heatFill(1, diverging: true).fill == "#1a9850")
        // Above 0.5 greener, below redder.
        func rgb(_ hex: String) -> [Int] { stride(from: 1, to: 7, by: 2).map { Int(hex.dropFirst($0).prefix(2), radix: 16) ?? -1 } }
        let above = rgb(fills[2]), below = rgb(fills[6])
        #expect(above[1] > above[0] && below[0] > below[1])
        // Out-of-range rates take the end colors and still print.
        #expect(SVGChart.heatFill(-3, diverging: true).fill == SVGChart.heatFill(0, diverging: true).fill)
        #expect(ReportDocument.HeatFormat.rate.text(1.2) == "120%")
        #expect(ReportDocument.HeatFormat.rate.text(-0.001) == "0%")
        // A key of the scale and of the missing value.
        #expect(chart.contains(">0%</text>") && chart.contains(">100%</text>") && chart.contains("no value"))
    }

    @Test func numberCellsUseTheirOwnRange() {
        let chart = svg(.heatmap(title: "t", rows: ["a", "b"], columns: ["x", "y"], values: [[10, 20], [30, 40]], format: .number(digits: 1)))
        let fills = cellFills(chart)
        #expect(cellTexts(chart) == ["10.0", "20.0", "30.0", "40.0"])
        #expect(fills.first == SVGChart.heatFill(0, diverging: false).fill)
        #expect(fills.last == SVGChart.heatFill(1, diverging: false).fill)
        #expect(Set(fills).count == 4)
        #expect(chart.contains(">25</text>"))  // the key's middle
        #expect(ReportDocument.HeatFormat.number(digits: 0).text(2.6) == "3")
        #expect(ReportDocument.HeatFormat.number(digits: 2).text(-0.001) == "0.00")
        #expect(ReportDocument.HeatFormat.number(digits: 99).text(1) == "1.000000")
        #expect(ReportDocument.HeatFormat.number(digits: 2).text(3e300) == "3e+300" || ReportDocument.HeatFormat.number(digits: 2).text(3e300).contains("e"))
        // All equal: one middle color, no division by zero.
        let flat = svg(.heatmap(title: "t", rows: ["a"], columns: ["x", "y"], values: [[5, 5]], format: .number(digits: 0)))
        #expect(Set(cellFills(flat)).count == 1)
    }

    @Test func raggedNonFiniteAndOneCellMatrices() throws {
        let ragged = svg(.heatmap(title: "t", rows: ["a", "b", "c"], columns: ["x", "y"],
                                  values: [[0.2], [.nan, .infinity, 0.7], []], format: .rate))
        #expect(cellTexts(ragged) == ["20%", "—", "—", "—", "—", "—"])
        #expect(!ragged.contains("nan") && !ragged.contains("inf"))
        #expect(parse(ragged) != nil)

        let one = svg(.heatmap(title: "t", rows: ["only"], columns: ["one"], values: [[0.75]], format: .rate))
        #expect(cellTexts(one) == ["75%"])
        #expect(parse(one) != nil)

        let wide = svg(.heatmap(title: "t", rows: ["a"], columns: ["x", "y", "z"], values: [[-1e308, 0, 1e308]], format: .number(digits: 0)))
        #expect(parse(wide) != nil && !wide.contains("nan") && !wide.contains("inf"))
        #expect(Set(cellFills(wide)).count == 3)

        let allMissing = svg(.heatmap(title: "t", rows: ["a"], columns: ["x"], values: [[nil]], format: .number(digits: 1)))
        #expect(cellFills(allMissing) == [SVGChart.missingCellColor])
        #expect(parse(allMissing) != nil)
    }

    @Test(arguments: [
        ReportDocument.Block.heatmap(title: "t", rows: [], columns: [], values: [], format: .rate),
        .heatmap(title: "t", rows: ["a"], columns: [], values: [[]], format: .rate),
        .heatmap(title: "t", rows: [], columns: ["x"], values: [], format: .number(digits: 1)),
        .intervals(title: "t", xLabel: "x", rows: []),
    ])
    func emptyInputsSayNoData(_ block: ReportDocument.Block) {
        let svg = svg(block)
        #expect(svg.contains("no data"))
        #expect(parse(svg) != nil)
        #expect(markdown(block).contains("no data"))
    }

    @Test func intervalAxisFitsRatingsWithoutStartingAtZero() throws {
        let rows: [ReportDocument.IntervalRow] = [
            .init("model-b", 1085, lower: 1010, upper: 1160),
            .init("model-a", 1000, lower: 930, upper: 1070),
            .init("model-c", 912, lower: 840, upper: 990),
        ]
        let chart = svg(.intervals(title: "Elo", xLabel: "rating", rows: rows))
        let parsed = try #require(parse(chart))
        let dots = parsed.elements.filter { $0.name == "circle" }.compactMap { $0.attributes["cx"].flatMap(Double.init) }
        let rowsY = parsed.elements.filter { $0.name == "circle" }.compactMap { $0.attributes["cy"].flatMap(Double.init) }
        try #require(dots.count == 3)
        // Given order top to bottom; the highest rating furthest right.
        #expect(rowsY == rowsY.sorted() && Set(rowsY).count == 3)
        #expect(dots[0] > dots[1] && dots[1] > dots[2])
        // The data spreads over most of the plot (170...490), not squeezed near its right end.
        #expect(dots[0] - dots[2] > 120)
        let axis = SVGChart.intervalAxis(rows.flatMap { [$0.value, $0.lower!, $0.upper!] })
        #expect(axis.lo > 780 && axis.lo < 840 && axis.hi > 1160 && axis.hi < 1220)
        #expect(axis.ticks == [800, 900, 1000, 1100, 1200].filter { $0 >= axis.lo && $0 <= axis.hi })
        #expect(!axis.ticks.contains(0))
        #expect(chart.contains(">1000</text>"))
        #expect(chart.contains(">1085 [1010, 1160]</text>"))
        // Whisker caps: two per row with both bounds.
        let verticals = parsed.elements.filter { $0.name == "line" && $0.attributes["x1"] == $0.attributes["x2"] && $0.attributes["stroke"] == "#444" }
        #expect(verticals.count == 6)

        // A single value gets an axis around it.
        let single = SVGChart.intervalAxis([1000])
        #expect(single.lo < 1000 && single.hi > 1000 && single.lo > 900)
        #expect(SVGChart.intervalAxis([0]).lo == -1)
        #expect(SVGChart.niceStep(440, ticks: 5) == 100)
        #expect(SVGChart.niceStep(0.0033, ticks: 5) == 0.001)
    }

    @Test func intervalRowsWithUnusableOrPartialValues() throws {
        let rows: [ReportDocument.IntervalRow] = [
            .init("NaN value", .nan, lower: 1, upper: 2),
            .init("unbounded", 5, lower: -.infinity, upper: .infinity),
            .init("upper only", 4, upper: 6),
            .init("swapped", 3, lower: 4, upper: 2),
            .init("plain", 2),
        ]
        let chart = svg(.intervals(title: "t", xLabel: "x", rows: rows))
        let parsed = try #require(parse(chart))
        #expect(!chart.contains("nan") && !chart.contains("inf"))
        #expect(parsed.elements.filter { $0.name == "circle" }.count == 4)
        #expect(chart.contains(">— [1, 2]</text>"))
        #expect(chart.contains(">5</text>") && chart.contains(">4 [?, 6]</text>") && chart.contains(">3 [2, 4]</text>"))

        let md = markdown(.intervals(title: "t", xLabel: "x", rows: rows))
        #expect(md.contains("| | x | interval |") || md.contains("|  | x | interval |"))
        #expect(md.contains("| NaN value | — | \\[1, 2\\] |"))
        #expect(md.contains("| unbounded | 5 |  |"))
        #expect(md.contains("| upper only | 4 | \\[?, 6\\] |"))
        #expect(md.contains("| swapped | 3 | \\[2, 4\\] |"))

        for block: ReportDocument.Block in [
            .intervals(title: "t", xLabel: "x", rows: [.init("a", .nan), .init("b", .infinity)]),
            .intervals(title: "t", xLabel: "x", rows: [.init("a", -1e308, lower: -.greatestFiniteMagnitude), .init("b", 1e308, upper: .greatestFiniteMagnitude)]),
            .intervals(title: "t", xLabel: "x", rows: [.init("one", 1e16, lower: 1e16 - 2, upper: 1e16 + 2)]),
        ] {
            let svg = svg(block)
            #expect(parse(svg) != nil)
            #expect(!svg.contains("nan") && !svg.contains("inf"))
        }
        #expect(svg(.intervals(title: "t", xLabel: "x", rows: [.init("a", .nan)])).contains("no data"))
    }

    @Test func markdownTables() {
        let heat = markdown(.heatmap(title: "win rate (row vs column)", rows: ["a", "b|c"], columns: ["a", "b|c"],
                                     values: [[nil, 0.625], [0.375]], format: .rate))
        #expect(heat.contains("win rate (row vs column):\n\n"))
        #expect(heat.contains("|  | a | b\\|c |\n|---|---|---|\n| a | — | 63% |\n| b\\|c | 38% | — |\n"))

        let numbers = markdown(.heatmap(title: "n", rows: ["r"], columns: ["c1", "c2"], values: [[1.2345, .nan]], format: .number(digits: 2)))
        #expect(numbers.contains("| r | 1.23 | — |"))

        let intervals = markdown(.intervals(title: "Elo (95% CI)", xLabel: "rating", rows: [
            .init("m1", 1012.5, lower: 978.25, upper: 1046), .init("m2", 988),
        ]))
        // Brackets are escaped for Markdown; they render as "[978.2, 1046]".
        #expect(intervals.contains("Elo (95% CI):\n\n|  | rating | interval |\n|---|---|---|\n| m1 | 1012 | \\[978.2, 1046\\] |\n| m2 | 988 |  |\n"))
    }
}
