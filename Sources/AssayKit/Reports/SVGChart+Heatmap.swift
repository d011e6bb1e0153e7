import Foundation

extension ReportDocument.HeatFormat {
    /// The decimals of `.number`, kept to 0...6.
    var decimals: Int {
        switch self {
        case .rate: return 0
        case .number(let digits): return min(6, max(0, digits))
        }
    }

    /// A cell's text: "63%" for a rate, the number with its decimals, "—" for nil (callers pass
    /// only finite values or nil). Huge numbers fall back to the report's exponent notation.
    func text(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        switch self {
        case .rate:
            let percent = value * 100
            guard abs(percent) < 1e6 else { return ReportDocument.format(value, digits: 3) }
            return String(format: "%.0f%%", percent.rounded() + 0)  // + 0 turns -0 into 0
        case .number:
            guard abs(value) < 1e6 else { return ReportDocument.format(value, digits: 3) }
            let text = String(format: "%.\(decimals)f", value)
            // "-0.00" reads as a negative value; print it as zero.
            return Double(text) == 0 && text.hasPrefix("-") ? String(text.dropFirst()) : text
        }
    }
}

// Heatmaps: a matrix of colored cells with their values printed in them.
extension SVGChart {
    static let missingCellColor = "#e1e4e8"
    static let heatLow = (r: 215.0, g: 48.0, b: 39.0)      // red, a rate of 0
    static let heatMid = (r: 247.0, g: 247.0, b: 247.0)    // near white, a rate of 0.5
    static let heatHigh = (r: 26.0, g: 152.0, b: 80.0)     // green, a rate of 1
    static let numberLow = (r: 239.0, g: 243.0, b: 255.0)  // pale blue, the smallest number
    static let numberHigh = (r: 8.0, g: 81.0, b: 156.0)    // dark blue, the largest number

    /// The value at row `r`, column `c` of a possibly ragged matrix: nil when missing or not
    /// finite.
    static func cell(_ values: [[Double?]], _ r: Int, _ c: Int) -> Double? {
        guard r < values.count, c < values[r].count, let value = values[r][c], value.isFinite else { return nil }
        return value
    }

    /// The fill of a cell at position `t` (0...1, clamped) on the format's scale, and whether
    /// its text should be light.
    static func heatFill(_ t: Double, diverging: Bool) -> (fill: String, lightText: Bool) {
        let t = t.isFinite ? min(1, max(0, t)) : 0.5
        typealias RGB = (r: Double, g: Double, b: Double)
        func mix(_ a: RGB, _ b: RGB, _ s: Double) -> RGB { (a.r + (b.r - a.r) * s, a.g + (b.g - a.g) * s, a.b + (b.b - a.b) * s) }
        let rgb = diverging ? (t < 0.5 ? mix(heatLow, heatMid, t * 2) : mix(heatMid, heatHigh, t * 2 - 1)) : mix(numberLow, numberHigh, t)
        let hex = [rgb.r, rgb.g, rgb.b].map { String(format: "%02x", Int($0.rounded())) }.joined()
        let luminance = (0.299 * rgb.r + 0.587 * rgb.g + 0.114 * rgb.b) / 255
        return ("#" + hex, luminance < 0.55)
    }

    /// A matrix of cells, rows labelled on the left and columns on top (slanted when they do not
    /// fit their column), each cell colored by its value on the format's scale with the value
    /// printed in it, and a key of the scale underneath. A cell's tooltip names its row and column.
    static func heatmap(title: String, rows: [String], columns: [String], values: [[Double?]],
                        format: ReportDocument.HeatFormat) -> String {
        let e = ReportDocument.escapeHTML
        guard !rows.isEmpty, !columns.isEmpty else { return open(width: 640, height: 80, title: title, x: 8) + noData(x: 8) }
        let rowLabels = rows.map { clip($0, 24) }, columnLabels = columns.map { clip($0, 20) }
        let charW = 6.2, cellH = 26.0
        let left = max(60, 16 + charW * Double(rowLabels.map(\.count).max() ?? 0))
        let widestText = (0..<rows.count).flatMap { r in (0..<columns.count).map { format.text(cell(values, r, $0)).count } }.max() ?? 1
        let cellW = min(84, max(44, (640 - left - 20) / Double(columns.count), charW * Double(widestText) + 10))
        let longestColumn = charW * Double(columnLabels.map(\.count).max() ?? 0)
        let slanted = longestColumn > cellW - 6
        // A label slanted at 45° rises and runs right by 0.71 of its length.
        let labelRise = slanted ? longestColumn * 0.71 + 8 : 18
        let top = 26 + labelRise
        let gridW = cellW * Double(columns.count), gridH = cellH * Double(rows.count)
        let right = slanted ? max(12, longestColumn * 0.71 - cellW / 2 + 8) : 12
        let keyY = top + gridH + 26
        let width = max(420, left + gridW + right), height = keyY + 14

        let finite = (0..<rows.count).flatMap { r in (0..<columns.count).compactMap { cell(values, r, $0) } }
        let lo = finite.min() ?? 0, hi = finite.max() ?? 0
        let diverging = format == .rate
        func position(_ value: Double) -> Double {
            if diverging { return value }
            // Halved so that a range wider than Double's does not overflow.
            return hi > lo ? (value * 0.5 - lo * 0.5) / (hi * 0.5 - lo * 0.5) : 0.5
        }

        var svg = open(width: width, height: height, title: title, x: 8)
        for (c, label) in columnLabels.enumerated() {
            let x = left + (Double(c) + 0.5) * cellW
            if slanted {
                svg += "<text transform=\"translate(\(fmt(x - 3)) \(fmt(top - 6))) rotate(-45)\">\(e(label))</text>"
            } else {
                svg += "<text x=\"\(fmt(x))\" y=\"\(fmt(top - 7))\" text-anchor=\"middle\">\(e(label))</text>"
            }
        }
        for (r, label) in rowLabels.enumerated() {
            let y = top + Double(r) * cellH
            svg += "<text x=\"\(fmt(left - 8))\" y=\"\(fmt(y + cellH / 2 + 4))\" text-anchor=\"end\">\(e(label))</text>"
            for c in columns.indices {
                let x = left + Double(c) * cellW
                let value = cell(values, r, c)
                let (fill, lightText) = value.map { heatFill(position($0), diverging: diverging) } ?? (missingCellColor, false)
                let text = format.text(value)
                let ink = value == nil ? "#6b7780" : lightText ? "#fff" : "#1d232a"
                svg += "<g><title>\(e("\(rows[r]) / \(columns[c]): \(text)"))</title>"
                svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(y))\" width=\"\(fmt(cellW))\" height=\"\(fmt(cellH))\" fill=\"\(fill)\" stroke=\"#fff\"/>"
                svg += "<text x=\"\(fmt(x + cellW / 2))\" y=\"\(fmt(y + cellH / 2 + 4))\" text-anchor=\"middle\" style=\"fill:\(ink)\">\(e(text))</text></g>"
            }
        }

        // The key: five swatches along the scale, then the missing-value swatch.
        let shares = [0, 0.25, 0.5, 0.75, 1.0]
        let stops = diverging ? shares : finite.isEmpty ? [] : hi > lo ? shares.map { lo * (1 - $0) + hi * $0 } : [lo]
        var x = 8.0
        for stop in stops {
            let fill = heatFill(position(stop), diverging: diverging).fill
            let label = diverging ? format.text(stop) : ReportDocument.format(stop, digits: 3)
            svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(keyY - 10))\" width=\"14\" height=\"12\" fill=\"\(fill)\" stroke=\"#ccc\"/>"
            svg += "<text x=\"\(fmt(x + 18))\" y=\"\(fmt(keyY))\">\(e(label))</text>"
            x += 28 + charW * Double(label.count)
        }
        svg += "<rect x=\"\(fmt(x))\" y=\"\(fmt(keyY - 10))\" width=\"14\" height=\"12\" fill=\"\(missingCellColor)\" stroke=\"#ccc\"/>"
        svg += "<text x=\"\(fmt(x + 18))\" y=\"\(fmt(keyY))\">— no value</text>"
        return svg + "</svg>"
    }
}
