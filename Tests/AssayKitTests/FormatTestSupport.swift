import Foundation
@testable import AssayKit

/// Paths of the bundled sample benchmarks and throwaway input files for reader tests.
enum FormatTestSupport {
    static let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Corpora/samples").path

    static func sample(_ relative: String) -> String { samples + "/" + relative }

    /// Writes `text` to a fresh file named `name` in its own temporary folder; returns its path.
    static func file(_ name: String, _ text: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-format-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The error a strict read of `path` throws (nil when it reads cleanly).
    static func firstError(_ path: String, format: BenchmarkFormat) -> InputError? {
        do {
            _ = try BenchmarkReader.readAll(path, format: format)
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return .badLine(file: path, line: -1, reason: "unexpected error \(error)")
        }
    }
}
