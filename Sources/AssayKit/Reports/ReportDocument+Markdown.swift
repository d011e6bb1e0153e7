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
                case .preformatted(let text):
                    md += "```\n" + text.replacingOccurrences(of: "```", with: "ʼʼʼ") + "\n```\n\n"
                }
            }
        }
        return md
    }

    private func table(_ headers: [String], _ rows: [[String]]) -> String {
        let e = Self.escapeMarkdown
        var md = "| " + headers.map(e).joined(separator: " | ") + " |\n"
        md += "|" + String(repeating: "---|", count: headers.count) + "\n"
        for row in rows { md += "| " + row.map(e).joined(separator: " | ") + " |\n" }
        return md + "\n"
    }
}
