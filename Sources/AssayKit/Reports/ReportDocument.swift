import Foundation

/// A report as data: sections of blocks (paragraphs, key-value lists, tables, charts), rendered
/// as a self-contained HTML page (`ReportDocument+HTML`) or Markdown (`ReportDocument+Markdown`).
/// Every string in it is plain text: the renderers escape it, so benchmark or model text can
/// never inject markup.
public struct ReportDocument: Sendable, Equatable {
    public var title: String
    public var subtitle: String?
    public var sections: [Section]

    public init(title: String, subtitle: String? = nil, sections: [Section] = []) {
        self.title = title
        self.subtitle = subtitle
        self.sections = sections
    }

    public struct Section: Sendable, Equatable {
        public var title: String
        public var blocks: [Block]

        public init(_ title: String, _ blocks: [Block]) {
            self.title = title
            self.blocks = blocks
        }
    }

    /// One named sample of values, for histograms.
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
