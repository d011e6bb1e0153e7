import Foundation

/// A report as data: sections of blocks (paragraphs, key-value lists, tables, charts), rendered
/// as a self-contained HTML page (`ReportDocument+HTML`) or Markdown (`ReportDocument+Markdown`).
/// Every string in it is plain text: the renderers escape it, so benchmark or model text can
/// never inject markup.
public struct ReportDocument: Sendable, Equatable {
    public var title: String
    public var subtitle: String?
    public var sections: [Section]
    /// Tables sort by a column when its header is clicked (a small inline script, allowed by
    /// its hash alone; the page reads the same without it).
    public var sortableTables: Bool

    public init(title: String, subtitle: String? = nil, sections: [Section] = [], sortableTables: Bool = false) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
        self.sortableTables = sortableTables
    }

    public struct Section: Sendable, Equatable {
        public var title: String
        public var blocks: [Block]

        public init(_ title: String, _ blocks: [Block]) {
            self.title = title
            self.blocks = blocks
        }
    }

    /// One named sample of values, for histograms and cumulative distributions.
    public struct Series: Sendable, Equatable {
        public var name: String
        public var values: [Double]

        public init(_ name: String, _ values: [Double]) {
            self.name = name
            self.values = values
        }
    }

    /// One bar, with an optional confidence interval.
    public struct Bar: Sendable, Equatable {
        public var label: String
        public var value: Double
        public var low: Double?
        public var high: Double?

        public init(_ label: String, _ value: Double, low: Double? = nil, high: Double? = nil) {
            self.label = label
            self.value = value
            self.low = low
            self.high = high
        }
    }

    /// One point of an x–y line chart.
    public struct Point: Sendable, Equatable {
        public var x: Double
        public var y: Double

        public init(x: Double, y: Double) {
            self.x = x
            self.y = y
        }
    }

    /// One named line of an x–y chart (e.g. throughput per concurrency level), drawn through
    /// its points in order of x.
    public struct LineSeries: Sendable, Equatable {
        public var name: String
        public var points: [Point]

        public init(_ name: String, _ points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    /// One request on a timeline: when it was sent, when its first token arrived (nil when
    /// unknown or never), when it ended, and whether it failed. Times share one unit and origin.
    public struct TimelineRow: Sendable, Equatable {
        public var start: Double
        public var firstToken: Double?
        public var end: Double
        public var failed: Bool
        /// Shown as the bar's tooltip in HTML.
        public var label: String?

        public init(start: Double, firstToken: Double? = nil, end: Double, failed: Bool = false, label: String? = nil) {
            self.start = start
            self.firstToken = firstToken
            self.end = end
            self.failed = failed
            self.label = label
        }
    }

    /// How a heatmap prints and colors its cells.
    public enum HeatFormat: Sendable, Equatable {
        /// Shares in 0…1 (e.g. win rates), printed as whole percentages and colored on a
        /// diverging scale centred at 0.5: red below, green above (values outside 0…1 take the
        /// end colors).
        case rate
        /// Plain numbers with `digits` decimals (0…6), colored from light to dark blue between
        /// the smallest and largest finite value of the matrix.
        case number(digits: Int)
    }

    /// One row of an interval chart: a value (e.g. a rating) with optional interval bounds.
    public struct IntervalRow: Sendable, Equatable {
        public var label: String
        public var value: Double
        public var lower: Double?
        public var upper: Double?

        public init(_ label: String, _ value: Double, lower: Double? = nil, upper: Double? = nil) {
            self.label = label
            self.value = value
            self.lower = lower
            self.upper = upper
        }
    }

    /// One row of a slope chart: a value on the left axis and one on the right.
    public struct SlopeRow: Sendable, Equatable {
        public var label: String
        public var left: Double
        public var right: Double

        public init(_ label: String, left: Double, right: Double) {
            self.label = label
            self.left = left
            self.right = right
        }
    }

    public enum Block: Sendable, Equatable {
        case paragraph(String)
        /// A highlighted one-line verdict; `tone` picks its color.
        case callout(String, tone: Tone)
        case keyValues([KeyValue])
        case table(headers: [String], rows: [[String]])
        /// Overlaid histograms of several samples on one axis.
        case histogram(title: String, xLabel: String, series: [Series])
        /// Horizontal bars (e.g. accuracy per subset) with optional intervals, on [0, max].
        case bars(title: String, xLabel: String, bars: [Bar])
        /// Lines through x–y points with a marker at each point; `logX` spaces x on a log scale
        /// (for concurrency levels 1, 4, 16, 64; points with x <= 0 are then left out).
        case lines(title: String, xLabel: String, yLabel: String, series: [LineSeries], logX: Bool)
        /// Empirical cumulative distributions of several samples on one axis, with guides at the
        /// 50th and 99th percentiles of the first.
        case cdf(title: String, xLabel: String, series: [Series])
        /// One horizontal bar per request, sorted by start: waiting for the first token, then
        /// generating (red when failed). Large runs are drawn as an evenly spaced subset.
        case timeline(title: String, xLabel: String, rows: [TimelineRow])
        /// A matrix of values (e.g. the win rate of the row model against the column model), one
        /// colored cell each with its value printed; a nil or non-finite value is a grey "—".
        /// `values[r][c]` belongs to `rows[r]` and `columns[c]`; missing entries count as nil.
        case heatmap(title: String, rows: [String], columns: [String], values: [[Double?]], format: HeatFormat)
        /// A dot per row with a whisker over its interval (e.g. ratings with 95% intervals), rows
        /// in the given order, on an axis fitted to the data with some padding (not from 0).
        case intervals(title: String, xLabel: String, rows: [IntervalRow])
        /// Vertical bars grouped along x (e.g. one group per benchmark, one bar per model) with
        /// interval whiskers; `values[g][s]` is series `s` in group `g`, nil for none.
        case groupedBars(title: String, yLabel: String, groups: [String], series: [String], values: [[Bar?]])
        /// Each row's left value joined to its right value on one shared scale (e.g. a model's
        /// score on the original items and on their fresh twins).
        case slope(title: String, leftLabel: String, rightLabel: String, rows: [SlopeRow])
        /// Preformatted text (prompts, outputs).
        case preformatted(String)
    }

    public enum Tone: String, Sendable, Equatable { case good, warning, bad, neutral }

    public struct KeyValue: Sendable, Equatable {
        public var key: String
        public var value: String

        public init(_ key: String, _ value: String) {
            self.key = key
            self.value = value
        }
    }
}

extension ReportDocument {
    /// Formats a number for a report: integers plainly, others with `digits` significant places.
    public static func format(_ value: Double?, digits: Int = 4) -> String {
        guard let value else { return "–" }
        if value.isNaN { return "nan" }
        if value.isInfinite { return value > 0 ? "inf" : "-inf" }
        if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
        let magnitude = abs(value)
        if magnitude >= 1e5 || magnitude < 1e-3 { return String(format: "%.\(max(1, digits - 1))e", value) }
        let decimals = max(0, digits - 1 - Int(log10(magnitude).rounded(.down)))
        var text = String(format: "%.\(decimals)f", value)
        while text.contains("."), text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text
    }
}
