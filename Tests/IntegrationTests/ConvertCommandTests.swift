import Foundation
import Testing

/// `assay convert` through the real binary.
@Suite struct ConvertCommandTests {
    func assay(_ arguments: [String]) async throws -> AssayBinary.Run { try await AssayBinary.run(arguments) }

    func sample(_ name: String) -> String {
        TestEnvironment.packageRoot.appendingPathComponent("Corpora/samples/\(name)").path
    }

    @Test func convertsEverySampleFolder() async throws {
        // Item counts of the sample files, counted by hand (TruthfulQA: 5 mc1 + 5 mc2 + 5 generation).
        let expected = ["mmlu": 21, "ceval": 6, "gsm8k": 6, "arc": 6, "hellaswag": 5, "truthfulqa": 15,
                        "math": 7, "humaneval": 5, "bbh": 11, "qa": 5, "canonical": 5]
        for (name, count) in expected {
            let run = try await assay(["convert", "--input", sample(name)])
            #expect(run.status == 0, "\(name): \(run.stderr)")
            let lines = run.stdout.split(separator: "\n")
            #expect(lines.count == count, "\(name)")
            #expect(lines.allSatisfy { $0.hasPrefix("{\"answer\":") }, "\(name): keys are not sorted")
        }
    }

    @Test func badRecordsAreReportedAndSkippedOrFatal() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let input = folder.appendingPathComponent("x_test.csv").path
        try Data("q,a,b,c,d,A\n\"multi\nline\",a,b,c,d,B\nbad,a,b\nq,a,b,c,d,D\n".utf8).write(to: URL(fileURLWithPath: input))
        let output = folder.appendingPathComponent("out.jsonl").path
        let lenient = try await assay(["convert", "--input", input, "--output", output])
        #expect(lenient.status == 1)
        #expect(lenient.stderr.contains("\(input):4: expected 6 fields"))
        #expect(try String(contentsOfFile: output, encoding: .utf8).split(separator: "\n").count == 3)
        let strict = try await assay(["convert", "--input", input, "--output", output, "--strict"])
        #expect(strict.status == 1)
        #expect(strict.stderr.contains("\(input):4:"))
        let usage = try await assay(["convert", "--input", input, "--format", "nope"])
        #expect(usage.status == 64)
        let list = try await assay(["convert", "--list-formats"])
        #expect(list.status == 0 && list.stdout.contains("truthfulqa-gen"))
    }
}
