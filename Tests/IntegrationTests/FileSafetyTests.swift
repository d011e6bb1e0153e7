import AssayTestSupport
import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// What the real binary does with the files it is given: an output that is also the input is
/// refused before anything is truncated, an output is written through a symbolic link or into a
/// FIFO (never replaced by a regular file), a folder where a file is expected is an error, and a
/// resumed output with a line torn by a kill loses no record. Only paths the test creates are
/// written.
@Suite(.serialized) struct FileSafetyTests {
    func folder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-files-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static let item = #"{"id":"a","question":"What is 2 plus 3?","answer":"5"}"# + "\n"

    @Test(arguments: [
        ["convert", "--input", "IN", "--output", "OUT"],
        ["twin", "--input", "IN", "--output", "OUT"],
        ["perturb", "--input", "IN", "--kinds", "typos:0.1", "--output", "OUT"],
        ["score", "--input", "IN", "--field", "question", "--output", "OUT"],
        ["generate-text", "--input", "IN", "--field", "question", "--output", "OUT", "--resume"],
    ])
    func anOutputThatIsTheInputIsRefused(_ template: [String]) async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = dir + "/items.jsonl"
        try Self.item.write(toFile: input, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.jsonl", withDestinationPath: input)
        for output in [input, dir + "/./items.jsonl", dir + "/link.jsonl"] {
            let run = try await AssayBinary.run(template.map { $0 == "IN" ? input : $0 == "OUT" ? output : $0 })
            #expect(run.status == 1 && run.stderr.contains("it is also the input"), "\(template[0]) \(output): \(run.stderr)")
            #expect(try String(contentsOfFile: input, encoding: .utf8) == Self.item)
        }
    }

    @Test func outputsAreWrittenThroughLinksAndIntoFIFOs() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = dir + "/items.jsonl"
        try Self.item.write(toFile: input, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.jsonl", withDestinationPath: dir + "/target.jsonl")
        #expect(try await AssayBinary.run(["convert", "--input", input, "--output", dir + "/link.jsonl"]).status == 0)
        let link = try FileManager.default.attributesOfItem(atPath: dir + "/link.jsonl")
        #expect(link[.type] as? FileAttributeType == .typeSymbolicLink)
        #expect(try String(contentsOfFile: dir + "/target.jsonl", encoding: .utf8).contains("\"id\":\"a\""))

        let fifo = dir + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        nonisolated(unsafe) var received = Data()
        let reader = Thread { received = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data() }
        reader.start()
        #expect(try await AssayBinary.run(["convert", "--input", input, "--output", fifo]).status == 0)
        // Should the binary not have opened the FIFO, open and close it here so the reader ends.
        if !reader.isFinished { let writer = Glibc.open(fifo, O_WRONLY | O_NONBLOCK); if writer >= 0 { close(writer) } }
        while !reader.isFinished { try await Task.sleep(nanoseconds: 10_000_000) }
        #expect(String(decoding: received, as: UTF8.self).contains("\"id\":\"a\""))
        var info = stat()
        #expect(stat(fifo, &info) == 0 && (info.st_mode & S_IFMT) == S_IFIFO)   // still a FIFO, not a file
    }

    @Test func aFolderWhereAFileIsExpectedIsAnError() async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let score = try await AssayBinary.run(["score", "--input", dir])
        #expect(score.status == 1 && score.stderr.contains("it is a folder"))
        let info = try await AssayBinary.run(["info", "--model", dir])
        #expect(info.status == 1 && info.stderr.contains("not a GGUF"))
        let convert = try await AssayBinary.run(["convert", "--input", "Corpora/samples/gsm8k/test.jsonl", "--output", dir])
        #expect(convert.status == 1 && convert.stderr.contains("Is a directory"))
    }

    /// An output cut in the middle of its second line, as `kill -9` leaves it: `--resume` cuts
    /// the torn line and writes every record once, each line valid JSON (and, for generated
    /// text, the same text as the uninterrupted run).
    @Test(arguments: [["score", "--field", "text"], ["generate-text", "--field", "text", "--max-tokens", "6"]])
    func resumeAfterATornLineLosesNothing(_ command: [String]) async throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let texts = dir + "/texts.jsonl"
        try (1...4).map { #"{"id":"t\#($0)","text":"Text number \#($0) is short."}"# }.joined(separator: "\n")
            .write(toFile: texts, atomically: true, encoding: .utf8)
        let common = command + ["--input", texts, "--quiet"]
        #expect(try await AssayBinary.run(common + ["--output", dir + "/whole.jsonl"]).status == 0)
        _ = try AssayBinary.interruptedCopy(of: dir + "/whole.jsonl", whole: 1, into: dir, name: "torn.jsonl")
        let resumed = try await AssayBinary.run(common + ["--output", dir + "/torn.jsonl", "--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        func records(_ name: String) throws -> [String: String] {
            let lines = try String(contentsOfFile: dir + "/" + name, encoding: .utf8).split(separator: "\n")
            let objects = try lines.map { try #require(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
            return Dictionary(objects.map { ($0["id"] as? String ?? "?", "\($0["output"] ?? $0["n_tokens"] ?? "")") }) { a, _ in a + " (twice)" }
        }
        let whole = try records("whole.jsonl"), resumedRecords = try records("torn.jsonl")
        #expect(resumedRecords.keys.sorted() == ["t1", "t2", "t3", "t4"])
        #expect(resumedRecords == whole)
    }

    /// Ctrl-C in generate-text: exit 130 after the chunk in flight, every written line whole,
    /// and --resume generates exactly the rest.
    @Test func ctrlCInGenerateTextKeepsWholeLinesAndResumeFinishes() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("assay-ctrlc-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let input = dir + "/prompts.jsonl", output = dir + "/out.jsonl"
        try (0..<48).map { "{\"id\": \"p\($0)\", \"prompt\": \"Story number \($0) begins:\"}" }.joined(separator: "\n")
            .write(toFile: input, atomically: true, encoding: .utf8)
        let arguments = ["generate-text", "--model", TestEnvironment.modelPath, "--input", input, "--output", output,
                         "--max-tokens", "12", "--seqs", "1", "--quiet"]
        @Sendable func written() -> [String] {
            ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
        }
        let stopped = try await AssayBinary.interrupt(arguments) { !written().isEmpty }
        #expect(stopped.status == 130, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("interrupted (Ctrl-C)") && stopped.stderr.contains("--resume"), "\(stopped.stderr)")
        let kept = written()
        #expect(!kept.isEmpty && kept.count < 48 && kept.count % 4 == 0, "whole chunks of 4: \(kept.count)")
        #expect(kept.allSatisfy { (try? JSONSerialization.jsonObject(with: Data($0.utf8))) != nil })
        let resumed = try await AssayBinary.run(arguments + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        let ids = written().compactMap { (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? String }
        #expect(ids.count == 48 && Set(ids).count == 48)
    }

    /// Ctrl-C in audit: exit 130 with the scores kept and no summary (a verdict needs every
    /// text); --resume finishes from the cache.
    @Test func ctrlCInAuditKeepsTheScoresAndResumeFinishes() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("assay-audit-ctrlc-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        let arguments = ["audit", "--model", TestEnvironment.modelPath, "--benchmark", "Corpora/samples/audit/items.jsonl",
                         "--probes", "--quiet", "--out", out]
        let stopped = try await AssayBinary.interrupt(arguments) {
            !((try? String(contentsOfFile: out + "/probes.jsonl", encoding: .utf8)) ?? "").isEmpty
        }
        #expect(stopped.status == 130, "\(stopped.stderr)")
        #expect(stopped.stderr.contains("interrupted (Ctrl-C)") && stopped.stderr.contains("--resume"), "\(stopped.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out + "/summary.json"))
        #expect(FileManager.default.fileExists(atPath: out + "/signals.jsonl"))
        let resumed = try await AssayBinary.run(arguments + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        #expect(FileManager.default.fileExists(atPath: out + "/summary.json"))
    }

    /// Garbage lines in a results file (not UTF-8, not JSON, another schema) are reported as
    /// file:line and dropped by --resume, in eval and in score alike; the results are whole.
    @Test func garbageLinesInAResultsFileDoNotSurviveAResume() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("assay-garbage-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let eval = ["eval", "--model", TestEnvironment.modelPath, "--benchmark", "Corpora/samples/mmlu", "--limit", "3", "--quiet", "--out", dir + "/eval"]
        #expect(try await AssayBinary.run(eval).status == 0)
        let predictions = dir + "/eval/predictions.jsonl"
        var lines = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n").map { Data($0.utf8) }
        let total = lines.count
        lines.remove(at: 1)
        lines.insert(Data("{\"not\": \"a prediction\"}".utf8), at: 1)
        lines.insert(Data([0x7B, 0xFF, 0xFE, 0x7D]), at: 2)
        lines.insert(Data("garbage".utf8), at: 3)
        try lines.reduce(Data()) { $0 + $1 + Data("\n".utf8) }.write(to: URL(fileURLWithPath: predictions))
        let resumed = try await AssayBinary.run(eval + ["--resume"])
        #expect(resumed.status == 0, "\(resumed.stderr)")
        for number in 2...4 { #expect(resumed.stderr.contains("\(predictions):\(number): not a predictions line"), "\(resumed.stderr)") }
        #expect(resumed.stderr.contains("evaluated 1 items, \(total - 1) already done"), "\(resumed.stderr)")
        let after = try String(contentsOfFile: predictions, encoding: .utf8).split(separator: "\n")
        #expect(after.count == total && after.allSatisfy { $0.hasPrefix("{\"") && $0.contains("\"id\"") })

        let texts = dir + "/texts.jsonl", scored = dir + "/scored.jsonl"
        try "{\"id\": \"a\", \"text\": \"One.\"}\n{\"id\": \"b\", \"text\": \"Two.\"}\n".write(toFile: texts, atomically: true, encoding: .utf8)
        try "not json\n".write(toFile: scored, atomically: true, encoding: .utf8)
        let score = try await AssayBinary.run(["score", "--model", TestEnvironment.modelPath, "--input", texts, "--output", scored, "--resume", "--quiet"])
        #expect(score.status == 0 && score.stderr.contains("\(scored):1: not a result line"), "\(score.stderr)")
        #expect(try String(contentsOfFile: scored, encoding: .utf8).split(separator: "\n").count == 2)
    }
}
