import Foundation

/// What one chunk of the corpus contributed.
struct ChunkResult: Sendable {
    /// For each gram found: the number of the chunk's documents holding it.
    var documentFrequency: [Int32: Int32] = [:]
    /// The best matches per item (by item number).
    var evidence: [Int32: [OverlapEvidence]] = [:]
    var documents = 0
    var skippedLines = 0
    var warnings: [CorpusWarning] = []
}

/// A corpus line that could not be read; `line` counts from the start of the scanned range.
struct CorpusWarning: Codable, Sendable, Hashable {
    var file: Int
    var line: Int
    var reason: String

    func text(files: [String], lineOffset: Int = 0) -> String {
        "\(files.indices.contains(file) ? files[file] : "?"):\(line + lineOffset): \(reason)"
    }
}

/// Scans chunks of corpus text against an `OverlapIndex`. One scanner per worker thread: it
/// owns reusable scratch buffers, so it is a class used by one thread at a time.
///
/// A document first goes through the fused pass (`GramWindow`: normalizing, hashing and
/// looking up in one pass over its bytes). Only when some window hash is in the table, which
/// is rare, is it scanned the straightforward way: tokens into an array, every window verified
/// token by token, runs of matches tracked into evidence. Both ways agree, as the fused pass
/// finds exactly the hashes the straightforward one looks up.
final class ChunkScanner: @unchecked Sendable {
    private let index: OverlapIndex
    private let normalizer: TextNormalizer
    private let field: JSONTextField
    private let countOnly: Bool
    private let evidenceLimit: Int
    private let powers: [UInt64]
    /// The fused pass; nil when grams have several lengths (`.gpt4` mode with short items).
    private var window: GramWindow?
    private var tokens = TextNormalizer.Tokens(recordsRanges: false)
    /// The current document's tokens with byte ranges, built only when it yields evidence.
    private var rangedTokens = TextNormalizer.Tokens()
    private var rangedSerial: Int32 = -1
    private var prefix: [UInt64] = []
    private var text: [UInt8] = []
    /// The last document (by `serial`) that counted each gram, so a document counts it once.
    private var lastDocument: [Int32]
    private var serial: Int32 = 0
    /// Matches still growing at the previous token: (item, item position) -> (corpus start, item start).
    private var active: [IndexPairKey: (Int, Int)] = [:]
    private var following: [IndexPairKey: (Int, Int)] = [:]

    struct IndexPairKey: Hashable { var item: Int32; var position: Int32 }

    /// `countOnly` skips match tracking (the document-frequency pass).
    init(index: OverlapIndex, field: String, countOnly: Bool) {
        self.index = index
        normalizer = TextNormalizer(unit: index.options.normalizerUnit)
        self.field = JSONTextField(name: field)
        self.countOnly = countOnly
        evidenceLimit = index.options.evidencePerItem
        powers = index.lengths.map(RollingHash.power)
        lastDocument = Array(repeating: -1, count: index.gramCount)
        window = index.lengths.count == 1 ? GramWindow(table: index.table, n: index.lengths[0]) : nil
    }

    deinit {
        window?.deallocate()
    }

    func scan(_ chunk: CorpusChunk) -> ChunkResult {
        var result = ChunkResult()
        chunk.bytes.withUnsafeBufferPointer { bytes in
            var context = DocumentContext(chunk: chunk)
            if chunk.isJSONLines {
                var start = 0
                for (k, end) in (chunk.lineEnds + [bytes.count]).enumerated() where start < bytes.count {
                    if bytes[start..<end].contains(where: { $0 > 0x20 }) {
                        scanLine(bytes, start..<end, line: chunk.baseLine + k, context: &context, into: &result)
                    }
                    start = end + 1
                }
            } else {
                for document in Self.paragraphs(bytes, lineEnds: chunk.lineEnds) {
                    context.documentStart = document.lowerBound
                    context.textRange = document
                    scanText(source: bytes, context: &context, into: &result)
                }
            }
        }
        return result
    }

    private func scanLine(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, line: Int,
                          context: inout DocumentContext, into result: inout ChunkResult) {
        let outcome: JSONTextField.Outcome
        do { outcome = try field.extract(bytes, range, into: &text) } catch {
            result.skip(CorpusWarning(file: context.chunk.fileIndex, line: line, reason: error.reason))
            return
        }
        guard outcome == .found else {
            let what = outcome == .missing ? "no" : "a non-string"
            result.skip(CorpusWarning(file: context.chunk.fileIndex, line: line,
                                      reason: "\(what) \"\(String(decoding: field.name, as: UTF8.self))\" field"))
            return
        }
        context.documentStart = range.lowerBound
        context.jsonLine = line
        context.textRange = 0..<text.count
        text.withUnsafeBufferPointer { decoded in
            scanText(source: decoded, context: &context, into: &result)
        }
    }

    /// Scans the document `source[context.textRange]`: the fused pass, then the
    /// straightforward scan if that found a candidate (or cannot run).
    private func scanText(source: UnsafeBufferPointer<UInt8>, context: inout DocumentContext,
                          into result: inout ChunkResult) {
        if window != nil {
            window!.reset()
            normalizer.tokenize(source, range: context.textRange, into: &window!)
            if !window!.foundAny() {
                result.documents += 1
                return
            }
        }
        tokens.removeAll()
        normalizer.tokenize(source, range: context.textRange, into: &tokens)
        scanDocument(source: source, context: &context, into: &result)
    }

    /// Paragraphs: ranges separated by blank lines (lines of spaces, tabs, CR only), found from
    /// the offsets of the line ends in `bytes`. A range of whitespace only is no document, so
    /// the paragraphs do not depend on where after a blank line the text was cut (chunks, shards).
    static func paragraphs(_ bytes: UnsafeBufferPointer<UInt8>, lineEnds: [Int]) -> [Range<Int>] {
        var result: [Range<Int>] = []
        func add(_ range: Range<Int>) {
            if bytes[range].contains(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }) { result.append(range) }
        }
        var start = 0
        for (k, newline) in lineEnds.enumerated() where k + 1 < lineEnds.count {
            // Is the line after this line end blank?
            var j = newline + 1
            while bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0D { j += 1 }
            if j == lineEnds[k + 1] {
                if newline > start { add(start..<newline) }
                start = j + 1
            }
        }
        if start < bytes.count { add(start..<bytes.count) }
        return result
    }

    /// Looks every window of the current `tokens` up, counts documents per gram and tracks
    /// contiguous matches (consecutive item positions at consecutive corpus positions).
    private func scanDocument(source: UnsafeBufferPointer<UInt8>, context: inout DocumentContext,
                              into result: inout ChunkResult) {
        let count = tokens.count
        result.documents += 1
        guard let shortest = index.lengths.first, count >= shortest else { return }
        serial += 1
        RollingHash.prefixes(of: tokens.hashes, into: &prefix)
        let lengths = index.lengths
        let table = index.table
        prefix.withUnsafeBufferPointer { prefix in
            tokens.hashes.withUnsafeBufferPointer { window in
                for p in 0...(count - shortest) {
                    for k in lengths.indices where p + lengths[k] <= count {
                        let g = table.find(RollingHash.window(prefix, p, lengths[k], power: powers[k]))
                        if g >= 0 { verify(g, length: lengths[k], window: window, at: p, into: &result) }
                    }
                    if !active.isEmpty || !following.isEmpty {
                        closeRuns(at: p, source: source, context: &context, into: &result)
                    }
                }
            }
        }
        // The matches still open ended at the last window.
        if !active.isEmpty { closeRuns(at: count - shortest + 1, source: source, context: &context, into: &result) }
    }

    /// Follows the chain of grams with this hash and records the ones whose tokens match.
    private func verify(_ first: Int32, length: Int, window: UnsafeBufferPointer<UInt64>, at p: Int,
                        into result: inout ChunkResult) {
        var g = first
        while g >= 0 {
            let gram = index.grams[Int(g)]
            if Int(gram.length) == length && !index.ignored[Int(g)] && index.matches(gram, window, at: p) {
                hit(Int(g), at: p, into: &result)
            }
            g = gram.next
        }
    }

    private func hit(_ g: Int, at p: Int, into result: inout ChunkResult) {
        if lastDocument[g] != serial {
            lastDocument[g] = serial
            result.documentFrequency[Int32(g), default: 0] += 1
        }
        if countOnly || evidenceLimit == 0 { return }
        let gram = index.grams[g]
        for o in index.occurrences[Int(gram.first)..<Int(gram.first + gram.count)] {
            let start = active[IndexPairKey(item: o.item, position: o.position - 1)] ?? (p, Int(o.position))
            following[IndexPairKey(item: o.item, position: o.position)] = start
        }
    }

    /// After corpus position `p`: every match that did not grow at `p` has ended at `p - 1`.
    private func closeRuns(at p: Int, source: UnsafeBufferPointer<UInt8>, context: inout DocumentContext,
                           into result: inout ChunkResult) {
        for (key, start) in active where following[IndexPairKey(item: key.item, position: key.position + 1)] == nil {
            // Grams are n tokens long, except a whole item shorter than n (`.gpt4` mode).
            let length = min(index.tokens(ofItem: Int(key.item)).count, index.options.n)
            let span = Int(key.position) - start.1 + length
            // Corpus order, independent of where chunks were cut: file, document, token.
            let order = [context.chunk.fileIndex, Int(context.chunk.baseOffset) + context.documentStart, start.0]
            var list = result.evidence[key.item] ?? []
            guard OverlapEvidence.wouldEnter(span: span, order: order, list: list, limit: evidenceLimit) else { continue }
            if rangedSerial != serial {
                rangedSerial = serial
                rangedTokens.removeAll()
                normalizer.tokenize(source, range: context.textRange, into: &rangedTokens)
            }
            let firstByte = Int(rangedTokens.starts[start.0])
            let lastByte = Int(rangedTokens.ends[p - 1 + length - 1])
            var evidence = context.evidence(firstByte: firstByte, lastByte: lastByte, source: source, span: span)
            evidence.order = order
            OverlapEvidence.insert(evidence, into: &list, limit: evidenceLimit)
            result.evidence[key.item] = list
        }
        swap(&active, &following)
        following.removeAll(keepingCapacity: true)
    }
}

extension ChunkResult {
    mutating func skip(_ warning: CorpusWarning) {
        skippedLines += 1
        if warnings.count < 10 { warnings.append(warning) }
    }
}
