/// Where UTF-8 text may be cut. A generation that stops at its token budget can end inside a
/// character (byte-level tokens split multi-byte characters, common in Chinese); decoding
/// those bytes would end the text with U+FFFD.
enum UTF8Boundary {
    /// The length of `bytes` without a trailing, incomplete multi-byte sequence.
    static func completeLength(_ bytes: ArraySlice<UInt8>) -> Int {
        // Find the last byte that is not a continuation byte (10xxxxxx), at most 3 back.
        var lead = bytes.endIndex
        while lead > bytes.startIndex, bytes.endIndex - lead < 4 {
            lead -= 1
            guard bytes[lead] & 0xC0 == 0x80 else { break }
        }
        guard lead < bytes.endIndex else { return bytes.count }
        let byte = bytes[lead]
        let expected = byte < 0x80 ? 1 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 1
        return bytes.endIndex - lead < expected ? lead - bytes.startIndex : bytes.count
    }
}
