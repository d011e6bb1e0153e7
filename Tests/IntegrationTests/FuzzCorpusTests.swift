import AssayKit
import AssayTestSupport
import Foundation
import Testing

/// The fuzz corpus of `Tests/Fuzz/`: every bad input of `cases.json` through the real binary
/// (exit status, message, outputs, and no file of the corpus changed), and every hostile
/// program of `sandbox/` through the sandbox (its expected outcome, nothing left behind).
@Suite(.serialized) struct FuzzCorpusTests {
    struct Case: Decodable, Sendable, CustomTestStringConvertible {
        var name: String
        var args: [String]
        var status: Int32
        var stderr: String
        /// Output files and the number of lines each must hold.
        var lines: [String: Int]?
        var testDescription: String { name }
    }

    static let root = TestEnvironment.packageRoot.appendingPathComponent("Tests/Fuzz").path

    static var cases: [Case] {
        let data = (try? Data(contentsOf: URL(fileURLWithPath: root + "/cases.json"))) ?? Data("[]".utf8)
        return (try? JSONDecoder().decode([Case].self, from: data)) ?? []
    }

    /// SHA-256 of every file under `folder`, by relative path.
    static func fingerprint(_ folder: String) throws -> [String: String] {
        var prints: [String: String] = [:]
        for name in try FileManager.default.subpathsOfDirectory(atPath: folder).sorted() {
            var isDirectory: ObjCBool = false
            let path = folder + "/" + name
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
            prints[name] = try SHA256.hexOfFile(atPath: path)
        }
        return prints
    }

    @Test func theCorpusIsThere() throws {
        #expect(Self.cases.count >= 15)
        #expect(try FileManager.default.contentsOfDirectory(atPath: Self.root + "/sandbox").filter { $0.hasSuffix(".py") }.count >= 8)
    }

    @Test(arguments: cases)
    func badInputIsRefusedAndDamagesNothing(_ fuzz: Case) async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("assay-fuzz-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: work) }
        let files = work + "/files", tmp = work + "/tmp"
        try FileManager.default.createDirectory(atPath: tmp, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.root + "/files", toPath: files)
        let before = try Self.fingerprint(files)
        func expand(_ text: String) -> String { text.replacingOccurrences(of: "{files}", with: files).replacingOccurrences(of: "{tmp}", with: tmp) }
        let run = try await AssayBinary.run(fuzz.args.map(expand))
        #expect(run.status == fuzz.status, "\(fuzz.name): exit \(run.status)\n\(run.stderr)")
        #expect(run.stderr.contains(fuzz.stderr), "\(fuzz.name): \(run.stderr)")
        #expect(!run.stderr.contains("Fatal error") && !run.stderr.contains("Stack dump"))
        for (output, count) in fuzz.lines ?? [:] {
            let text = try String(contentsOfFile: expand(output), encoding: .utf8)
            #expect(text.split(separator: "\n").count == count, "\(fuzz.name): \(output)")
        }
        #expect(try Self.fingerprint(files) == before, "\(fuzz.name) changed a file it was given")
    }

    static var programs: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: root + "/sandbox")) ?? []).filter { $0.hasSuffix(".py") }.sorted()
    }

    @Test(arguments: programs)
    func hostileProgramsAreContained(_ name: String) throws {
        let program = try String(contentsOfFile: Self.root + "/sandbox/" + name, encoding: .utf8)
        let expected = try #require(program.split(separator: "\n").first?.split(separator: ":").last?.trimmingCharacters(in: .whitespaces))
        // A short wall limit only where a timeout is the expected outcome: on a busy CI machine a
        // program that should pass must not run out of time.
        let wall: Double = expected == "timeout" ? 3 : 60
        let sandbox = Sandbox(limits: SandboxLimits(wallSeconds: wall, cpuSeconds: 10, memoryBytes: 256 << 20, maxProcesses: 16))
        let result = sandbox.run(program: program, completionMarker: HumanEvalRunner.completionMarker)
        #expect(result.outcome.rawValue == expected, "\(name): \(result.outcome) \(result.stderr.suffix(500))")
        #expect(result.cleanupError == nil && !FileManager.default.fileExists(atPath: result.workDirectory))
        Thread.sleep(forTimeInterval: 0.3)
        #expect(sandboxSurvivors(of: result.workDirectory).isEmpty, "\(name) left a process behind")
    }
}
