import AssayTestSupport
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

    @Test func gzippedInputConvertsLikeThePlainFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-convert-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let plain = sample("humaneval/HumanEval.jsonl"), gz = folder + "/HumanEval.jsonl.gz"
        try writeGzip(try Data(contentsOf: URL(fileURLWithPath: plain)), to: gz)
        let expected = try await assay(["convert", "--benchmark", plain])
        let run = try await assay(["convert", "--benchmark", gz])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("converted 5 humaneval items"))
        #expect(run.stdout.replacingOccurrences(of: "HumanEval.jsonl.gz", with: "HumanEval.jsonl") == expected.stdout)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: gz)), cut = folder + "/cut.jsonl.gz"
        try bytes.prefix(bytes.count - 12).write(to: URL(fileURLWithPath: cut))
        let truncated = try await assay(["convert", "--benchmark", cut, "--format", "humaneval"])
        #expect(truncated.status == 1)
        #expect(truncated.stderr.contains("\(cut): cannot read: truncated gzip data"), "\(truncated.stderr)")
    }

    @Test func ignoredFieldsAreSaidOncePerFile() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("assay-convert-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let input = folder + "/val.jsonl"
        let line = #"{"activity_label": "Gardening", "ctx_a": "A man digs.", "ctx_b": "he", "endings": ["a", "b"], "label": 1, "mood": "calm"}"#
        try Data((line + "\n" + line.replacingOccurrences(of: "digs", with: "rakes") + "\n").utf8).write(to: URL(fileURLWithPath: input))
        let run = try await assay(["convert", "--benchmark", input])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.components(separatedBy: "warning: \(input): ignored field 'mood'").count == 2, "\(run.stderr)")
        #expect(run.stdout.contains(#""question":"Gardening: A man digs. He""#))
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
