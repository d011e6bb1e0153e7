import Foundation

/// `report.html` of a perf run: the table per level, throughput and latency against the load,
/// the distributions of TTFT and TPOT, and a timeline of the requests.
public struct PerfReport: Sendable {
    public var summary: PerfRunSummary
    public var records: [PerfRequestRecord]

    public init(summary: PerfRunSummary, records: [PerfRequestRecord]) {
        self.summary = summary
        self.records = records
    }

    /// The report as a document.
    public var document: ReportDocument {
        let manifest = summary.manifest
        let f = { (x: Double?) in ReportDocument.format(x, digits: 4) }
        let ms = { (x: Double?) in ReportDocument.format(x.map { $0 * 1000 }, digits: 4) }
        var sections: [ReportDocument.Section] = []
        var overview: [ReportDocument.Block] = [
            .keyValues([
                .init("Model", manifest.modelLine),
                .init("Endpoint", manifest.settings.endpoint),
                .init("Prompts", manifest.settings.dataset),
                .init("Requests", "\(manifest.settings.api), \(manifest.settings.stream ? "streamed" : "not streamed"), max_tokens \(manifest.settings.maxTokens)" + (manifest.settings.ignoreEOS ? ", ignore_eos" : "")),
                .init("Date", manifest.date),
            ]),
        ]
        if summary.interrupted {
            overview.append(.callout("Interrupted: the figures cover the requests that finished.", tone: .warning))
        }
        let failures = summary.levels.reduce(0) { $0 + $1.failed }
        if failures > 0 {
            let kinds = Dictionary(summary.levels.flatMap { $0.failures.map { ($0.key, $0.value) } }, uniquingKeysWith: +)
            overview.append(.callout("\(failures) failed requests: " + kinds.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "), tone: .bad))
        }
        sections.append(.init("Run", overview))
        let headers = ["Load", "Done / failed", "Wall (s)", "Req/s", "Out tok/s", "Total tok/s", "TTFT mean (ms)", "TTFT p99 (ms)",
                       "TPOT mean (ms)", "ITL p99 (ms)", "Latency mean (s)", "Latency p99 (s)", "Goodput (req/s)"]
        let rows = summary.levels.map { level -> [String] in
            [Self.loadName(level), "\(level.succeeded) / \(level.failed)", f(level.wallTime), f(level.requestThroughput),
             f(level.outputThroughput), f(level.totalThroughput), ms(level.ttft.mean), ms(level.ttft["p99"]),
             ms(level.tpot.mean), ms(level.itl["p99"]), f(level.latency.mean), f(level.latency["p99"]),
             level.goodput.map { f($0.rate) } ?? "–"]
        }
        sections.append(.init("Levels", [.table(headers: headers, rows: rows)]))
        sections.append(.init("Against the load", loadCharts))
        sections.append(.init("Distributions", distributionCharts))
        let measured = records.filter { !$0.warmup }
        sections.append(.init("Requests", [
            .timeline(title: "Each request: waiting for the first token (grey), generating (color), failed (red)",
                      xLabel: "seconds since the run began",
                      rows: measured.map { .init(start: $0.start, firstToken: $0.firstContent, end: $0.end, failed: !$0.succeeded, label: $0.promptID) }),
        ]))
        var counters: [[String]] = []
        for level in summary.levels {
            guard let check = level.serverCounters else { continue }
            counters.append([Self.loadName(level), check.source, f(check.serverGeneratedTokens), "\(check.clientCompletionTokens)",
                             check.generatedAgree ? "yes" : "no", f(check.serverPromptTokens), "\(check.clientPromptTokens)"])
        }
        if !counters.isEmpty {
            sections.append(.init("Server counters", [
                .paragraph("Token counts of the server's /metrics over each level beside the sum of the requests' usage."),
                .table(headers: ["Load", "Server", "Generated (server)", "Completion (client)", "Agree", "Prompt (server)", "Prompt (client)"], rows: counters),
            ]))
        }
        sections.append(.init("Definitions", [.table(headers: ["Figure", "Definition"],
                                                     rows: PerfRunSummary.definitions.sorted { $0.key < $1.key }.map { [$0.key, $0.value] })]))
        return ReportDocument(title: "Serving performance", subtitle: manifest.modelLine, sections: sections)
    }

    /// Throughput and latency against the concurrency (or the rate).
    var loadCharts: [ReportDocument.Block] {
        let open = summary.levels.contains { $0.rate != nil }
        let x = { (level: PerfLevelSummary) in open ? (level.rate ?? 0) : Double(level.parallel) }
        let xLabel = open ? "requests/s asked for" : "requests in flight (parallel)"
        func series(_ name: String, _ value: (PerfLevelSummary) -> Double?) -> ReportDocument.LineSeries {
            .init(name, summary.levels.compactMap { level in value(level).map { ReportDocument.Point(x: x(level), y: $0) } })
        }
        let logX = summary.levels.allSatisfy { x($0) > 0 } && summary.levels.count > 2
        return [
            .lines(title: "Output tokens per second", xLabel: xLabel, yLabel: "tokens/s",
                   series: [series("output", { $0.outputThroughput }), series("total", { $0.totalThroughput })], logX: logX),
            .lines(title: "Requests per second", xLabel: xLabel, yLabel: "requests/s",
                   series: [series("succeeded", { $0.requestThroughput })] + (summary.levels.contains { $0.goodput != nil } ? [series("goodput", { $0.goodput?.rate })] : []),
                   logX: logX),
            .lines(title: "Time to first token (s)", xLabel: xLabel, yLabel: "seconds",
                   series: [series("mean", { $0.ttft.mean }), series("p99", { $0.ttft["p99"] })], logX: logX),
            .lines(title: "Time per output token (s)", xLabel: xLabel, yLabel: "seconds",
                   series: [series("mean", { $0.tpot.mean }), series("p99", { $0.tpot["p99"] })], logX: logX),
        ]
    }

    /// TTFT and TPOT distributions, one curve per level.
    var distributionCharts: [ReportDocument.Block] {
        let good = records.filter { !$0.warmup && $0.succeeded }
        func series(_ value: (PerfRequestRecord) -> Double?) -> [ReportDocument.Series] {
            summary.levels.map { level in
                .init(Self.loadName(level), good.filter { $0.level == level.level }.compactMap(value))
            }
        }
        return [
            .cdf(title: "Time to first token", xLabel: "seconds", series: series { $0.timeToFirstToken }),
            .cdf(title: "Time per output token", xLabel: "seconds", series: series { $0.timePerOutputToken }),
            .cdf(title: "Latency", xLabel: "seconds", series: series { $0.latency }),
        ]
    }

    /// The page.
    public func html() -> String { document.renderHTML() }

    static func loadName(_ level: PerfLevelSummary) -> String {
        guard let rate = level.rate else { return "parallel \(level.parallel)" }
        return rate == -1 ? "all at once" : "rate \(ReportDocument.format(rate)) req/s"
    }
}
