/// The 64-bit FNV-1a hash: a fast, stable fingerprint of bytes (not for security), used to
/// seed per-item random streams so they do not depend on what else is in a run.
struct FNV1a: Sendable {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func mix(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
    }

    mutating func mix<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        for byte in bytes { mix(byte) }
    }
}
