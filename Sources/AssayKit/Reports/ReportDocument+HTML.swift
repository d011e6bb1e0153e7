import Foundation

extension ReportDocument {
    /// Escapes text for HTML element content and attribute values.
    public static func escapeHTML(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Sorts a table by the column whose header is clicked (numbers before text; again to reverse).
    static let sortScript = """
        document.querySelectorAll("table.sortable").forEach(function(t){var h=t.rows[0];if(!h)return;\
        Array.prototype.forEach.call(h.cells,function(c,i){c.addEventListener("click",function(){\
        var up=c.getAttribute("data-up")!=="1";c.setAttribute("data-up",up?"1":"0");\
        var key=function(r){var s=r.cells[i]?r.cells[i].textContent:"",n=parseFloat(s);return isNaN(n)?s:n;};\
        Array.prototype.slice.call(t.rows,1).sort(function(a,b){var x=key(a),y=key(b);\
        if(typeof x!==typeof y)return typeof x==="number"?-1:1;return(x<y?-1:x>y?1:0)*(up?1:-1);})\
        .forEach(function(r){r.parentNode.appendChild(r);});});});});
        """

    /// The whole report as one HTML page: inline CSS, charts as inline SVG, no external
    /// resources, so it opens offline. The only script is `sortScript` (with `sortableTables`),
    /// which the page's content security policy admits by its SHA-256 alone.
    public func renderHTML() -> String {
        let e = Self.escapeHTML
        let scriptPolicy = sortableTables
            ? "; script-src 'sha256-\(Data(SHA256.digest(Array(Self.sortScript.utf8))).base64EncodedString())'" : ""
        var html = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:\(scriptPolicy)">
        <title>\(e(title))</title>
        <style>
        body{font:15px/1.45 system-ui,sans-serif;margin:2rem auto;max-width:980px;padding:0 1rem;color:#1d232a}
        h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
        .sub{color:#5c6670}table{border-collapse:collapse;margin:.6rem 0;font-size:.9rem}
        td,th{border:1px solid #d8dde2;padding:.25rem .5rem;text-align:left;vertical-align:top}
        th{background:#f2f4f6}td{max-width:520px;overflow-wrap:anywhere}
        .kv td:first-child{font-weight:600;background:#f8f9fa}pre{background:#f6f8fa;padding:.6rem;overflow:auto;white-space:pre-wrap}
        .callout{padding:.6rem .9rem;border-radius:6px;font-weight:600;margin:.6rem 0}
        .good{background:#e3f4e8;color:#17622e}.warning{background:#fff4d6;color:#7a5200}
        .bad{background:#fde3e1;color:#8d1f17}.neutral{background:#eef1f4}
        svg text{font:11px system-ui,sans-serif;fill:#333}table.sortable th{cursor:pointer}
        </style></head><body>
        <h1>\(e(title))</h1>

        """
        if let subtitle { html += "<p class=\"sub\">\(e(subtitle))</p>\n" }
        for section in sections {
            html += "<h2>\(e(section.title))</h2>\n"
            for block in section.blocks { html += Self.html(block, sortable: sortableTables) }
        }
        if sortableTables { html += "<script>\(Self.sortScript)</script>\n" }
        html += "</body></html>\n"
        return html
    }

    private static func html(_ block: Block, sortable: Bool) -> String {
        let e = escapeHTML
        switch block {
        case .paragraph(let text):
            return "<p>\(e(text))</p>\n"
        case .callout(let text, let tone):
            return "<div class=\"callout \(tone.rawValue)\">\(e(text))</div>\n"
        case .keyValues(let pairs):
            return "<table class=\"kv\">" + pairs.map { "<tr><td>\(e($0.key))</td><td>\(e($0.value))</td></tr>" }.joined() + "</table>\n"
        case .table(let headers, let rows):
            var out = (sortable ? "<table class=\"sortable\"><tr>" : "<table><tr>") + headers.map { "<th>\(e($0))</th>" }.joined() + "</tr>"
            for row in rows { out += "<tr>" + row.map { "<td>\(e($0))</td>" }.joined() + "</tr>" }
            return out + "</table>\n"
        case .histogram(let title, let xLabel, let series):
            return SVGChart.histogram(title: title, xLabel: xLabel, series: series) + "\n"
        case .bars(let title, let xLabel, let bars):
            return SVGChart.bars(title: title, xLabel: xLabel, bars: bars) + "\n"
        case .lines(let title, let xLabel, let yLabel, let series, let logX):
            return SVGChart.lines(title: title, xLabel: xLabel, yLabel: yLabel, series: series, logX: logX) + "\n"
        case .cdf(let title, let xLabel, let series):
            return SVGChart.cdf(title: title, xLabel: xLabel, series: series) + "\n"
        case .timeline(let title, let xLabel, let rows):
            return SVGChart.timeline(title: title, xLabel: xLabel, rows: rows) + "\n"
        case .heatmap(let title, let rows, let columns, let values, let format):
            return SVGChart.heatmap(title: title, rows: rows, columns: columns, values: values, format: format) + "\n"
        case .intervals(let title, let xLabel, let rows):
            return SVGChart.intervals(title: title, xLabel: xLabel, rows: rows) + "\n"
        case .groupedBars(let title, let yLabel, let groups, let series, let values):
            return SVGChart.groupedBars(title: title, yLabel: yLabel, groups: groups, series: series, values: values) + "\n"
        case .slope(let title, let leftLabel, let rightLabel, let rows):
            return SVGChart.slope(title: title, leftLabel: leftLabel, rightLabel: rightLabel, rows: rows) + "\n"
        case .preformatted(let text):
            return "<pre>\(e(text))</pre>\n"
        }
    }
}

extension ReportDocument {
    /// Writes `<folder>/<name>.html` and `<folder>/<name>.md`; returns the HTML path.
    @discardableResult
    public func write(to folder: String, name: String = "report") throws -> String {
        let url = URL(fileURLWithPath: folder, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
            let html = url.appendingPathComponent("\(name).html")
            try Data(renderHTML().utf8).write(to: html, options: .atomic)
            try Data(renderMarkdown().utf8).write(to: url.appendingPathComponent("\(name).md"), options: .atomic)
            return html.path
        } catch {
            throw InputError.unwritable(path: folder, reason: error.localizedDescription)
        }
    }
}
