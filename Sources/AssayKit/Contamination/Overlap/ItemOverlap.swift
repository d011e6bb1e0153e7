/// One place in the corpus where part of an item was found, so a user can open the evidence.
public struct OverlapEvidence: Codable, Sendable, Hashable {
    /// The corpus file.
    public var path: String
    /// Byte offset of the match start in the (decompressed) file; for JSON lines, of the line.
    public var offset: Int64
    /// 1-based line number of the match start.
    public var line: Int
    /// Length of the match in item tokens (words, or characters).
    public var span: Int
    /// The matching corpus text (at most 400 bytes, then "…").
    public var text: String
    /// Corpus order: (file, document start, match start in the document's text); not written out.
    var order: [Int] = []

    enum CodingKeys: String, CodingKey { case path, offset, line, span, text }

    public init(path: String, offset: Int64, line: Int, span: Int, text: String) {
        self.path = path
        self.offset = offset
        self.line = line
        self.span = span
        self.text = text
    }

    /// Longer matches first, then corpus order.
    static func ranks(_ a: OverlapEvidence, before b: OverlapEvidence) -> Bool {
        if a.span != b.span { return a.span > b.span }
        return a.order.lexicographicallyPrecedes(b.order)
    }

    /// Adds `evidence` to a list kept sorted by rank and capped at `limit`.
    static func insert(_ evidence: OverlapEvidence, into list: inout [OverlapEvidence], limit: Int) {
        if list.count >= limit, let last = list.last, !ranks(evidence, before: last) { return }
        let at = list.firstIndex { ranks(evidence, before: $0) } ?? list.count
        list.insert(evidence, at: at)
        if list.count > limit { list.removeLast() }
    }

    /// True when a match of `span` tokens at `order` would enter a full list (saves building
    /// its text when it would not).
    static func wouldEnter(span: Int, order: [Int], list: [OverlapEvidence], limit: Int) -> Bool {
        guard list.count >= limit, let last = list.last else { return limit > 0 }
        if span != last.span { return span > last.span }
        return order.lexicographicallyPrecedes(last.order)
    }
}

/// The overlap of one benchmark item with the corpus.
public struct ItemOverlap: Codable, Sendable, Hashable {
    public var id: String
    /// Distinct n-grams of the item that were looked for (after the document-frequency filter).
    public var ngrams: Int
    /// How many of them occur in the corpus.
    public var matched: Int
    /// `matched / ngrams` (0 for an item without n-grams).
    public var fraction: Double
    /// The longest stretch of the item found contiguously in one corpus document, in tokens.
    public var longestSpan: Int
    /// The corpus text of that stretch.
    public var longestText: String?
    /// The best matches (longest first, then corpus order), capped per item.
    public var evidence: [OverlapEvidence]

    enum CodingKeys: String, CodingKey {
        case id, ngrams, matched, fraction = "ngram_overlap", longestSpan = "longest_span"
        case longestText = "longest_text", evidence
    }

    public init(id: String, ngrams: Int, matched: Int, evidence: [OverlapEvidence]) {
        self.id = id
        self.ngrams = ngrams
        self.matched = matched
        fraction = ngrams == 0 ? 0 : Double(matched) / Double(ngrams)
        longestSpan = evidence.first?.span ?? 0
        longestText = evidence.first?.text
        self.evidence = evidence
    }
}

/// The figures of one scan.
public struct OverlapStatistics: Codable, Sendable, Hashable {
    public var files = 0
    /// Bytes scanned (decompressed), per pass.
    public var bytes: Int64 = 0
    public var documents = 0
    /// JSON lines that could not be read (or lacked the text field).
    public var skippedLines = 0
    /// The first few skipped lines, as `file:line: reason`.
    public var warnings: [String] = []
    /// n-grams left out because they are in more than `--max-doc-freq` documents.
    public var ignoredNgrams = 0
    /// Wall-clock seconds of all passes.
    public var seconds = 0.0
    /// Scanned bytes per second over all passes, in MB (10^6 bytes).
    public var megabytesPerSecond: Double { seconds > 0 ? Double(bytes) * Double(passes) / seconds / 1e6 : 0 }
    /// 2 when a document-frequency pass ran before the matching pass.
    public var passes = 1
    /// True when Ctrl-C stopped the scan: the results cover only the `bytes` scanned.
    public var interrupted: Bool?

    enum CodingKeys: String, CodingKey {
        case files, bytes, documents, warnings, seconds, passes, interrupted
        case skippedLines = "skipped_lines", ignoredNgrams = "ignored_ngrams"
    }

    public init() {}
}

/// Everything a scan found.
public struct OverlapReport: Sendable {
    /// One result per benchmark item, in the benchmark's order.
    public var items: [ItemOverlap]
    public var statistics: OverlapStatistics
}
