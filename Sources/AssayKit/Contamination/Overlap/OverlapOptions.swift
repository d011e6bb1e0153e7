/// How benchmark items are matched against a corpus.
public struct OverlapOptions: Sendable, Hashable {
    /// What an n-gram is made of.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Word n-grams (default n = 13); characters of unsegmented scripts (CJK, Thai...) count
        /// as words of their own.
        case words
        /// Character n-grams over the text reduced to letters and digits (whitespace and
        /// punctuation dropped).
        case chars
        /// The GPT-4 technical report's check: the text reduced to letters and digits, a few
        /// random 50-character substrings per item (seeded), an item shorter than that whole.
        case gpt4
    }

    public var mode: Mode
    /// The n-gram length in tokens (words or characters).
    public var n: Int
    /// When set, n-grams found in more than this many corpus documents are ignored (they are
    /// common phrases, not evidence). lm-evaluation-harness uses 10. Costs a second pass.
    public var maxDocumentFrequency: Int?
    /// Substrings sampled per item in `.gpt4` mode.
    public var samplesPerItem: Int
    /// Seed of the `.gpt4` sampling.
    public var seed: UInt64
    /// The most evidence records kept per item (the longest matches first).
    public var evidencePerItem: Int

    /// - Parameters:
    ///   - n: defaults to 13 for words and chars, 50 for gpt4.
    public init(mode: Mode = .words, n: Int? = nil, maxDocumentFrequency: Int? = nil,
                samplesPerItem: Int = 3, seed: UInt64 = 0, evidencePerItem: Int = 5) {
        self.mode = mode
        self.n = max(1, n ?? (mode == .gpt4 ? 50 : 13))
        self.maxDocumentFrequency = maxDocumentFrequency
        self.samplesPerItem = max(1, samplesPerItem)
        self.seed = seed
        self.evidencePerItem = max(0, evidencePerItem)
    }

    var normalizerUnit: TextNormalizer.Unit { mode == .words ? .words : .characters }
}

/// How a corpus is read.
public struct CorpusOptions: Sendable, Hashable {
    /// The JSON field holding a document's text in `.jsonl` files.
    public var field: String
    /// Bytes per chunk handed to a worker; also the longest plain-text document (a longer
    /// paragraph is cut at a line end). Memory use is about threads x 3 x this.
    public var chunkSize: Int
    /// Worker threads scanning chunks.
    public var threads: Int
    /// Progress (MB, MB/s) on standard error.
    public var showProgress: Bool

    public init(field: String = "text", chunkSize: Int = 4 << 20, threads: Int = 2, showProgress: Bool = false) {
        self.field = field
        self.chunkSize = max(64, chunkSize)
        self.threads = max(1, threads)
        self.showProgress = showProgress
    }
}
