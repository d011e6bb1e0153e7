import CZlib
import Foundation

/// Inflates gzip data through the system zlib; concatenated members are read one after another.
final class GzipDecoder: StreamDecoder {
    private var input: CompressedInput
    /// zlib keeps a pointer back to its stream, so the stream lives at a fixed address.
    private let stream: UnsafeMutablePointer<z_stream>
    /// True between the start and the end of a gzip member (to detect a truncated file).
    private var inMember = false

    init(file: UnsafeMutablePointer<FILE>, path: String) throws(InputError) {
        input = CompressedInput(file: file, path: path)
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        let status = inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            input.deallocate()
            stream.deallocate()
            throw InputError.unreadable(path: path, reason: "zlib initialization failed (\(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deallocate()
        input.deallocate()
    }

    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(InputError) -> Int {
        stream.pointee.next_out = buffer
        stream.pointee.avail_out = UInt32(count)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 {
                if input.atEnd { break }
                let got = try input.next()
                if got == 0 {
                    if inMember { throw InputError.unreadable(path: input.path, reason: "truncated gzip data") }
                    break
                }
                stream.pointee.next_in = input.bytes
                stream.pointee.avail_in = UInt32(got)
            }
            let status = CZlib.inflate(stream, Z_NO_FLUSH)
            if status == Z_STREAM_END {
                inMember = false
                inflateReset(stream)   // another gzip member may follow
            } else if status == Z_OK {
                inMember = true
            } else if status != Z_OK && !(status == Z_BUF_ERROR && stream.pointee.avail_in == 0) {
                let message = stream.pointee.msg.map { String(cString: $0) } ?? "code \(status)"
                throw InputError.unreadable(path: input.path, reason: "corrupt gzip data: \(message)")
            }
        }
        return count - Int(stream.pointee.avail_out)
    }
}
