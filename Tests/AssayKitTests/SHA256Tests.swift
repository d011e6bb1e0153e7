import Foundation
import Testing
@testable import AssayKit

@Suite struct SHA256Tests {
    static func hex(_ text: String) -> String {
        SHA256.hexString(SHA256.digest(Array(text.utf8)))
    }

    /// FIPS 180-4 example vectors.
    @Test func knownVectors() {
        #expect(Self.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(Self.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(Self.hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(Self.hex("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
        #expect(SHA256.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256.digest([]).count == 32)
    }

    @Test func oneMillionAInUnevenChunks() {
        let expected = "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"
        let message = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(SHA256.hexString(SHA256.digest(message)) == expected)
        var hasher = SHA256()
        var offset = 0
        let sizes = [1, 63, 64, 65, 127, 1000, 4096, 3]
        var turn = 0
        while offset < message.count {
            let size = min(sizes[turn % sizes.count], message.count - offset)
            message[offset..<(offset + size)].withUnsafeBytes { hasher.update($0) }
            offset += size
            turn += 1
        }
        #expect(SHA256.hexString(hasher.finalize()) == expected)
    }

    /// Lengths around the padding boundaries (55, 56, 63, 64 bytes...), hashed whole and split
    /// at every point, agree.
    @Test func streamingMatchesOneShotAtEverySplit() {
        var generator = SeededGenerator(seed: 3)
        for length in [0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 200] {
            let message = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let whole = SHA256.digest(message)
            for cut in 0...length {
                var hasher = SHA256()
                message[..<cut].withUnsafeBytes { hasher.update($0) }
                hasher.update(Data(message[cut...]))
                #expect(hasher.finalize() == whole, "length \(length), split at \(cut)")
            }
        }
    }

    @Test func fileDigestMatchesSha256sum() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-sha256-\(UUID().uuidString).bin").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var generator = SeededGenerator(seed: 11)
        let count = 3 * (1 << 20) + 17    // crosses the 1 MiB read chunks
        var bytes = [UInt8](repeating: 0, count: count)
        for i in 0..<count { bytes[i] = UInt8(truncatingIfNeeded: generator.next() >> 32) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let reference = String(decoding: output, as: UTF8.self).split(separator: " ").first.map(String.init)

        let ours = try SHA256.hexOfFile(atPath: path)
        #expect(ours == reference)
        #expect(ours == SHA256.hex(Data(bytes)))
    }

    @Test func missingFileIsAnInputError() {
        #expect(throws: InputError.fileNotFound(path: "/nonexistent/assay-model.gguf")) {
            try SHA256.hexOfFile(atPath: "/nonexistent/assay-model.gguf")
        }
    }
}
