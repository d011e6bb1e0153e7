import Foundation

/// A run of whole documents of one corpus file, handed to a scanning worker.
struct CorpusChunk: Sendable {
    /// Position in the whole corpus stream.
    var sequence: Int
    /// Position of the file in the corpus file list.
    var fileIndex: Int
    var path: String
    var isJSONLines: Bool
    var bytes: [UInt8]
    /// Offsets of the line ends ("\n") in `bytes`, found once by the reader (which counts
    /// lines anyway) for the scanner's documents and the evidence's line numbers.
    var lineEnds: [Int]
    /// Byte offset of `bytes[0]` in the (decompressed) file.
    var baseOffset: Int64
    /// 1-based line number of `bytes[0]` in the file.
    var baseLine: Int
}

/// Streams corpus files as chunks of whole documents, so memory stays bounded by the chunk
/// size however large the corpus is.
///
/// Files: every path given, folders walked recursively in sorted order (hidden entries
/// skipped); gzip and zstd content (by magic bytes) is decompressed on the fly. A file named
/// `*.jsonl`, `*.ndjson` (optionally `.gz` or `.zst`) holds one document per line; any other
/// file is plain text, whose documents are paragraphs separated by blank lines. A paragraph
/// longer than the chunk size is cut at its last line end (or space) before the limit;
/// n-grams across such a cut are not seen. A JSON line must fit in 16 chunks.
struct CorpusReader {
    let files: [String]
    /// What is read: whole files, or the byte ranges of one shard (`CorpusSlicer`).
    let slices: [CorpusSlice]
    /// Line ends read in each slice (its line numbers count from 1 at the slice start).
    private(set) var sliceLines: [Int]
    private let chunkSize: Int
    private var sliceIndex = -1
    private var fileIndex = -1
    /// Bytes left in the current slice (nil: to the end of the file).
    private var remaining: Int64?
    private var source: ByteSource?
    private var isJSONLines = false
    private var endOfFile = true
    private var pending: [UInt8] = []
    private var offset: Int64 = 0
    private var line = 1
    private var sequence = 0

    init(paths: [String], chunkSize: Int, slices: [CorpusSlice]? = nil) throws {
        files = try Self.expand(paths)
        self.slices = slices ?? files.indices.map { CorpusSlice(file: $0, start: 0, end: nil) }
        sliceLines = Array(repeating: 0, count: self.slices.count)
        self.chunkSize = chunkSize
    }

    /// The files under `paths`, folders expanded recursively in sorted order.
    static func expand(_ paths: [String]) throws -> [String] {
        let fm = FileManager.default
        var result: [String] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else { throw InputError.fileNotFound(path: path) }
            guard isDirectory.boolValue else { result.append(path); continue }
            guard let walker = fm.enumerator(atPath: path) else {
                throw InputError.unreadable(path: path, reason: "cannot list the folder")
            }
            var found: [String] = []
            while let relative = walker.nextObject() as? String {
                let name = (relative as NSString).lastPathComponent
                if name.hasPrefix(".") {
                    if walker.fileAttributes?[.type] as? FileAttributeType == .typeDirectory { walker.skipDescendants() }
                    continue
                }
                if walker.fileAttributes?[.type] as? FileAttributeType == .typeRegular {
                    found.append((path as NSString).appendingPathComponent(relative))
                }
            }
            result.append(contentsOf: found.sorted())
        }
        return result
    }

    static func isJSONLines(_ path: String) -> Bool {
        var name = path.lowercased()
        if let suffix = [".gz", ".zst"].first(where: name.hasSuffix) { name.removeLast(suffix.count) }
        return name.hasSuffix(".jsonl") || name.hasSuffix(".ndjson")
    }

    /// The next chunk of whole documents, or nil at the end of the corpus.
    mutating func next() throws -> CorpusChunk? {
        while true {
            if source == nil {
                sliceIndex += 1
                guard sliceIndex < slices.count else { return nil }
                let slice = slices[sliceIndex]
                fileIndex = slice.file
                let opened = try ByteSource(path: files[fileIndex])
                if slice.start > 0 { try opened.seek(to: slice.start) }
                source = opened
                remaining = slice.end.map { $0 - slice.start }
                isJSONLines = Self.isJSONLines(files[fileIndex])
                endOfFile = false
                pending.removeAll(keepingCapacity: true)
                offset = slice.start
                line = 1
            }
            var limit = chunkSize
            while true {
                try fill(to: limit)
                if pending.isEmpty && endOfFile { break }
                if let cut = endOfFile && pending.count <= limit ? pending.count : cutPoint(limit: limit) {
                    return emit(cut)
                }
                // A JSON line longer than the limit: read on.
                guard limit < 16 * chunkSize else {
                    throw InputError.badLine(file: files[fileIndex], line: line, reason: "line longer than \(16 * chunkSize) bytes")
                }
                limit *= 2
            }
            source = nil
            sliceLines[sliceIndex] = line - 1
        }
    }

    /// Reads until `pending` holds `limit + 1` bytes or the slice ends: straight into a new
    /// buffer (what is pending, then the source), which the chunk cut from it then keeps, so
    /// the corpus bytes are not copied on their way to the scanner.
    private mutating func fill(to limit: Int) throws {
        guard pending.count < limit + 1 && !endOfFile, let source else { return }
        let kept = pending
        var left = remaining
        var ended = false
        pending = try [UInt8](unsafeUninitializedCapacity: limit + 1) { buffer, count in
            guard let base = buffer.baseAddress else { return }
            kept.withUnsafeBufferPointer { if let bytes = $0.baseAddress { base.initialize(from: bytes, count: $0.count) } }
            count = kept.count
            while count < limit + 1 {
                let want = left.map { Int(min(Int64(limit + 1 - count), $0)) } ?? limit + 1 - count
                let got = want == 0 ? 0 : try source.read(into: base + count, count: want)
                if let bytes = left { left = bytes - Int64(got) }
                if got == 0 { ended = true; break }
                count += got
            }
        }
        remaining = left
        if ended { endOfFile = true }
    }

    /// The chunk of `pending[0..<cut]`. It takes `pending`'s buffer; only the bytes after the
    /// cut are copied, to start the next one.
    private mutating func emit(_ cut: Int) -> CorpusChunk {
        var bytes = pending
        pending = Array(bytes[cut...])
        bytes.removeLast(bytes.count - cut)
        let lineEnds = bytes.withUnsafeBufferPointer { $0.newlineOffsets(limit: .max) }
        let chunk = CorpusChunk(sequence: sequence, fileIndex: fileIndex, path: files[fileIndex], isJSONLines: isJSONLines,
                                bytes: bytes, lineEnds: lineEnds, baseOffset: offset, baseLine: line)
        sequence += 1
        offset += Int64(cut)
        line += lineEnds.count
        return chunk
    }

    /// Where to end a chunk within `pending[0..<limit]`: after the last blank line (plain
    /// text) or the last line end (JSON lines); nil when a JSON line does not end there.
    private func cutPoint(limit: Int) -> Int? {
        let end = min(limit, pending.count)
        return pending.withUnsafeBufferPointer { bytes -> Int? in
            var laterNewline = -1
            var lastNewline = -1
            var lastSpace = -1
            var j = end - 1
            while j >= 0 {
                let byte = bytes[j]
                if byte == 0x0A {
                    if isJSONLines { return j + 1 }
                    if laterNewline >= 0 { return laterNewline + 1 }
                    laterNewline = j
                    if lastNewline < 0 { lastNewline = j }
                } else if byte == 0x20 || byte == 0x09 || byte == 0x0D {
                    if lastSpace < 0 { lastSpace = j }
                } else {
                    laterNewline = -1
                }
                j -= 1
            }
            if isJSONLines { return nil }
            if lastNewline >= 0 { return lastNewline + 1 }
            if lastSpace >= 0 { return lastSpace + 1 }
            var cut = end   // no space at all: cut between UTF-8 scalars
            while cut > 1 && bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
            return cut
        }
    }
}

extension UnsafeBufferPointer<UInt8> {

    /// Offsets of the line ends ("\n"), found with `memchr`; stops after `limit` of them.
    func newlineOffsets(limit: Int) -> [Int] {
        guard let base = baseAddress else { return [] }
        var offsets: [Int] = []
        var position = 0
        while position < count, offsets.count < limit,
              let hit = memchr(base + position, 0x0A, count - position) {
            let offset = UnsafeRawPointer(hit) - UnsafeRawPointer(base)
            offsets.append(offset)
            position = offset + 1
        }
        return offsets
    }
}
