import Dispatch
import Foundation

/// Streams a corpus past an `OverlapIndex` and reports, per benchmark item, the share of its
/// n-grams found and the best evidence.
///
/// Work is split by chunks of whole documents: the calling thread reads a batch of chunks (one
/// per worker) while the workers scan the previous batch, and results are merged in corpus
/// order, so the output is the same for any number of threads. Memory is the index plus
/// about three chunks per worker, whatever the corpus size.
///
/// With `maxDocumentFrequency` set, a first pass counts, for every benchmark n-gram, the corpus
/// documents holding it; n-grams above the limit are dropped from the index before the
/// matching pass. (Counting and matching in one pass would give the right fractions, but the
/// evidence kept per item could then be crowded out by the dropped common phrases.)
public struct OverlapScanner: Sendable {
    public let index: OverlapIndex
    public let corpus: CorpusOptions

    public init(index: OverlapIndex, corpus: CorpusOptions = CorpusOptions()) {
        self.index = index
        self.corpus = corpus
    }

    /// Scans the files and folders in `paths`.
    public func scan(paths: [String]) throws -> OverlapReport {
        let clock = ContinuousClock.now
        var statistics = OverlapStatistics()
        var matchingIndex = index
        if let limit = index.options.maxDocumentFrequency {
            let counting = try pass(index: index, reader: try reader(paths), countOnly: true, label: "overlap (document frequencies)")
            matchingIndex = index.ignoring(documentFrequencies: counting.frequency, above: limit)
            statistics.ignoredNgrams = counting.frequency.filter { Int($0) > limit }.count
            statistics.passes = 2
        }
        let matching = try pass(index: matchingIndex, reader: try reader(paths), countOnly: false, label: "overlap")
        statistics.files = matching.files.count
        statistics.bytes = matching.bytes
        statistics.documents = matching.documents
        statistics.skippedLines = matching.skippedLines
        statistics.warnings = matching.warnings.map { $0.text(files: matching.files) }
        if InterruptSignal.isRaised { statistics.interrupted = true }
        statistics.seconds = Self.seconds(since: clock)

        var items: [ItemOverlap] = []
        items.reserveCapacity(index.itemCount)
        for item in 0..<index.itemCount {
            let grams = matchingIndex.itemGrams[item].filter { !matchingIndex.ignored[Int($0)] }
            let matched = grams.filter { matching.frequency[Int($0)] > 0 }.count
            items.append(ItemOverlap(id: index.itemIDs[item], ngrams: grams.count, matched: matched,
                                     evidence: matching.evidence[Int32(item)] ?? []))
        }
        return OverlapReport(items: items, statistics: statistics)
    }

    static func seconds(since clock: ContinuousClock.Instant) -> Double {
        let elapsed = ContinuousClock.now - clock
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    }

    func reader(_ paths: [String], slices: [CorpusSlice]? = nil) throws -> CorpusReader {
        try CorpusReader(paths: paths, chunkSize: corpus.chunkSize, slices: slices)
    }

    /// The merged results of one pass over the corpus.
    struct PassResult {
        var frequency: [Int32]
        var evidence: [Int32: [OverlapEvidence]] = [:]
        var files: [String] = []
        /// Line ends read per slice of the reader.
        var sliceLines: [Int] = []
        var bytes: Int64 = 0
        var documents = 0
        var skippedLines = 0
        var warnings: [CorpusWarning] = []

        mutating func merge(_ chunk: ChunkResult, limit: Int) {
            for (gram, documents) in chunk.documentFrequency { frequency[Int(gram)] += documents }
            for (item, list) in chunk.evidence {
                var merged = evidence[item] ?? []
                for entry in list { OverlapEvidence.insert(entry, into: &merged, limit: limit) }
                evidence[item] = merged
            }
            documents += chunk.documents
            skippedLines += chunk.skippedLines
            warnings.append(contentsOf: chunk.warnings.prefix(max(0, 10 - warnings.count)))
        }
    }

    func pass(index: OverlapIndex, reader: CorpusReader, countOnly: Bool, label: String) throws -> PassResult {
        var reader = reader
        let scanners = (0..<corpus.threads).map { _ in ChunkScanner(index: index, field: corpus.field, countOnly: countOnly) }
        var result = PassResult(frequency: Array(repeating: 0, count: index.gramCount))
        result.files = reader.files
        let progress = ProgressReporter(label: label, unit: "MB", enabled: corpus.showProgress)
        var reportedMB: Int64 = 0
        let queue = DispatchQueue(label: "assay.overlap.scan", attributes: .concurrent)
        func readBatch() throws -> [CorpusChunk] {
            var batch: [CorpusChunk] = []
            while batch.count < scanners.count, let chunk = try reader.next() { batch.append(chunk) }
            return batch
        }
        var batch = try readBatch()
        // Ctrl-C stops between batches: what was scanned is merged and reported as partial.
        while !batch.isEmpty && !InterruptSignal.isRaised {
            // The workers scan this batch while this thread reads (and inflates) the next one.
            let outputs = ResultSlots(count: batch.count)
            let group = DispatchGroup()
            for (k, chunk) in batch.enumerated() {
                let scanner = scanners[k]
                queue.async(group: group) { outputs.store(scanner.scan(chunk), at: k) }
            }
            let next: [CorpusChunk]
            do { next = try readBatch() } catch {
                group.wait()
                throw error
            }
            group.wait()
            for (chunk, output) in zip(batch, outputs.results) {
                result.merge(output, limit: index.options.evidencePerItem)
                result.bytes += Int64(chunk.bytes.count)
            }
            let megabytes = result.bytes / 1_000_000
            if megabytes > reportedMB {
                progress.advance(by: Int(megabytes - reportedMB))
                reportedMB = megabytes
            }
            batch = next
        }
        progress.finish()
        result.sliceLines = reader.sliceLines
        return result
    }
}

/// The results of one batch, filled by the workers (each its own slot).
private final class ResultSlots: @unchecked Sendable {
    private let lock = NSLock()
    private var slots: [ChunkResult]

    init(count: Int) { slots = Array(repeating: ChunkResult(), count: count) }

    func store(_ result: ChunkResult, at slot: Int) {
        lock.lock()
        defer { lock.unlock() }
        slots[slot] = result
    }

    var results: [ChunkResult] {
        lock.lock()
        defer { lock.unlock() }
        return slots
    }
}
