import Foundation

/// The `assay overlap` job: reads a benchmark (canonical JSONL), scans the corpus, writes
/// `overlap.jsonl` (one line per item) and `overlap-summary.json`.
public enum OverlapRun {
    /// The contents of `overlap-summary.json`.
    public struct Summary: Codable, Sendable {
        public var benchmark: String
        public var corpus: [String]
        public var mode: String
        public var n: Int
        public var maxDocFreq: Int?
        public var threshold: Double
        public var items: Int
        public var itemsWithNgrams: Int
        public var itemsMatched: Int
        public var itemsOverThreshold: Int
        public var overThreshold: [String]
        public var ngrams: Int
        public var statistics: OverlapStatistics
        public var megabytesPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case benchmark, corpus, mode, n, threshold, items, ngrams, statistics
            case maxDocFreq = "max_doc_freq", itemsWithNgrams = "items_with_ngrams", itemsMatched = "items_matched"
            case itemsOverThreshold = "items_over_threshold", overThreshold = "over_threshold"
            case megabytesPerSecond = "mb_per_second"
        }
    }

    /// Runs the job and returns its summary (also written to the output folder).
    /// - Parameters:
    ///   - benchmark: canonical JSONL items.
    ///   - corpus: corpus files and folders.
    ///   - threshold: an item whose n-gram overlap is at least this counts as contaminated.
    ///   - outputFolder: where `overlap.jsonl` and `overlap-summary.json` go.
    public static func run(benchmark: String, corpus: [String], options: OverlapOptions,
                           corpusOptions: CorpusOptions, threshold: Double, outputFolder: String) throws -> Summary {
        let items = try Self.readItems(benchmark)
        let index = OverlapIndex(items: items, options: options)
        let report = try OverlapScanner(index: index, corpus: corpusOptions).scan(paths: corpus)
        return try write(report, benchmark: benchmark, corpus: corpus, options: options, threshold: threshold,
                         ngrams: index.gramCount, outputFolder: outputFolder)
    }

    /// Writes `overlap.jsonl` and `overlap-summary.json` for a finished scan (or merged shards).
    static func write(_ report: OverlapReport, benchmark: String, corpus: [String], options: OverlapOptions,
                      threshold: Double, ngrams: Int, outputFolder: String) throws -> Summary {
        let writer = try JSONLinesWriter(path: (outputFolder as NSString).appendingPathComponent("overlap.jsonl"))
        for item in report.items { try writer.write(item) }
        let over = report.items.filter { $0.ngrams > 0 && $0.fraction >= threshold }.map(\.id)
        let summary = Summary(
            benchmark: benchmark, corpus: corpus, mode: options.mode.rawValue, n: options.n,
            maxDocFreq: options.maxDocumentFrequency, threshold: threshold, items: report.items.count,
            itemsWithNgrams: report.items.filter { $0.ngrams > 0 }.count,
            itemsMatched: report.items.filter { $0.matched > 0 }.count,
            itemsOverThreshold: over.count, overThreshold: over, ngrams: ngrams,
            statistics: report.statistics, megabytesPerSecond: report.statistics.megabytesPerSecond)
        try JSONLinesWriter.writeDocument(summary, to: (outputFolder as NSString).appendingPathComponent("overlap-summary.json"))
        return summary
    }

    /// Reads canonical items, one JSON object per line (blank lines skipped); a bad line stops
    /// the run with `file:line: reason`.
    static func readItems(_ path: String) throws -> [BenchmarkItem] {
        let reader = LineReader(path: path)
        try reader.validate()
        let decoder = JSONDecoder()
        var items: [BenchmarkItem] = []
        var seen = Set<String>()
        for line in reader where !line.text.allSatisfy(\.isWhitespace) {
            let item: BenchmarkItem
            do { item = try decoder.decode(BenchmarkItem.self, from: Data(line.text.utf8)) } catch {
                throw InputError.badLine(file: path, line: line.number, reason: "not a benchmark item: \(Self.reason(error))")
            }
            guard seen.insert(item.id).inserted else {
                throw InputError.badLine(file: path, line: line.number, reason: "duplicate id '\(item.id)'")
            }
            items.append(item)
        }
        return items
    }

    private static func reason(_ error: Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, _): return "missing field '\(key.stringValue)'"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "wrong type at '\(context.codingPath.map(\.stringValue).joined(separator: "."))'"
        case DecodingError.dataCorrupted: return "invalid JSON"
        default: return "\(error)"
        }
    }
}
