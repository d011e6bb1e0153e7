import Foundation

/// A stream of bytes read in blocks: a plain file, or a gzip or zstd file decompressed on the
/// fly through the system zlib or libzstd (concatenated gzip members and zstd frames are read
/// one after another). Memory stays flat: one input block and the decoder's window.
final class ByteSource {
    /// How the file's bytes are stored, recognized by their magic number (not the name).
    enum Compression: String, Codable, Sendable {
        case none, gzip, zstd

        /// The compression a file starting with `magic` uses.
        init(magic: [UInt8]) {
            if magic.starts(with: [0x1F, 0x8B]) {
                self = .gzip
            } else if magic.starts(with: [0x28, 0xB5, 0x2F, 0xFD]) {
                self = .zstd
            } else {
                self = .none
            }
        }
    }

    private let file: UnsafeMutablePointer<FILE>
    private let path: String
    let compression: Compression
    /// The decoder of compressed data (nil for a plain file).
    private let decoder: StreamDecoder?

    /// Opens `path`; the compression is recognized by its magic bytes, not its name.
    init(path: String) throws(InputError) {
        guard let file = fopen(path, "rb") else {
            throw FileManager.default.fileExists(atPath: path)
                ? InputError.unreadable(path: path, reason: String(cString: strerror(errno)))
                : InputError.fileNotFound(path: path)
        }
        var magic = [UInt8](repeating: 0, count: 4)
        magic.removeSubrange(fread(&magic, 1, 4, file)...)
        rewind(file)
        self.file = file
        self.path = path
        compression = Compression(magic: magic)
        do {
            switch compression {
            case .none: decoder = nil
            case .gzip: decoder = try GzipDecoder(file: file, path: path)
            case .zstd: decoder = try ZstdDecoder(file: file, path: path)
            }
        } catch {
            fclose(file)
            throw error
        }
    }

    deinit {
        fclose(file)
    }

    /// Reads up to `count` bytes into `buffer`; 0 means the end of the stream.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(InputError) -> Int {
        if let decoder { return try decoder.read(into: buffer, count: count) }
        let got = fread(buffer, 1, count, file)
        if got == 0 && ferror(file) != 0 { throw InputError.unreadable(path: path, reason: "read error") }
        return got
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

    /// Moves to byte `offset` of a plain file (compressed data cannot be entered in the middle).
    func seek(to offset: Int64) throws(InputError) {
        guard decoder == nil else { throw InputError.unreadable(path: path, reason: "cannot seek in \(compression) data") }
        guard fseeko(file, off_t(offset), SEEK_SET) == 0 else {
            throw InputError.unreadable(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

/// Decompresses a file's data as it is read; the file stays owned by the `ByteSource`.
protocol StreamDecoder: AnyObject {
    /// Reads up to `count` decompressed bytes into `buffer`; 0 means the end of the data.
    func read(into buffer: UnsafeMutablePointer<UInt8>, count: Int) throws(InputError) -> Int
}

/// The compressed input of a `StreamDecoder`, read from the file in blocks; allocated by hand
/// so the decompressor's pointer into it stays valid between calls.
struct CompressedInput {
    let file: UnsafeMutablePointer<FILE>
    let path: String
    let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 1 << 18)
    private(set) var atEnd = false

    /// Reads the next block; 0 at the end of the file.
    mutating func next() throws(InputError) -> Int {
        if atEnd { return 0 }
        let got = fread(bytes, 1, 1 << 18, file)
        if got == 0 {
            atEnd = true
            if ferror(file) != 0 { throw InputError.unreadable(path: path, reason: "read error") }
        }
        return got
    }

    func deallocate() {
        bytes.deallocate()
    }
}
