import CZstd
import Foundation

/// Decompresses Zstandard data through the system libzstd, streaming (`ZSTD_decompressStream`:
/// memory is the frame's window, at most 8 MB for the default levels, whatever the file
/// size); concatenated frames are read one after another.
final class ZstdDecoder: StreamDecoder {
    private var input: CompressedInput
    private var pending = ZSTD_inBuffer(src: nil, size: 0, pos: 0)
    private let stream: OpaquePointer
    /// True between the start and the end of a frame (to detect a truncated file).
    private var inFrame = false

    init(file: UnsafeMutablePointer<FILE>, path: String) throws(InputError) {
        input = CompressedInput(file: file, path: path)
        guard let stream = ZSTD_createDStream() else {
            input.deallocate()
            throw InputError.unreadable(path: path, reason: "zstd initialization failed")
        }
        self.stream = stream
    }

    deinit {
        ZSTD_freeDStream(stream)
        input.deallocate()
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(InputError) -> Int {
        var output = ZSTD_outBuffer(dst: buffer, size: count, pos: 0)
        while output.pos < count {
            if pending.pos == pending.size && !input.atEnd {
                pending = ZSTD_inBuffer(src: input.bytes, size: try input.next(), pos: 0)
            }
            let (written, read) = (output.pos, pending.pos)
            let status = ZSTD_decompressStream(stream, &output, &pending)
            if ZSTD_isError(status) != 0 {
                let message = String(cString: ZSTD_getErrorName(status))
                throw InputError.unreadable(path: input.path, reason: "corrupt zstd data: \(message)")
            }
            if output.pos == written && pending.pos == read {
                // No progress: the input is used up (a call without input asks for the next
                // frame's header, so its status says nothing about the last one).
                if inFrame { throw InputError.unreadable(path: input.path, reason: "truncated zstd data") }
                break
            }
            // 0: a frame ended and is flushed; another may follow.
            inFrame = status != 0
        }
        return output.pos
    }
}
