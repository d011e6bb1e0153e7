import CZstd
import Foundation

/// Compresses `data` into the zstd file `path` with the system libzstd, as `frames`
/// concatenated frames (as `zstd` writes when files are concatenated), each of an equal part.
public func writeZstd(_ data: Data, to path: String, frames: Int = 1) throws {
    let bytes = [UInt8](data)
    var output: [UInt8] = []
    let part = (bytes.count + frames - 1) / max(frames, 1)
    for start in stride(from: 0, to: max(bytes.count, 1), by: max(part, 1)) {
        let piece = Array(bytes[start..<min(start + part, bytes.count)])
        var frame = [UInt8](repeating: 0, count: ZSTD_compressBound(piece.count))
        let size = ZSTD_compress(&frame, frame.count, piece, piece.count, 3)
        guard ZSTD_isError(size) == 0 else { throw CocoaError(.fileWriteUnknown) }
        output += frame[0..<size]
    }
    try Data(output).write(to: URL(fileURLWithPath: path))
}
