import Foundation

extension ReportDocument.IntervalRow {
    /// The finite bounds, lower first (swapped when given the wrong way round).
    var bounds: (lower: Double?, upper: Double?) {
        let lower = lower.flatMap { $0.isFinite ? $0 : nil }, upper = upper.flatMap { $0.isFinite ? $0 : nil }
        if let lower, let upper, lower > upper { return (upper, lower) }
        return (lower, upper)
    }

    /// "[lower, upper]" with "?" for a missing bound, or "" without either.
    var intervalText: String {
        let (lower, upper) = bounds
        guard lower != nil || upper != nil else { return "" }
        return "[\(lower.map { ReportDocument.format($0) } ?? "?"), \(upper.map { ReportDocument.format($0) } ?? "?")]"
    }

    /// The value as a report prints it, "—" when it is not finite.
    var valueText: String { value.isFinite ? ReportDocument.format(value) : "—" }
}

// Interval charts: a dot per row with a whisker over its interval, on an axis fitted to the data.
extension SVGChart {
    /// At most this many ticks on an interval chart's axis.
    static let maxIntervalTicks = 12

    /// The axis of an interval chart holding `values` (finite, not empty): their range padded
    /// by 8% on each side (5% of the value, or 1 around 0, when they are all equal), and ticks
    /// at round steps inside it. A range too wide to pad has no ticks.
    static func intervalAxis(_ values: [Double]) -> (lo: Double, hi: Double, ticks: [Double]) {
        guard let low = values.min(), let high = values.max() else { return (0, 1, []) }
        let span = high - low
        guard span.isFinite else { return (low, high, []) }
        let pad = span > 0 ? span * 0.08 : (low == 0 ? 1 : abs(low) * 0.05)
        let lo = low - pad, hi = high + pad
        guard lo.isFinite, hi.isFinite, hi > lo else { return (low, high, []) }
        let step = niceStep(hi - lo, ticks: 5)
        let first = (lo / step).rounded(.up) * step
        let steps = ((hi - first) / step).rounded(.down)
        guard step > 0, step.isFinite, first.isFinite, steps.isFinite, steps >= 0, steps < Double(maxIntervalTicks),
              first + step != first else { return (lo, hi, []) }
        return (lo, hi, (0...Int(steps)).map { first + Double($0) * step })
    }

    /// A round step (1, 2 or 5 times a power of ten) that cuts `span` into about `ticks` parts.
    static func niceStep(_ span: Double, ticks: Int) -> Double {
        let raw = span / Double(max(1, ticks))
        guard raw > 0, raw.isFinite else { return 1 }
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let residual = raw / magnitude
        return (residual <= 1 ? 1 : residual <= 2 ? 2 : residual <= 5 ? 5 : 10) * magnitude
    }

    /// A dot per row at its value and a whisker with end caps over its interval (a half whisker
    /// when one bound is missing), rows in the given order, labels on the left and
    /// "value [lower, upper]" on the right; the x axis fits the values and bounds with padding.
    /// A row whose value is not finite shows "—" and no dot; non-finite bounds are left out.
    static func intervals(title: String, xLabel: String, rows: [ReportDocument.IntervalRow]) -> String {
        let e = ReportDocument.escapeHTML
        let rowH = 22.0, left = 170.0, right = 150.0, top = 28.0, width = 640.0
        let plotW = width - left - right, plotH = rowH * Double(max(rows.count, 1))
        let height = top + plotH + 40
        var svg = open(width: width, height: height, title: title, x: 8)
        let all = rows.flatMap { row in [row.value.isFinite ? row.value : nil, row.bounds.lower, row.bounds.upper].compactMap { $0 } }
        guard !all.isEmpty else { return svg + noData(x: 8) }
        let (lo, hi, ticks) = intervalAxis(all)
        let px = Scale(lo: lo, hi: hi, start: left, length: plotW)

        for i in rows.indices where i % 2 == 1 {
            svg += "<rect x=\"\(fmt(4))\" y=\"\(fmt(top + Double(i) * rowH))\" width=\"\(fmt(width - 8))\" height=\"\(fmt(rowH))\" fill=\"#f4f6f8\"/>"
        }
        var lastLabelEnd = -Double.infinity
        for tick in ticks {
            let x = px(tick)
            svg += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(top))\" x2=\"\(fmt(x))\" y2=\"\(fmt(top + plotH + 4))\" stroke=\"#dde1e5\"/>"
            let text = ReportDocument.format(tick, digits: 4), halfWidth = 3.2 * Double(text.count)
            guard x - halfWidth > lastLabelEnd + 4 else { continue }
            svg += "<text x=\"\(fmt(x))\" y=\"\(fmt(top + plotH + 16))\" text-anchor=\"middle\">\(e(text))</text>"
            lastLabelEnd = x + halfWidth
        }
        if ticks.isEmpty {
            svg += rangeLabels(lo: lo, hi: hi, label: "", left: left, plotW: plotW, y: top + plotH + 16)
        }
        svg += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(top + plotH))\" x2=\"\(fmt(left + plotW))\" y2=\"\(fmt(top + plotH))\" stroke=\"#888\"/>"
        svg += "<text x=\"\(fmt(left + plotW / 2))\" y=\"\(fmt(height - 6))\" text-anchor=\"middle\">\(e(xLabel))</text>"

        for (i, row) in rows.enumerated() {
            let cy = top + (Double(i) + 0.5) * rowH
            let summary = "\(row.valueText) \(row.intervalText)".trimmingCharacters(in: .whitespaces)
            svg += "<g><title>\(e("\(row.label): \(summary)"))</title>"
            svg += "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(cy + 4))\" text-anchor=\"end\">\(e(clip(row.label, 26)))</text>"
            let (lower, upper) = row.bounds
            let center = row.value.isFinite ? row.value : nil
            if let from = lower ?? center, let to = upper ?? center, lower != nil || upper != nil {
                let x0 = px(from), x1 = px(to)
                svg += "<line x1=\"\(fmt(x0))\" y1=\"\(fmt(cy))\" x2=\"\(fmt(x1))\" y2=\"\(fmt(cy))\" stroke=\"#444\" stroke-width=\"1.5\"/>"
                for (bound, x) in [(lower, x0), (upper, x1)] where bound != nil {
                    svg += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(cy - 5))\" x2=\"\(fmt(x))\" y2=\"\(fmt(cy + 5))\" stroke=\"#444\" stroke-width=\"1.5\"/>"
                }
            }
            if let center {
                svg += "<circle cx=\"\(fmt(px(center)))\" cy=\"\(fmt(cy))\" r=\"4.5\" fill=\"\(color(0))\" stroke=\"#fff\"/>"
            }
            svg += "<text x=\"\(fmt(left + plotW + 10))\" y=\"\(fmt(cy + 4))\">\(e(summary))</text></g>"
        }
        return svg + "</svg>"
    }
}
