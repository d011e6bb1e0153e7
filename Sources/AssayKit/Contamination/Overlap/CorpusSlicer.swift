import Foundation

/// One shard of a corpus scan, `I/N` with I counted from 1 (Slurm's `--array=1-N`; add 1 to
/// Kubernetes' 0-based `JOB_COMPLETION_INDEX`).
public struct ShardSpec: Codable, Sendable, Hashable, CustomStringConvertible {
    /// 1...count.
    public let index: Int
    public let count: Int

    public init(index: Int, count: Int) throws(ShardError) {
        guard count >= 1, (1...count).contains(index) else { throw ShardError.badSpec("\(index)/\(count)") }
        self.index = index
        self.count = count
    }

    /// Parses `I/N`, e.g. `3/8`.
    public init(parsing text: String) throws(ShardError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else { throw ShardError.badSpec(text) }
        try self.init(index: index, count: count)
    }

    public var description: String { "\(index)/\(count)" }
}

/// Why a shard cannot be scanned.
public enum ShardError: Error, Sendable, Equatable, CustomStringConvertible {
    case badSpec(String)
    case withMaxDocFreq

    public var description: String {
        switch self {
        case .badSpec(let text):
            return "--shard '\(text)': expected I/N with 1 <= I <= N (I counts from 1; Kubernetes' JOB_COMPLETION_INDEX needs +1)"
        case .withMaxDocFreq:
            return "--shard cannot be used with --max-doc-freq: the n-grams to drop depend on document counts over the "
                + "whole corpus, known only after every shard has run, so the shards' matches could not be merged exactly; "
                + "scan without --shard, or shard without --max-doc-freq"
        }
    }
}

/// A corpus file as sharding sees it.
struct CorpusFile: Codable, Sendable, Hashable {
    var path: String
    /// Bytes on disk.
    var size: Int64
    /// gzip or zstd data (by magic bytes): never cut, it goes whole to one shard.
    var compression: ByteSource.Compression

    /// Cut into byte ranges only when plain and not empty.
    var divisible: Bool { compression == .none && size > 0 }
}

/// The part of one corpus file a shard reads: bytes `start..<end` (nil end: the whole file).
struct CorpusSlice: Codable, Sendable, Hashable {
    var file: Int
    var start: Int64
    var end: Int64?
}

/// Splits a corpus across shards, balanced by bytes and deterministic.
///
/// The files (in corpus order) are seen as one stream of their on-disk bytes, cut into N equal
/// parts (`ceil(k * total / N)`). A cut inside a plain file moves forward to the next document
/// boundary: after a line end in JSON lines, after a blank line (`\n\n` or `\n\r\n`) in plain
/// text; shard k's end and shard k+1's start are the same boundary, so every document is read
/// by exactly one shard. A compressed (gzip, zstd) file cannot be entered in the middle: it
/// goes whole to the shard holding its middle byte (as does an empty file).
enum CorpusSlicer {
    static func describe(_ files: [String]) throws -> [CorpusFile] {
        try files.map { path in
            let attributes = try? FileManager.default.attributesOfItem(atPath: path)
            guard let size = (attributes?[.size] as? NSNumber)?.int64Value else {
                throw InputError.unreadable(path: path, reason: "cannot read its size")
            }
            return CorpusFile(path: path, size: size, compression: try ByteSource(path: path).compression)
        }
    }

    /// The stream offsets where the shards start (N + 1 of them, the last the total).
    static func cuts(total: Int64, count: Int) -> [Int64] {
        (0...count).map { k in
            let product = Int64(k).multipliedFullWidth(by: total)
            let (quotient, remainder) = Int64(count).dividingFullWidth(product)
            return remainder > 0 ? quotient + 1 : quotient
        }
    }

    /// The nominal (not yet moved to document boundaries) slices of one shard.
    static func nominal(_ files: [CorpusFile], shard: ShardSpec) -> [CorpusSlice] {
        let total = files.reduce(Int64(0)) { $0 + $1.size }
        let cuts = cuts(total: total, count: shard.count)
        let (low, high) = (cuts[shard.index - 1], cuts[shard.index])
        var slices: [CorpusSlice] = []
        var fileStart: Int64 = 0
        for (k, file) in files.enumerated() {
            defer { fileStart += file.size }
            if !file.divisible {
                let middle = fileStart + file.size / 2
                let owner = (cuts.dropLast().lastIndex { $0 <= middle } ?? 0) + 1
                if owner == shard.index { slices.append(CorpusSlice(file: k, start: 0, end: nil)) }
                continue
            }
            let start = max(low, fileStart), end = min(high, fileStart + file.size)
            if start < end { slices.append(CorpusSlice(file: k, start: start - fileStart, end: end - fileStart)) }
        }
        return slices
    }

    /// The slices of one shard, their ends moved to document boundaries.
    static func slices(_ files: [CorpusFile], shard: ShardSpec) throws -> [CorpusSlice] {
        try nominal(files, shard: shard).map { slice in
            guard let end = slice.end else { return slice }
            let file = files[slice.file]
            let jsonLines = CorpusReader.isJSONLines(file.path)
            return CorpusSlice(file: slice.file, start: try boundary(file, at: slice.start, jsonLines: jsonLines),
                               end: try boundary(file, at: end, jsonLines: jsonLines))
        }
    }

    /// The first document boundary at or after `offset` of a plain file (its size if none).
    static func boundary(_ file: CorpusFile, at offset: Int64, jsonLines: Bool) throws -> Int64 {
        if offset <= 0 || offset >= file.size { return min(max(offset, 0), file.size) }
        let source = try ByteSource(path: file.path)
        let from = max(0, offset - 3)
        try source.seek(to: from)
        var bytes: [UInt8] = []
        while true {
            let block = try source.read(upTo: 1 << 16)
            if block.isEmpty { return file.size }
            bytes += block
            if let found = boundary(in: bytes, at: Int(offset - from), jsonLines: jsonLines) { return from + Int64(found) }
        }
    }

    /// The first q >= `at` (and <= bytes.count) that follows a line end (JSON lines) or a blank
    /// line (plain text); nil when `bytes` ends first. `bytes` must hold 3 bytes before `at`
    /// (or start at the file start).
    static func boundary(in bytes: [UInt8], at start: Int, jsonLines: Bool) -> Int? {
        guard max(start, 1) <= bytes.count else { return nil }
        for q in max(start, 1)...bytes.count where bytes[q - 1] == 0x0A {
            if jsonLines { return q }
            if q >= 2, bytes[q - 2] == 0x0A { return q }
            if q >= 3, bytes[q - 2] == 0x0D, bytes[q - 3] == 0x0A { return q }
        }
        return nil
    }
}
