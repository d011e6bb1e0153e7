import Foundation

/// Why shard folders cannot be merged; each message names the folder and what to do.
public enum OverlapMergeError: Error, Sendable, Equatable, CustomStringConvertible {
    case noFolders
    case notAPartial(folder: String, reason: String)
    case mismatch(folder: String, first: String, what: String)
    case duplicate(shard: String, folders: [String])
    case missing(shards: [Int], count: Int)
    case interrupted(folder: String, shard: String)
    case uncovered(path: String)

    public var description: String {
        switch self {
        case .noFolders:
            return "no shard folders given: pass the --out folders of every `assay overlap --shard I/N` run"
        case .notAPartial(let folder, let reason):
            return "\(folder): \(reason) (expected the --out folder of `assay overlap --shard I/N`)"
        case .mismatch(let folder, let first, let what):
            return "\(folder): not a shard of the same run as \(first): \(what) differs; run every shard with the same "
                + "options, benchmark and corpus"
        case .duplicate(let shard, let folders):
            return "shard \(shard) given twice: \(folders.joined(separator: " and ")); keep one"
        case .missing(let shards, let count):
            return "missing shard\(shards.count > 1 ? "s" : "") \(shards.map { "\($0)/\(count)" }.joined(separator: ", ")): "
                + "run them (or pass their folders)"
        case .interrupted(let folder, let shard):
            return "\(folder): shard \(shard) was interrupted (Ctrl-C) and covers part of its range only; run it again"
        case .uncovered(let path):
            return "\(path): the shards' byte ranges do not cover the file exactly once; run the shards again"
        }
    }
}

/// `assay overlap merge`: combines the partials of all N shards into the `overlap.jsonl` and
/// `overlap-summary.json` one run over the whole corpus writes. `statistics.seconds` is the sum
/// of the shards' seconds (so `mb_per_second` is the throughput of one shard); every other field
/// is the same as one run's.
public enum OverlapMerge {
    /// Checks and merges the partials in `folders`; writes into `outputFolder`.
    public static func merge(folders: [String], outputFolder: String) throws -> OverlapRun.Summary {
        let partials = try check(try folders.map(load))
        guard let first = partials.first?.partial else { throw OverlapMergeError.noFolders }
        let run = first.run
        // Line offsets: the line ends of the same file's ranges in earlier shards.
        var linesSoFar = [Int](repeating: 0, count: first.files.count)
        var offsets: [[Int: Int]] = []
        for (_, partial) in partials {
            var offset: [Int: Int] = [:]
            for range in partial.ranges {
                offset[range.file] = linesSoFar[range.file]
                linesSoFar[range.file] += range.lines
            }
            offsets.append(offset)
        }
        var items: [ItemOverlap] = []
        for (k, item) in first.items.enumerated() {
            var matched = Set<Int32>()
            var evidence: [OverlapEvidence] = []
            for (p, (_, partial)) in partials.enumerated() {
                matched.formUnion(partial.items[k].matchedGrams)
                for entry in partial.items[k].evidence {
                    let offset = entry.order.first.flatMap { offsets[p][$0] } ?? 0
                    OverlapEvidence.insert(entry.evidence(lineOffset: offset), into: &evidence, limit: run.evidencePerItem)
                }
            }
            items.append(ItemOverlap(id: item.id, ngrams: item.ngrams, matched: matched.count, evidence: evidence))
        }
        var statistics = OverlapStatistics()
        statistics.files = first.files.count
        var warnings: [String] = []
        for (p, (_, partial)) in partials.enumerated() {
            statistics.bytes += partial.statistics.bytes
            statistics.documents += partial.statistics.documents
            statistics.skippedLines += partial.statistics.skippedLines
            statistics.seconds += partial.statistics.seconds
            for warning in partial.statistics.warnings where warnings.count < 10 {
                warnings.append(warning.text(files: first.files.map(\.path), lineOffset: offsets[p][warning.file] ?? 0))
            }
        }
        statistics.warnings = warnings
        let options = OverlapOptions(mode: OverlapOptions.Mode(rawValue: run.mode) ?? .words, n: run.n,
                                     samplesPerItem: run.samplesPerItem, seed: run.seed, evidencePerItem: run.evidencePerItem)
        try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
        return try OverlapRun.write(OverlapReport(items: items, statistics: statistics), benchmark: run.benchmark,
                                    corpus: run.corpus, options: options, threshold: run.threshold,
                                    ngrams: run.ngrams, outputFolder: outputFolder)
    }

    static func load(_ folder: String) throws -> (folder: String, partial: OverlapPartial) {
        let path = (folder as NSString).appendingPathComponent(OverlapPartial.fileName)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw OverlapMergeError.notAPartial(folder: folder, reason: "no \(OverlapPartial.fileName)")
        }
        let partial: OverlapPartial
        do { partial = try JSONDecoder().decode(OverlapPartial.self, from: data) } catch {
            throw OverlapMergeError.notAPartial(folder: folder, reason: "\(OverlapPartial.fileName) is not readable (\(error))")
        }
        guard partial.format == OverlapPartial.formatName, partial.version == OverlapPartial.formatVersion else {
            throw OverlapMergeError.notAPartial(folder: folder, reason: "\(OverlapPartial.fileName) has an unknown format or version")
        }
        return (folder, partial)
    }

    /// The partials in shard order, once checked: same run, same files, every shard once,
    /// none interrupted, every file covered exactly once.
    static func check(_ loaded: [(folder: String, partial: OverlapPartial)]) throws -> [(folder: String, partial: OverlapPartial)] {
        guard let (firstFolder, first) = loaded.first else { throw OverlapMergeError.noFolders }
        let count = first.shard.count
        for (folder, partial) in loaded {
            let mismatch = { (what: String) in OverlapMergeError.mismatch(folder: folder, first: firstFolder, what: what) }
            if partial.shard.count != count { throw mismatch("the shard count (\(partial.shard.count) vs \(count))") }
            if let field = partial.run.firstDifference(from: first.run) { throw mismatch("option \(field)") }
            if partial.files != first.files {
                let file = zip(partial.files, first.files).first { $0 != $1 }.map { "\($0.0.path), \($0.0.size) vs \($0.1.size) bytes" }
                throw mismatch("the corpus file list (\(file ?? "\(partial.files.count) vs \(first.files.count) files"))")
            }
            if partial.items.count != first.items.count || zip(partial.items, first.items).contains(where: { $0.id != $1.id }) {
                throw mismatch("the benchmark items")
            }
        }
        let byShard = Dictionary(grouping: loaded, by: { $0.partial.shard.index })
        for index in byShard.keys.sorted() {
            guard let group = byShard[index] else { continue }
            if group.count > 1 { throw OverlapMergeError.duplicate(shard: "\(index)/\(count)", folders: group.map(\.folder)) }
            if !(1...count).contains(index) {
                throw OverlapMergeError.notAPartial(folder: group[0].folder, reason: "shard \(index)/\(count) is out of range")
            }
        }
        let missing = (1...count).filter { byShard[$0] == nil }
        if !missing.isEmpty { throw OverlapMergeError.missing(shards: missing, count: count) }
        let sorted = loaded.sorted { $0.partial.shard.index < $1.partial.shard.index }
        for (folder, partial) in sorted where partial.statistics.interrupted == true {
            throw OverlapMergeError.interrupted(folder: folder, shard: "\(partial.shard)")
        }
        for (k, file) in first.files.enumerated() {
            let ranges = sorted.flatMap { $0.partial.ranges.filter { $0.file == k } }
            if file.divisible {
                var next: Int64 = 0
                for range in ranges {
                    guard range.start == next, let end = range.end, end >= next else { throw OverlapMergeError.uncovered(path: file.path) }
                    next = end
                }
                if next != file.size { throw OverlapMergeError.uncovered(path: file.path) }
            } else if ranges.count != 1 || ranges[0].start != 0 || ranges[0].end != nil {
                throw OverlapMergeError.uncovered(path: file.path)
            }
        }
        return sorted
    }
}
