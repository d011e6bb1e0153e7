import Foundation

/// `overlap-partial.json`: what one shard of `assay overlap --shard I/N` found, with what
/// `OverlapMerge` needs to check that the partials belong together and to rebuild exactly the
/// output of one run. Line numbers in it count from the start of the shard's range of the file;
/// the merge adds the line ends of the earlier ranges.
struct OverlapPartial: Codable, Sendable {
    static let formatName = "assay-overlap-partial"
    static let fileName = "overlap-partial.json"
    /// 2: corpus files give their `compression` (none, gzip, zstd), not a `gzip` flag.
    static let formatVersion = 2

    var format = formatName
    var version = formatVersion
    var shard: ShardSpec
    var run: Run
    /// Every corpus file of the run (all shards), in corpus order.
    var files: [CorpusFile]
    /// The parts of files this shard read.
    var ranges: [FileRange]
    var items: [Item]
    var statistics: Statistics

    /// Everything that must be equal across the shards of one run.
    struct Run: Codable, Sendable, Equatable {
        var benchmark: String
        /// The benchmark file's content, so a changed benchmark is caught.
        var benchmarkSHA256: String
        /// The --corpus arguments as given (the summary's `corpus`).
        var corpus: [String]
        var mode: String, n: Int, seed: UInt64
        var samplesPerItem: Int, evidencePerItem: Int
        /// The JSON lines' text field.
        var field: String
        var threshold: Double
        /// Chunks cut over-long paragraphs, so shards must use the same size.
        var chunkSize: Int
        var items: Int, ngrams: Int

        enum CodingKeys: String, CodingKey {
            case benchmark, corpus, mode, n, seed, field, threshold, items, ngrams
            case benchmarkSHA256 = "benchmark_sha256", samplesPerItem = "samples_per_item"
            case evidencePerItem = "evidence_per_item", chunkSize = "chunk_size"
        }

        /// The first field that differs from `other`, by its JSON name.
        func firstDifference(from other: Run) -> String? {
            let mine = Mirror(reflecting: self).children, theirs = Mirror(reflecting: other).children
            for (a, b) in zip(mine, theirs) where "\(a.value)" != "\(b.value)" {
                let label = a.label ?? "?"
                return (CodingKeys.allCases.first { "\($0)" == label }?.stringValue ?? label)
                    + " (\(a.value) vs \(b.value))"
            }
            return nil
        }
    }

    /// Bytes `start..<end` of file `file` (nil end: the whole file, compressed or empty) and the line
    /// ends read there.
    struct FileRange: Codable, Sendable, Equatable {
        var file: Int
        var start: Int64
        var end: Int64?
        var lines: Int
    }

    struct Item: Codable, Sendable {
        var id: String
        var ngrams: Int
        /// The item's n-grams (numbers in the benchmark index) found in this shard.
        var matchedGrams: [Int32]
        var evidence: [Evidence]

        enum CodingKeys: String, CodingKey { case id, ngrams, evidence, matchedGrams = "matched_grams" }
    }

    /// An `OverlapEvidence` with its corpus order (file, document start, token), which ranks
    /// equal spans across shards as in one run.
    struct Evidence: Codable, Sendable {
        var path: String
        var offset: Int64
        var line: Int
        var span: Int
        var text: String
        var order: [Int]

        init(_ evidence: OverlapEvidence) {
            (path, offset, line, span, text, order) =
                (evidence.path, evidence.offset, evidence.line, evidence.span, evidence.text, evidence.order)
        }

        func evidence(lineOffset: Int) -> OverlapEvidence {
            var evidence = OverlapEvidence(path: path, offset: offset, line: line + lineOffset, span: span, text: text)
            evidence.order = order
            return evidence
        }
    }

    struct Statistics: Codable, Sendable {
        var bytes: Int64
        var documents: Int
        var skippedLines: Int
        var warnings: [CorpusWarning]
        var seconds: Double
        var interrupted: Bool?

        enum CodingKeys: String, CodingKey {
            case bytes, documents, warnings, seconds, interrupted, skippedLines = "skipped_lines"
        }
    }
}

extension OverlapPartial.Run.CodingKeys: CaseIterable {}

extension OverlapRun {
    /// Scans shard `shard` of the corpus and writes `overlap-partial.json` into `outputFolder`
    /// (merge the shards' folders with `OverlapMerge`). Returns the shard's figures.
    public static func runShard(_ shard: ShardSpec, benchmark: String, corpus: [String], options: OverlapOptions,
                                corpusOptions: CorpusOptions, threshold: Double, outputFolder: String) throws -> OverlapStatistics {
        guard options.maxDocumentFrequency == nil else { throw ShardError.withMaxDocFreq }
        let clock = ContinuousClock.now
        let items = try readItems(benchmark)
        let index = OverlapIndex(items: items, options: options)
        let scanner = OverlapScanner(index: index, corpus: corpusOptions)
        let files = try CorpusSlicer.describe(try CorpusReader.expand(corpus))
        let slices = try CorpusSlicer.slices(files, shard: shard)
        let pass = try scanner.pass(index: index, reader: try scanner.reader(corpus, slices: slices), countOnly: false,
                                    label: "overlap \(shard)")
        var statistics = OverlapStatistics()
        statistics.files = slices.count
        statistics.bytes = pass.bytes
        statistics.documents = pass.documents
        statistics.skippedLines = pass.skippedLines
        statistics.warnings = pass.warnings.map { $0.text(files: pass.files) + " (line within the shard's range)" }
        if InterruptSignal.isRaised { statistics.interrupted = true }
        statistics.seconds = OverlapScanner.seconds(since: clock)

        let run = OverlapPartial.Run(
            benchmark: benchmark, benchmarkSHA256: try SHA256.hexOfFile(atPath: benchmark), corpus: corpus,
            mode: options.mode.rawValue, n: options.n, seed: options.seed, samplesPerItem: options.samplesPerItem,
            evidencePerItem: options.evidencePerItem, field: corpusOptions.field, threshold: threshold,
            chunkSize: corpusOptions.chunkSize, items: items.count, ngrams: index.gramCount)
        let partialItems = (0..<index.itemCount).map { item in
            OverlapPartial.Item(id: index.itemIDs[item], ngrams: index.itemGrams[item].count,
                                matchedGrams: index.itemGrams[item].filter { pass.frequency[Int($0)] > 0 },
                                evidence: (pass.evidence[Int32(item)] ?? []).map(OverlapPartial.Evidence.init))
        }
        let ranges = zip(slices, pass.sliceLines).map { OverlapPartial.FileRange(file: $0.file, start: $0.start, end: $0.end, lines: $1) }
        let partial = OverlapPartial(
            shard: shard, run: run, files: files, ranges: ranges, items: partialItems,
            statistics: .init(bytes: pass.bytes, documents: pass.documents, skippedLines: pass.skippedLines,
                              warnings: pass.warnings, seconds: statistics.seconds, interrupted: statistics.interrupted))
        try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
        try JSONLinesWriter.writeDocument(partial, to: (outputFolder as NSString).appendingPathComponent(OverlapPartial.fileName))
        return statistics
    }
}
