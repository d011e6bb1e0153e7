/// Where the document being scanned sits, to turn a match into evidence a user can open.
struct DocumentContext {
    let chunk: CorpusChunk
    /// Byte offset of the document (or JSON line) in the chunk.
    var documentStart = 0
    /// The document's text in the source buffer (the chunk, or the decoded JSON field).
    var textRange = 0..<0
    /// The line number of the current JSON line (JSON lines only).
    var jsonLine = 0

    /// The longest evidence text kept, in bytes.
    static let textLimit = 400

    init(chunk: CorpusChunk) {
        self.chunk = chunk
    }

    /// Evidence for the source bytes `firstByte..<lastByte` (of the chunk for plain text, of
    /// the decoded field for JSON lines).
    func evidence(firstByte: Int, lastByte: Int, source: UnsafeBufferPointer<UInt8>, span: Int) -> OverlapEvidence {
        var end = min(lastByte, firstByte + Self.textLimit)
        while end < lastByte && end > firstByte && source[end] & 0xC0 == 0x80 { end -= 1 }
        var text = String(decoding: UnsafeBufferPointer(rebasing: source[firstByte..<end]), as: UTF8.self)
        if end < lastByte { text += "…" }
        if chunk.isJSONLines {
            return OverlapEvidence(path: chunk.path, offset: chunk.baseOffset + Int64(documentStart),
                                   line: jsonLine, span: span, text: text)
        }
        return OverlapEvidence(path: chunk.path, offset: chunk.baseOffset + Int64(firstByte),
                               line: chunk.baseLine + newlinesBefore(firstByte), span: span, text: text)
    }

    /// The number of the chunk's line ends before `offset` (binary search).
    private func newlinesBefore(_ offset: Int) -> Int {
        let newlines = chunk.lineEnds
        var low = 0
        var high = newlines.count
        while low < high {
            let mid = (low + high) / 2
            if newlines[mid] < offset { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
