import Foundation
@testable import AssayKit

/// Files for the audit's integration tests: a fresh output folder, a benchmark file.
enum AuditFixture {
    /// A fresh folder under the temporary directory, unique to this process.
    static func folder(_ name: String) -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-\(name)-\(getpid())").path
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    /// Writes items as canonical JSONL.
    static func write(_ items: [BenchmarkItem], to path: String) throws {
        let writer = try JSONLinesWriter(path: path)
        for item in items { try writer.write(item) }
    }
}
