import Foundation

/// Inline SVG charts for reports: overlaid histograms and horizontal bars with intervals here;
/// line charts and cumulative distributions in `SVGChart+Lines`, request timelines in
/// `SVGChart+Timeline`, heatmaps in `SVGChart+Heatmap`, dot-and-whisker interval charts in
/// `SVGChart+Intervals`. Labels are escaped; sizes are fixed so the page needs no script.
enum SVGChart {
    static let palette = ["#3b6fb6", "#d9822b", "#2e9e6a", "#b8405e", "#7a5cc2", "#6b7780"]

    /// Histograms of several samples over shared bins (each normalized to its own count, so
    /// samples of different sizes compare as densities).
    static func histogram(title: String, xLabel: String, series: [ReportDocument.Series], bins: Int = 24) -> String {
        let all = series.flatMap { $0.values.filter(\.isFinite) }
        let width = 640.0, height = 220.0, left = 48.0, bottom = 34.0, top = 26.0, right = 12.0
        var svg = open(width: width, height: height, title: title, x: left)
        guard let lo = all.min(), let hi = all.max() else { return svg + noData(x: left) }
        let plotW = width - left - right, plotH = height - top - bottom
        var shares: [[Double]] = []
        for s in series {
            var counts = [Double](repeating: 0, count: bins)
            let finite = s.values.filter(\.isFinite)
            for v in finite {
                // Halved so that a range wider than Double's (−1e308...1e308) does not overflow.
                let share = hi > lo ? (v * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5) : 0
                let bin = share.isFinite ? Int((share * Double(bins)).rounded(.down)) : 0
                counts[min(bins - 1, max(0, bin))] += 1
            }
            shares.append(counts.map { finite.isEmpty ? 0 : $0 / Double(finite.count) })
        }
        let peak = max(shares.flatMap { $0 }.max() ?? 1, 1e-9)
        for (k, share) in shares.enumerated() {
            let color = palette[k % palette.count]
            for (i, value) in share.enumerated() where value > 0 {
                let x = left + Double(i) * plotW / Double(bins)
                let h = value / peak * plotH
                svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(top + plotH - h))\" width=\"\(fmt(plotW / Double(bins) - 1))\" height=\"\(fmt(h))\" fill=\"\(color)\" fill-opacity=\"0.45\"/>"
            }
        }
        svg += axis(left: left, top: top, plotW: plotW, plotH: plotH)
        svg += rangeLabels(lo: lo, hi: hi, label: xLabel, left: left, plotW: plotW, y: height - 6)
        svg += legend(series.enumerated().map { ("\($0.element.name) (n=\($0.element.values.count))", color($0.offset)) },
                      x: left + plotW - 170, y: top + 14)
        return svg + "</svg>"
    }

    /// Horizontal bars from 0 to the largest value (or interval end), intervals as whiskers.
    static func bars(title: String, xLabel: String, bars: [ReportDocument.Bar]) -> String {
        let e = ReportDocument.escapeHTML
        let rowH = 22.0, left = 170.0, right = 60.0, top = 26.0, width = 640.0
        let height = top + Double(max(bars.count, 1)) * rowH + 30
        let plotW = width - left - right
        let peak = max(bars.map { max($0.value, $0.high ?? $0.value) }.max() ?? 1, 1e-9)
        var svg = open(width: width, height: height, title: title, x: 8)
        for (i, bar) in bars.enumerated() {
            let y = top + Double(i) * rowH
            let w = max(0, bar.value) / peak * plotW
            svg += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y + 14))\" text-anchor=\"end\">\(e(String(bar.label.prefix(28))))</text>"
            svg += "<rect x=\"\(fmt(left))\" y=\"\(fmt(y + 3))\" width=\"\(fmt(w))\" height=\"\(fmt(rowH - 8))\" fill=\"\(palette[0])\" fill-opacity=\"0.7\"/>"
            if let low = bar.low, let high = bar.high {
                let x0 = left + max(0, low) / peak * plotW, x1 = left + max(0, high) / peak * plotW, cy = y + rowH / 2 - 1
                svg += "<line x1=\"\(fmt(x0))\" y1=\"\(fmt(cy))\" x2=\"\(fmt(x1))\" y2=\"\(fmt(cy))\" stroke=\"#222\"/>"
                svg += "<line x1=\"\(fmt(x0))\" y1=\"\(fmt(cy - 4))\" x2=\"\(fmt(x0))\" y2=\"\(fmt(cy + 4))\" stroke=\"#222\"/>"
                svg += "<line x1=\"\(fmt(x1))\" y1=\"\(fmt(cy - 4))\" x2=\"\(fmt(x1))\" y2=\"\(fmt(cy + 4))\" stroke=\"#222\"/>"
            }
            svg += "<text x=\"\(fmt(left + w + 4 + (bar.high.map { ($0 - bar.value) / peak * plotW } ?? 0)))\" y=\"\(fmt(y + 14))\">\(e(ReportDocument.format(bar.value, digits: 3)))</text>"
        }
        svg += "<text x=\"\(fmt(left + plotW / 2))\" y=\"\(fmt(height - 6))\" text-anchor=\"middle\">\(e(xLabel))</text>"
        return svg + "</svg>"
    }

}

// Pieces shared by every chart.
extension SVGChart {
    /// The color of the `index`-th series.
    static func color(_ index: Int) -> String { palette[index % palette.count] }

    /// The opening `<svg>` tag and the chart's title.
    static func open(width: Double, height: Double, title: String, x: Double) -> String {
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\">"
            + "<text x=\"\(fmt(x))\" y=\"16\" font-weight=\"600\">\(ReportDocument.escapeHTML(title))</text>"
    }

    /// The rest of a chart that has nothing to draw, closing the `<svg>`.
    static func noData(x: Double) -> String {
        "<text x=\"\(fmt(x))\" y=\"60\">no data</text></svg>"
    }

    /// The x and y axis lines along the bottom and left of the plot area.
    static func axis(left: Double, top: Double, plotW: Double, plotH: Double) -> String {
        "<line x1=\"\(fmt(left))\" y1=\"\(fmt(top + plotH))\" x2=\"\(fmt(left + plotW))\" y2=\"\(fmt(top + plotH))\" stroke=\"#888\"/>"
            + "<line x1=\"\(fmt(left))\" y1=\"\(fmt(top))\" x2=\"\(fmt(left))\" y2=\"\(fmt(top + plotH))\" stroke=\"#888\"/>"
    }

    /// One line under the plot: the lowest value at the left, the axis label in the middle, the
    /// highest value at the right.
    static func rangeLabels(lo: Double, hi: Double, label: String, left: Double, plotW: Double, y: Double) -> String {
        let e = ReportDocument.escapeHTML
        return "<text x=\"\(fmt(left))\" y=\"\(fmt(y))\">\(e(ReportDocument.format(lo)))</text>"
            + "<text x=\"\(fmt(left + plotW))\" y=\"\(fmt(y))\" text-anchor=\"end\">\(e(ReportDocument.format(hi)))</text>"
            + "<text x=\"\(fmt(left + plotW / 2))\" y=\"\(fmt(y))\" text-anchor=\"middle\">\(e(label))</text>"
    }

    /// Color swatches with their (escaped) names, stacked downwards from (x, y), or side by side.
    static func legend(_ entries: [(name: String, color: String)], x: Double, y: Double, horizontal: Bool = false) -> String {
        var svg = "", x = x, y = y
        for entry in entries {
            svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y - 9))\" width=\"10\" height=\"10\" fill=\"\(entry.color)\" fill-opacity=\"0.6\"/>"
            svg += "<text x=\"\(fmt(x + 14))\" y=\"\(fmt(y))\">\(ReportDocument.escapeHTML(entry.name))</text>"
            if horizontal { x += 28 + 6 * Double(entry.name.count) } else { y += 15 }
        }
        return svg
    }

    /// `text` cut to at most `length` characters, ending in "…" when cut.
    static func clip(_ text: String, _ length: Int) -> String {
        text.count <= length ? text : text.prefix(max(0, length - 1)) + "…"
    }

    /// A coordinate with one decimal; a non-finite one (never expected) becomes 0 rather than
    /// "nan", which would make the whole SVG invalid.
    static func fmt(_ x: Double) -> String { x.isFinite ? String(format: "%.1f", x) : "0.0" }

    /// Maps data values in lo...hi linearly onto pixels from `start` over `length` (negative to
    /// run upwards); an empty or unusable range maps everything to the middle.
    struct Scale {
        var lo: Double
        var hi: Double
        var start: Double
        var length: Double

        func callAsFunction(_ value: Double) -> Double {
            let span = hi - lo
            guard span > 0, span.isFinite, value.isFinite else { return start + length / 2 }
            return start + (value - lo) / span * length
        }
    }
}
