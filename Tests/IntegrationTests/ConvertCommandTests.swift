import Foundation
import Testing

/// `assay convert` through the real binary (ASSAY_BIN, else the debug build).
@Suite struct ConvertCommandTests {
    static var binary: String {
        if let path = ProcessInfo.processInfo.environment["ASSAY_BIN"], !path.isEmpty { return path }
        return TestEnvironment.packageRoot.appendingPathComponent(".build/debug/assay").path
    }

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    func assay(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    func sample(_ name: String) -> String {
        TestEnvironment.packageRoot.appendingPathComponent("Corpora/samples/\(name)").path
    }

    @Test func convertsEverySampleFolder() throws {
        // Item counts of the sample files, counted by hand (TruthfulQA: 5 mc1 + 5 mc2 + 5 generation).
        let expected = ["mmlu": 21, "ceval": 6, "gsm8k": 6, "arc": 6, "hellaswag": 5, "truthfulqa": 15,
                        "math": 7, "humaneval": 5, "bbh": 11, "qa": 5, "canonical": 5]
        for (name, count) in expected {
            let run = try assay(["convert", "--input", sample(name)])
            #expect(run.status == 0, "\(name): \(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.count == count, "\(name)")
            #expect(lines.allSatisfy { $0.hasPrefix("{\"answer\":") }, "\(name): keys are not sorted")
        }
    }

    @Test func badRecordsAreReportedAndSkippedOrFatal() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let input = folder.appendingPathComponent("x_test.csv").path
        try Data("q,a,b,c,d,A\n\"multi\nline\",a,b,c,d,B\nbad,a,b\nq,a,b,c,d,D\n".utf8).write(to: URL(fileURLWithPath: input))
        let output = folder.appendingPathComponent("out.jsonl").path
        let lenient = try assay(["convert", "--input", input, "--output", output])
        #expect(lenient.status == 1)
        #expect(lenient.stderr.contains("\(input):4: expected 6 fields"))
        #expect(try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").count == 3)
        let strict = try assay(["convert", "--input", input, "--output", output, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("\(input):4:"))
        let usage = try assay(["convert", "--input", input, "--format", "nope"])
        #expect(usage.status == 64)
        let list = try assay(["convert", "--list-formats"])
        #expect(list.status == 0 && list.stdout.contains("truthfulqa-gen"))
    }
}
