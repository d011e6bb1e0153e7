import Foundation

extension ReportDocument.TimelineRow {
    /// The rows a timeline can draw, sorted by start (ties in their given order): start and end
    /// finite with end >= start; a first token that is not finite is dropped, one outside the
    /// request is moved to its nearer end.
    static func drawable(_ rows: [Self]) -> [Self] {
        rows.enumerated()
            .filter { $0.element.start.isFinite && $0.element.end.isFinite && $0.element.end >= $0.element.start }
            .sorted { ($0.element.start, $0.offset) < ($1.element.start, $1.offset) }
            .map { _, row in
                var row = row
                row.firstToken = row.firstToken.flatMap { $0.isFinite ? min(max($0, row.start), row.end) : nil }
                return row
            }
    }
}

// Request timelines: one thin bar per request.
extension SVGChart {
    /// At most this many requests are drawn; a longer run is drawn as an evenly spaced subset.
    static let maxTimelineRows = 300
    static let waitingColor = "#c8ccd1"
    static let failedColor = "#c0392b"

    /// One bar per request, sorted by start, on an x axis from the first start to the last end:
    /// grey while waiting for the first token, colored while generating, red when failed.
    static func timeline(title: String, xLabel: String, rows: [ReportDocument.TimelineRow]) -> String {
        let e = ReportDocument.escapeHTML
        let all = ReportDocument.TimelineRow.drawable(rows)
        let shown = evenlySpaced(all, count: maxTimelineRows)
        let width = 640.0, left = 12.0, right = 12.0, bottom = 40.0
        let top = shown.count < all.count ? 40.0 : 26.0
        let plotW = width - left - right
        let plotH = min(640, max(80, 2 * Double(shown.count)))
        let height = top + plotH + bottom
        var svg = open(width: width, height: height, title: title, x: left)
        guard let lo = all.map(\.start).min(), let hi = all.map(\.end).max() else { return svg + noData(x: left) }
        if shown.count < all.count {
            svg += "<text x=\"\(fmt(left))\" y=\"32\" fill=\"#5c6670\">showing \(shown.count) of \(all.count) requests</text>"
        }
        let px = Scale(lo: lo, hi: hi, start: left, length: plotW)
        let pitch = plotH / Double(shown.count)
        let thickness = min(8, max(1, pitch * 0.7))

        // Unlabelled bars go into one path per color; a labelled one gets its own group so its
        // label can be its tooltip.
        var paths: [String: String] = [:]
        var labelled = ""
        for (i, row) in shown.enumerated() {
            let y = fmt(top + (Double(i) + 0.5) * pitch)
            let generating = row.failed ? failedColor : color(0)
            var segments: [(color: String, from: Double, to: Double)] = []
            if let firstToken = row.firstToken, firstToken > row.start {
                segments.append((waitingColor, row.start, firstToken))
            }
            if row.firstToken.map({ $0 < row.end }) ?? true || row.failed {
                segments.append((generating, row.firstToken ?? row.start, row.end))
            }
            let drawn = segments.map { segment in
                let x0 = px(segment.from), x1 = max(px(segment.to), x0 + 0.6)
                return (segment.color, "M\(fmt(x0)) \(y)H\(fmt(x1))")
            }
            if let label = row.label {
                labelled += "<g><title>\(e(label))</title>"
                    + drawn.map { "<path d=\"\($0.1)\" stroke=\"\($0.0)\"/>" }.joined() + "</g>"
            } else {
                for (stroke, d) in drawn { paths[stroke, default: ""] += d }
            }
        }
        svg += "<g fill=\"none\" stroke-width=\"\(fmt(thickness))\">"
        for stroke in [waitingColor, color(0), failedColor] {
            if let d = paths[stroke] { svg += "<path d=\"\(d)\" stroke=\"\(stroke)\"/>" }
        }
        svg += labelled + "</g>"
        svg += axis(left: left, top: top, plotW: plotW, plotH: plotH)
        svg += rangeLabels(lo: lo, hi: hi, label: xLabel, left: left, plotW: plotW, y: top + plotH + 15)
        svg += legend([("waiting for first token", waitingColor), ("generating", color(0)), ("failed", failedColor)],
                      x: left, y: height - 8, horizontal: true)
        return svg + "</svg>"
    }

    /// `count` elements spread evenly over `items` (the first always among them), or all of
    /// them when there are no more than `count`.
    static func evenlySpaced<T>(_ items: [T], count: Int) -> [T] {
        guard items.count > count, count > 0 else { return items }
        return (0..<count).map { items[$0 * items.count / count] }
    }
}
