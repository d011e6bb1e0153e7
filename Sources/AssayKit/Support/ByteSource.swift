import CZlib
import Foundation

/// A stream of bytes read in blocks: a plain file, or a gzip file inflated on the fly through
/// the system zlib (concatenated gzip members are read one after another).
final class ByteSource {
    private let file: UnsafeMutablePointer<FILE>
    private let path: String
    /// zlib keeps a pointer back to its stream, so the stream lives at a fixed address.
    private var stream: UnsafeMutablePointer<z_stream>?
    /// Compressed input; allocated by hand so zlib's `next_in` stays valid between calls.
    private let input: UnsafeMutablePointer<UInt8>
    private let inputSize = 1 << 18
    private var inputEnd = false
    /// True between the start and the end of a gzip member (to detect a truncated file).
    private var inMember = false

    /// Opens `path`; gzip is recognized by its magic bytes, not its name.
    init(path: String) throws(InputError) {
        guard let file = fopen(path, "rb") else {
            throw FileManager.default.fileExists(atPath: path)
                ? InputError.unreadable(path: path, reason: String(cString: strerror(errno)))
                : InputError.fileNotFound(path: path)
        }
        self.file = file
        self.path = path
        input = .allocate(capacity: inputSize)
        let magic = fread(input, 1, 2, file)
        rewind(file)
        if magic == 2 && input[0] == 0x1F && input[1] == 0x8B {
            let z = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            z.initialize(to: z_stream())
            let status = inflateInit2_(z, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
            guard status == Z_OK else {
                fclose(file)
                input.deallocate()
                z.deallocate()
                throw InputError.unreadable(path: path, reason: "zlib initialization failed (\(status))")
            }
            stream = z
        }
    }

    deinit {
        if let stream {
            inflateEnd(stream)
            stream.deallocate()
        }
        fclose(file)
        input.deallocate()
    }

    /// Reads up to `count` bytes into `buffer`; 0 means the end of the stream.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(InputError) -> Int {
        guard stream != nil else {
            let got = fread(buffer, 1, count, file)
            if got == 0 && ferror(file) != 0 { throw InputError.unreadable(path: path, reason: "read error") }
            return got
        }
        return try inflate(into: buffer, count: count)
    }

    /// Reads up to `count` bytes; an empty array means the end of the stream.
    func read(upTo count: Int) throws(InputError) -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: count)
        let got = try bytes.withUnsafeMutableBufferPointer { (buffer) throws(InputError) -> Int in
            guard let base = buffer.baseAddress else { return 0 }
            return try read(into: base, count: buffer.count)
        }
        bytes.removeSubrange(got...)
        return bytes
    }

    /// Everything left in the stream.
    func readAll() throws(InputError) -> [UInt8] {
        var bytes: [UInt8] = []
        while true {
            let chunk = try read(upTo: 1 << 16)
            if chunk.isEmpty { return bytes }
            bytes += chunk
        }
    }

    /// Moves to byte `offset` of a plain file (gzip data cannot be entered in the middle).
    func seek(to offset: Int64) throws(InputError) {
        guard stream == nil else { throw InputError.unreadable(path: path, reason: "cannot seek in gzip data") }
        guard fseeko(file, off_t(offset), SEEK_SET) == 0 else {
            throw InputError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
    }

    /// True when the file is gzip data (its first bytes are the gzip magic number).
    var isGzip: Bool { stream != nil }

    private func inflate(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(InputError) -> Int {
        guard let stream else { return 0 }
        stream.pointee.next_out = buffer
        stream.pointee.avail_out = UInt32(count)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 {
                if inputEnd { break }
                let got = fread(input, 1, inputSize, file)
                if got == 0 {
                    inputEnd = true
                    if ferror(file) != 0 { throw InputError.unreadable(path: path, reason: "read error") }
                    if inMember { throw InputError.unreadable(path: path, reason: "truncated gzip data") }
                    break
                }
                stream.pointee.next_in = input
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
                throw InputError.unreadable(path: path, reason: "corrupt gzip data: \(message)")
            }
        }
        return count - Int(stream.pointee.avail_out)
    }
}
