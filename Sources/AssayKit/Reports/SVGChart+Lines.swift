import Foundation

extension ReportDocument.LineSeries {
    /// The points a chart can place, in order of x: both coordinates finite, and x > 0 on a
    /// log scale.
    func plottable(logX: Bool) -> [ReportDocument.Point] {
        points.filter { $0.x.isFinite && $0.y.isFinite && (!logX || $0.x > 0) }
            .enumerated().sorted { ($0.element.x, $0.offset) < ($1.element.x, $1.offset) }.map(\.element)
    }
}

// Line charts (y against x, optionally on a log x scale) and empirical cumulative distributions.
extension SVGChart {
    /// At most this many x values get their own tick and label; more get only the range.
    static let maxXTicks = 12
    /// A cumulative distribution of more values is drawn through this many evenly spaced ranks.
    static let maxCDFSteps = 400

    /// Lines through each series' points with a marker at each, on a y axis from
    /// min(0, lowest) to max(0, highest); x ticks at the distinct x values when there are few.
    static func lines(title: String, xLabel: String, yLabel: String, series: [ReportDocument.LineSeries], logX: Bool) -> String {
        let e = ReportDocument.escapeHTML
        let width = 640.0, height = 240.0, left = 70.0, right = 150.0, top = 26.0, bottom = 36.0
        let plotW = width - left - right, plotH = height - top - bottom
        var svg = open(width: width, height: height, title: title, x: 8)
        let plotted = series.map { $0.plottable(logX: logX) }
        let xs = plotted.flatMap { $0.map(\.x) }, ys = plotted.flatMap { $0.map(\.y) }
        guard let xLo = xs.min(), let xHi = xs.max(), let yMin = ys.min(), let yMax = ys.max() else {
            return svg + noData(x: left)
        }
        let toAxis: (Double) -> Double = logX ? { log10($0) } : { $0 }
        let sx = Scale(lo: toAxis(xLo), hi: toAxis(xHi), start: left, length: plotW)
        let px = { sx(toAxis($0)) }
        let yLo = min(0, yMin), yHi = max(0, yMax)
        let py = Scale(lo: yLo, hi: yHi, start: top + plotH, length: -plotH)

        let ticks = Array(Set(xs)).sorted()
        if ticks.count <= maxXTicks {
            var lastLabelEnd = -Double.infinity
            for tick in ticks {
                let x = px(tick)
                svg += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(top))\" x2=\"\(fmt(x))\" y2=\"\(fmt(top + plotH + 4))\" stroke=\"#e4e7ea\"/>"
                let text = ReportDocument.format(tick, digits: 3), halfWidth = 3.2 * Double(text.count)
                guard x - halfWidth > lastLabelEnd + 4 else { continue }
                svg += "<text x=\"\(fmt(x))\" y=\"\(fmt(top + plotH + 15))\" text-anchor=\"middle\">\(e(text))</text>"
                lastLabelEnd = x + halfWidth
            }
            svg += "<text x=\"\(fmt(left + plotW / 2))\" y=\"\(fmt(height - 4))\" text-anchor=\"middle\">\(e(xLabel))</text>"
        } else {
            svg += rangeLabels(lo: xLo, hi: xHi, label: xLabel, left: left, plotW: plotW, y: top + plotH + 15)
        }
        for value in [yLo, yHi] {
            svg += "<text x=\"\(fmt(left - 4))\" y=\"\(fmt(py(value) + 4))\" text-anchor=\"end\">\(e(ReportDocument.format(value, digits: 3)))</text>"
        }
        svg += "<text transform=\"translate(12 \(fmt(top + plotH / 2))) rotate(-90)\" text-anchor=\"middle\">\(e(yLabel))</text>"
        svg += axis(left: left, top: top, plotW: plotW, plotH: plotH)

        for (k, points) in plotted.enumerated() where !points.isEmpty {
            let stroke = color(k), name = series[k].name
            let coordinates = points.map { "\(fmt(px($0.x))),\(fmt(py($0.y)))" }.joined(separator: " ")
            svg += "<polyline points=\"\(coordinates)\" fill=\"none\" stroke=\"\(stroke)\" stroke-width=\"1.5\"/>"
            for point in points {
                let tip = "\(name): \(ReportDocument.format(point.x)) → \(ReportDocument.format(point.y))"
                svg += "<circle cx=\"\(fmt(px(point.x)))\" cy=\"\(fmt(py(point.y)))\" r=\"3\" fill=\"\(stroke)\"><title>\(e(tip))</title></circle>"
            }
        }
        svg += legend(series.enumerated().map { (clip($0.element.name, 18), color($0.offset)) },
                      x: left + plotW + 14, y: top + 10)
        return svg + "</svg>"
    }

    /// Empirical cumulative distributions as step lines from 0 to 1 over the range of all the
    /// samples, with dashed guides at the 50th and 99th percentiles of the first sample.
    static func cdf(title: String, xLabel: String, series: [ReportDocument.Series]) -> String {
        let e = ReportDocument.escapeHTML
        let width = 640.0, height = 240.0, left = 40.0, right = 12.0, top = 26.0, bottom = 34.0
        let plotW = width - left - right, plotH = height - top - bottom
        var svg = open(width: width, height: height, title: title, x: left)
        let samples = series.map { $0.values.filter(\.isFinite).sorted() }
        guard let lo = samples.compactMap(\.first).min(), let hi = samples.compactMap(\.last).max() else {
            return svg + noData(x: left)
        }
        let px = Scale(lo: lo, hi: hi, start: left, length: plotW)
        let py = Scale(lo: 0, hi: 1, start: top + plotH, length: -plotH)

        for share in [0, 0.5, 1.0] {
            let y = py(share)
            if share > 0 {
                svg += "<line x1=\"\(fmt(left))\" y1=\"\(fmt(y))\" x2=\"\(fmt(left + plotW))\" y2=\"\(fmt(y))\" stroke=\"#e4e7ea\"/>"
            }
            svg += "<line x1=\"\(fmt(left - 4))\" y1=\"\(fmt(y))\" x2=\"\(fmt(left))\" y2=\"\(fmt(y))\" stroke=\"#888\"/>"
            svg += "<text x=\"\(fmt(left - 6))\" y=\"\(fmt(y + 4))\" text-anchor=\"end\">\(ReportDocument.format(share))</text>"
        }
        svg += axis(left: left, top: top, plotW: plotW, plotH: plotH)
        svg += rangeLabels(lo: lo, hi: hi, label: xLabel, left: left, plotW: plotW, y: height - 6)

        for (k, sorted) in samples.enumerated() where !sorted.isEmpty {
            var path = "M\(fmt(px(lo))) \(fmt(py(0)))"
            for (index, share) in cdfSteps(count: sorted.count) {
                path += "H\(fmt(px(sorted[index])))V\(fmt(py(share)))"
            }
            path += "H\(fmt(px(hi)))"
            svg += "<path d=\"\(path)\" fill=\"none\" stroke=\"\(color(k))\" stroke-width=\"1.5\"/>"
        }
        if let first = samples.first, !first.isEmpty {
            for (row, (name, p)) in [("p50", 0.5), ("p99", 0.99)].enumerated() {
                let value = Descriptive.quantile(sorted: first, p), x = px(value)
                svg += "<line x1=\"\(fmt(x))\" y1=\"\(fmt(top))\" x2=\"\(fmt(x))\" y2=\"\(fmt(top + plotH))\" stroke=\"#555\" stroke-dasharray=\"4 3\"/>"
                let nearRight = x > left + plotW * 0.75
                svg += "<text x=\"\(fmt(nearRight ? x - 3 : x + 3))\" y=\"\(fmt(top + 10 + 12 * Double(row)))\""
                    + (nearRight ? " text-anchor=\"end\"" : "") + ">\(name) \(e(ReportDocument.format(value, digits: 3)))</text>"
            }
        }
        let entries = series.enumerated().map { ("\(clip($0.element.name, 24)) (n=\(samples[$0.offset].count))", color($0.offset)) }
        svg += legend(entries, x: left + plotW - 190, y: top + plotH - 8 - 15 * Double(entries.count - 1))
        return svg + "</svg>"
    }

    /// The steps of an empirical CDF of `count` sorted values: (index of the value where the
    /// curve rises, share of values at or below it). Every value when there are at most
    /// `maxCDFSteps`, else the last index of each of `maxCDFSteps` equal slices of the ranks.
    static func cdfSteps(count: Int) -> [(index: Int, share: Double)] {
        guard count > 0 else { return [] }
        let steps = min(count, maxCDFSteps)
        return (1...steps).map { k in
            let index = (k * count + steps - 1) / steps - 1
            return (index, Double(index + 1) / Double(count))
        }
    }
}
