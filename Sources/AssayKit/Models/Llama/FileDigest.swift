import Foundation

/// The SHA-256 of a model file, computed at most once per instance. A `PATH.sha256` file newer
/// than the model (as `scripts/setup` leaves beside the models it installs) is trusted instead
/// of hashing the file again.
final class FileDigest: @unchecked Sendable {
    private let lock = NSLock()
    private var digests: [String: String] = [:]

    /// The hex digest, or nil when the file cannot be read.
    func sha256(of path: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        if let known = digests[path] { return known }
        let digest = Self.recorded(for: path) ?? (try? SHA256.hexOfFile(atPath: path))
        digests[path] = digest
        return digest
    }

    private static func recorded(for path: String) -> String? {
        let side = path + ".sha256"
        let manager = FileManager.default
        guard let sideDate = (try? manager.attributesOfItem(atPath: side))?[.modificationDate] as? Date,
              let fileDate = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date,
              sideDate >= fileDate,
              let text = try? String(contentsOfFile: side, encoding: .utf8) else { return nil }
        let digest = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return digest.count == 64 && digest.allSatisfy(\.isHexDigit) ? digest : nil
    }
}
