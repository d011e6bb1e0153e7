extension ReportDocument {
    /// Escapes text for a Markdown table cell or paragraph (HTML-significant characters too,
    /// since Markdown viewers render inline HTML).
    static func escapeMarkdown(_ text: String) -> String {
        var out = ""
        for ch in text {
            switch ch {
            case "|": out += "\\|"
            case "\n": out += " "
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "&": out += "&amp;"
            case "*", "_", "`", "[", "]", "#": out += "\\\(ch)"
            default: out.append(ch)
            }
        }
        return out
    }

    /// The report as Markdown; charts become tables of their numbers.
    public func renderMarkdown() -> String {
        let e = Self.escapeMarkdown
        var md = "# \(e(title))\n\n"
        if let subtitle { md += "\(e(subtitle))\n\n" }
        for section in sections {
            md += "## \(e(section.title))\n\n"
            for block in section.blocks {
                switch block {
                case .paragraph(let text): md += "\(e(text))\n\n"
                case .callout(let text, _): md += "**\(e(text))**\n\n"
                case .keyValues(let pairs):
                    md += "| | |\n|---|---|\n" + pairs.map { "| \(e($0.key)) | \(e($0.value)) |\n" }.joined() + "\n"
                case .table(let headers, let rows):
                    md += table(headers, rows)
                case .histogram(let title, _, let series):
                    md += "\(e(title)):\n\n" + table(["series", "n", "mean", "median"], series.map {
                        let sorted = $0.values.sorted()
                        let mean = sorted.isEmpty ? nil : sorted.reduce(0, +) / Double(sorted.count)
                        return [$0.name, String(sorted.count), Self.format(mean), Self.format(sorted.isEmpty ? nil : sorted[sorted.count / 2])]
                    })
                case .bars(let title, _, let bars):
                    md += "\(e(title)):\n\n" + table(["", "value", "interval"], bars.map { bar in
                        let interval = bar.low.flatMap { low in bar.high.map { "\(Self.format(low))–\(Self.format($0))" } }
                        return [bar.label, Self.format(bar.value), interval ?? ""]
                    })
                case .lines(let title, let xLabel, let yLabel, let series, let logX):
                    md += lines(title: title, xLabel: xLabel, yLabel: yLabel, series: series, logX: logX)
                case .cdf(let title, _, let series):
                    md += "\(e(title)):\n\n" + (series.isEmpty ? "no data\n" : series.map { "- " + Self.percentiles($0) + "\n" }.joined()) + "\n"
                case .timeline(let title, _, let rows):
                    md += "\(e(title)): \(Self.timelineSummary(rows))\n\n"
                case .heatmap(let title, let rows, let columns, let values, let format):
                    md += "\(e(title)):\n\n"
                    md += rows.isEmpty || columns.isEmpty ? "no data\n\n" : table([""] + columns, rows.indices.map { r in
                        [rows[r]] + columns.indices.map { format.text(SVGChart.cell(values, r, $0)) }
                    })
                case .intervals(let title, let xLabel, let rows):
                    md += "\(e(title)):\n\n"
                    md += rows.isEmpty ? "no data\n\n" : table(["", xLabel, "interval"], rows.map { [$0.label, $0.valueText, $0.intervalText] })
                case .groupedBars(let title, _, let groups, let series, let values):
                    md += "\(e(title)):\n\n"
                    md += groups.isEmpty || series.isEmpty ? "no data\n\n" : table([""] + series, groups.indices.map { g in
                        [groups[g]] + series.indices.map { s in
                            guard g < values.count, s < values[g].count, let bar = values[g][s] else { return "–" }
                            return Self.format(bar.value) + (bar.low.flatMap { low in bar.high.map { " [\(Self.format(low)), \(Self.format($0))]" } } ?? "")
                        }
                    })
                case .slope(let title, let leftLabel, let rightLabel, let rows):
                    md += "\(e(title)):\n\n"
                    md += rows.isEmpty ? "no data\n\n" : table(["", leftLabel, rightLabel], rows.map { [$0.label, Self.format($0.left), Self.format($0.right)] })
                case .preformatted(let text):
                    md += "```\n" + text.replacingOccurrences(of: "```", with: "ʼʼʼ") + "\n```\n\n"
                }
            }
        }
        return md
    }

    /// A line chart as a table of its y values: a row per series and a column per x value, or
    /// (when there are many x values) a row per x value and a column per series.
    private func lines(title: String, xLabel: String, yLabel: String, series: [LineSeries], logX: Bool) -> String {
        let e = Self.escapeMarkdown
        let plotted = series.map { $0.plottable(logX: logX) }
        let xs = Array(Set(plotted.flatMap { $0.map(\.x) })).sorted()
        let md = "\(e(title)) (\(e(yLabel)) by \(e(xLabel))):\n\n"
        guard !xs.isEmpty else { return md + "no data\n\n" }
        func y(_ k: Int, at x: Double) -> String { plotted[k].last { $0.x == x }.map { Self.format($0.y) } ?? "" }
        if xs.count <= SVGChart.maxXTicks {
            return md + table(["series"] + xs.map { Self.format($0) }, series.indices.map { k in
                [series[k].name] + xs.map { y(k, at: $0) }
            })
        }
        return md + table([xLabel] + series.map(\.name), xs.map { x in [Self.format(x)] + series.indices.map { y($0, at: x) } })
    }

    /// "name: n=…, p50 …, p90 …, p99 …, max …" of the finite values of a sample (escaped).
    private static func percentiles(_ series: Series) -> String {
        let sorted = series.values.filter(\.isFinite).sorted()
        guard let max = sorted.last else { return "\(escapeMarkdown(series.name)): no data" }
        let quantiles = [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)].map { "\($0.0) \(format(Descriptive.quantile(sorted: sorted, $0.1)))" }
        return "\(escapeMarkdown(series.name)): n=\(sorted.count), " + quantiles.joined(separator: ", ") + ", max \(format(max))"
    }

    /// "N requests from t0 to t1 s, F failed", noting rows left out for unusable times.
    private static func timelineSummary(_ rows: [TimelineRow]) -> String {
        let drawn = TimelineRow.drawable(rows)
        let skipped = rows.count - drawn.count
        let note = skipped > 0 ? ", \(skipped) without valid times" : ""
        guard let t0 = drawn.map(\.start).min(), let t1 = drawn.map(\.end).max() else { return "no requests" + note }
        let failed = drawn.filter(\.failed).count
        return "\(drawn.count) requests from \(format(t0)) to \(format(t1)) s, \(failed) failed" + note
    }

    private func table(_ headers: [String], _ rows: [[String]]) -> String {
        let e = Self.escapeMarkdown
        var md = "| " + headers.map(e).joined(separator: " | ") + " |\n"
        md += "|" + String(repeating: "---|", count: headers.count) + "\n"
        for row in rows { md += "| " + row.map(e).joined(separator: " | ") + " |\n" }
        return md + "\n"
    }
}
