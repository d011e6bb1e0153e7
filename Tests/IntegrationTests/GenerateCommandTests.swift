import Foundation
import Testing

/// `assay generate` through the real binary: output bytes, exit codes and error text.
@Suite struct GenerateCommandTests {
    private func run(_ arguments: [String]) async throws -> (status: Int32, stdout: String, stderr: String) {
        let run = try await AssayBinary.run(arguments)
        return (run.status, run.stdout, run.stderr)
    }

    @Test func generatesTheSameBytesForTheSameSeed() async throws {
        let a = try await run(["generate", "--family", "ratio-en", "--count", "50", "--seed", "5", "--mc"])
        let b = try await run(["generate", "--family", "ratio-en", "--count", "50", "--seed", "5", "--mc"])
        #expect(a.status == 0 && a.stdout == b.stdout)
        let lines = a.stdout.split(separator: "\n")
        #expect(lines.count == 50)
        let first = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any]
        #expect(first?["id"] as? String == "ratio-en/5/0")
        #expect((first?["choices"] as? [String])?.count == 4)
    }

    @Test func listsTemplates() async throws {
        let result = try await run(["generate", "--list"])
        #expect(result.status == 0)
        #expect(result.stdout.contains("shopping-zh") && result.stdout.contains("levels 1..3"))
    }

    @Test func reportsBadUsageAndBadTemplates() async throws {
        let conflict = try await run(["generate", "--family", "ratio-en", "--template", "x.tmpl"])
        #expect(conflict.status == 64 && conflict.stderr.contains("not both"))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("assay-bad-\(getpid()).tmpl")
        try "name: bad\nlanguage: en\nquestion: {x}?\n".write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let bad = try await run(["generate", "--template", file.path])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("\(file.path):3:12: unknown variable 'x'"))
    }
}
