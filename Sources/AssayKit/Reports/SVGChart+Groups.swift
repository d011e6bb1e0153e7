import Foundation

// Grouped bars (one group per benchmark, one bar per model, whiskers over intervals) and slope
// charts (each row's value on the left axis joined to its value on the right axis).
extension SVGChart {
    /// Vertical bars grouped along x, colored by series, with interval whiskers, on a y axis from
    /// min(0, lowest) to the highest value or interval end; a legend of the series on the right.
    /// `values[g][s]` is series `s` in group `g`; nil or non-finite values leave a gap.
    static func groupedBars(title: String, yLabel: String, groups: [String], series: [String],
                            values: [[ReportDocument.Bar?]]) -> String {
        let e = ReportDocument.escapeHTML
        let bar = { (g: Int, s: Int) -> ReportDocument.Bar? in
            g < values.count && s < values[g].count ? values[g][s].flatMap { $0.value.isFinite ? $0 : nil } : nil
        }
        let slots = max(series.count, 1), groupW = max(60.0, Double(slots) * 22 + 20)
        let left = 60.0, right = 230.0, top = 28.0, bottom = 40.0, plotH = 180.0
        let plotW = max(240.0, groupW * Double(max(groups.count, 1)))
        let width = left + plotW + right, height = top + plotH + bottom
        var svg = open(width: width, height: height, title: title, x: 8)
        let all = groups.indices.flatMap { g in series.indices.compactMap { bar(g, $0) } }
        let reach = all.flatMap { [$0.value, $0.low, $0.high].compactMap { $0 }.filter(\.isFinite) }
        guard let lowest = reach.min(), let highest = reach.max() else { return svg + noData(x: left) }
        let yLo = min(0, lowest), yHi = highest > yLo ? highest : yLo + 1
        let py = Scale(lo: yLo, hi: yHi, start: top + plotH, length: -plotH)
        for value in [yLo, yHi] {
            svg += "<text x=\"\(fmt(left - 4))\" y=\"\(fmt(py(value) + 4))\" text-anchor=\"end\">\(e(ReportDocument.format(value, digits: 3)))</text>"
        }
        svg += "<text transform=\"translate(12 \(fmt(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(e(yLabel))</text>"
        let barW = (groupW - 20) / Double(slots)
        for (g, group) in groups.enumerated() {
            let x0 = left + Double(g) * groupW + 10
            for s in series.indices {
                guard let item = bar(g, s) else { continue }
                let x = x0 + Double(s) * barW, y = py(max(item.value, yLo)), base = py(max(0, yLo))
                let tip = "\(series[s]) on \(group): \(ReportDocument.format(item.value))"
                    + (item.low.flatMap { low in item.high.map { " [\(ReportDocument.format(low)), \(ReportDocument.format($0))]" } } ?? "")
                svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(min(y, base)))\" width=\"\(fmt(barW - 3))\" height=\"\(fmt(abs(base - y)))\" fill=\"\(color(s))\" fill-opacity=\"0.75\"><title>\(e(tip))</title></rect>"
                if let low = item.low, let high = item.high, low.isFinite, high.isFinite {
                    let cx = x + (barW - 3) / 2
                    svg += "<line x1=\"\(fmt(cx))\" y1=\"\(fmt(py(low)))\" x2=\"\(fmt(cx))\" y2=\"\(fmt(py(high)))\" stroke=\"#222\"/>"
                    for end in [low, high] {
                        svg += "<line x1=\"\(fmt(cx - 3))\" y1=\"\(fmt(py(end)))\" x2=\"\(fmt(cx + 3))\" y2=\"\(fmt(py(end)))\" stroke=\"#222\"/>"
                    }
                }
            }
            svg += "<text x=\"\(fmt(x0 + (groupW - 20) / 2))\" y=\"\(fmt(top + plotH + 16))\" text-anchor=\"middle\">\(e(clip(group, Int(groupW / 6.5))))</text>"
        }
        svg += axis(left: left, top: top, plotW: plotW, plotH: plotH)
        svg += legend(series.enumerated().map { (clip($0.element, 34), color($0.offset)) }, x: left + plotW + 14, y: top + 10)
        return svg + "</svg>"
    }

    /// Two vertical axes sharing one scale fitted to the data: each row's left value joined by a
    /// line to its right value, labelled "name value" on the left and "value" on the right.
    static func slope(title: String, leftLabel: String, rightLabel: String, rows: [ReportDocument.SlopeRow]) -> String {
        let e = ReportDocument.escapeHTML
        let width = 640.0, top = 44.0, plotH = 170.0, height = top + plotH + 24, leftX = 260.0, rightX = 440.0
        var svg = open(width: width, height: height, title: title, x: 8)
        let shown = rows.filter { $0.left.isFinite && $0.right.isFinite }
        guard !shown.isEmpty else { return svg + noData(x: 8) }
        let (lo, hi, _) = intervalAxis(shown.flatMap { [$0.left, $0.right] })
        let py = Scale(lo: lo, hi: hi, start: top + plotH, length: -plotH)
        for (x, label) in [(leftX, leftLabel), (rightX, rightLabel)] {
            svg += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(top))\" x2=\"\(fmt(x))\" y2=\"\(fmt(top + plotH))\" stroke=\"#888\"/>"
            svg += "<text x=\"\(fmt(x))\" y=\"\(fmt(top - 10))\" text-anchor=\"middle\" font-weight=\"600\">\(e(label))</text>"
        }
        let leftLabels = spread(shown.map { py($0.left) }), rightLabels = spread(shown.map { py($0.right) })
        for (k, row) in shown.enumerated() {
            let y0 = py(row.left), y1 = py(row.right), stroke = color(k)
            let left = ReportDocument.format(row.left, digits: 3), right = ReportDocument.format(row.right, digits: 3)
            svg += "<g><title>\(e("\(row.label): \(left) → \(right)"))</title>"
            svg += "<line x1=\"\(fmt(leftX))\" y1=\"\(fmt(y0))\" x2=\"\(fmt(rightX))\" y2=\"\(fmt(y1))\" stroke=\"\(stroke)\" stroke-width=\"2\"/>"
            svg += "<circle cx=\"\(fmt(leftX))\" cy=\"\(fmt(y0))\" r=\"4\" fill=\"\(stroke)\"/><circle cx=\"\(fmt(rightX))\" cy=\"\(fmt(y1))\" r=\"4\" fill=\"\(stroke)\"/>"
            svg += "<text x=\"\(fmt(leftX - 8))\" y=\"\(fmt(leftLabels[k] + 4))\" text-anchor=\"end\" fill=\"\(stroke)\">\(e("\(clip(row.label, 28)) \(left)"))</text>"
            svg += "<text x=\"\(fmt(rightX + 8))\" y=\"\(fmt(rightLabels[k] + 4))\" fill=\"\(stroke)\">\(e("\(right) \(clip(row.label, 22))"))</text></g>"
        }
        return svg + "</svg>"
    }

    /// Label positions for points at `ys`: in the same order, at least `gap` pixels apart,
    /// each as near its point as that allows (pushed downwards from the topmost).
    static func spread(_ ys: [Double], gap: Double = 13) -> [Double] {
        var placed = ys
        var last = -Double.infinity
        for i in ys.indices.sorted(by: { (ys[$0], $0) < (ys[$1], $1) }) {
            placed[i] = max(ys[i], last + gap)
            last = placed[i]
        }
        return placed
    }
}
