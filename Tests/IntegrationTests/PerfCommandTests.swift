import AssayKit
import AssayTestSupport
import Foundation
import Testing

/// `assay perf` as a user runs it, against the real llama-server (started on 127.0.0.1 by each
/// test and stopped on every path) and in-process on the default model.
@Suite(.serialized) struct PerfCommandTests {
    func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("assay-perf-\(UUID().uuidString)").path
    }

    func records(_ folder: String) throws -> [PerfRequestRecord] {
        try String(contentsOfFile: folder + "/requests.jsonl", encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(PerfRequestRecord.self, from: Data($0.utf8)) }
    }

    func summary(_ folder: String) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: folder + "/summary.json"))) as? [String: Any])
    }

    @Test func servedRunIsConsistentWithTheServer() async throws {
        let server = try await LlamaServerProcess.start(model: TestEnvironment.modelPath, slots: 4, context: 4096)
        defer { server.stop() }
        let out = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try await AssayBinary.run(["perf", "--model-url", server.baseURL.absoluteString, "--parallel", "1,4", "--number", "3,8",
                                       "--max-tokens", "12", "--ignore-eos", "--warmup", "1", "--slo", "ttft=30", "--out", out, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("Output tokens/s") && run.stderr.contains("report:"))
        let all = try records(out)
        #expect(all.filter(\.warmup).count == 2)
        let measured = all.filter { !$0.warmup }
        #expect(measured.count == 11 && measured.allSatisfy(\.succeeded))
        for record in measured {
            // Every token arrives in its own event and the server's usage agrees with the count.
            #expect(record.tokenSource == "usage" && record.completionTokens == 12 && record.contentTimes.count == 12)
            #expect((record.promptTokens ?? 0) > 0 && record.finishReason == "length")
            let ttft = try #require(record.timeToFirstToken), tpot = try #require(record.timePerOutputToken)
            #expect(abs(tpot * 11 + ttft - record.latency) < 1e-9)
            #expect(record.start <= record.firstChunk! && record.firstChunk! <= record.firstContent! && record.firstContent! <= record.end)
        }
        let document = try summary(out)
        let levels = try #require(document["levels"] as? [[String: Any]])
        #expect(levels.count == 2)
        for (level, expected) in zip(levels, [3, 8]) {
            let assay = try #require(level["assay"] as? [String: Any])
            let succeeded = assay["succeeded"] as? Int, failed = assay["failed"] as? Int, completed = assay["completed"] as? Int
            #expect(succeeded.map { $0 + (failed ?? -1) } == completed && completed == expected)
            let counters = try #require(assay["server_counters"] as? [String: Any])
            #expect(counters["generated_agree"] as? Bool == true && counters["client_completion_tokens"] as? Int == 12 * expected)
            let goodput = try #require(assay["goodput"] as? [String: Any])
            #expect(goodput["requests"] as? Int == expected)
            let evalscope = try #require(level["evalscope"] as? [String: Any])
            #expect(evalscope["Success Requests"] as? Int == expected && evalscope["Avg Output Tokens"] as? Int == 12)
            #expect((level["seed"] as? [String: Any])?["Expected number of requests"] as? Int == expected)
        }
        let html = try String(contentsOfFile: out + "/report.html", encoding: .utf8)
        #expect(html.contains("Serving performance") && html.contains("<svg") && html.contains("parallel 4"))

        // assay compare reads the perf folder: one row per level, the figures as the summary has them.
        let compared = try await AssayBinary.run(["compare", out, "--out", out + "/comparison", "--quiet"])
        #expect(compared.status == 0, "\(compared.stderr)")
        let comparison = try JSONLinesWriter.makeDecoder().decode(Comparison.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/comparison/comparison.json")))
        let perf = try #require(comparison.perf.first)
        #expect(comparison.perf.count == 1 && perf.model.hasSuffix("(served)") && perf.levels.map(\.parallel) == [1, 4])
        for (row, level) in zip(perf.levels, levels) {
            let assay = try #require(level["assay"] as? [String: Any])
            // The two JSON readers may round the last bit differently.
            let close = { (x: Double?, y: Any?) in x.flatMap { x in (y as? Double).map { abs(x - $0) <= 1e-12 * max(1, abs($0)) } } ?? false }
            #expect(close(row.outputThroughput, assay["output_throughput"]) && row.succeeded == assay["succeeded"] as? Int)
            #expect(close(row.ttftP99, (assay["ttft_s"] as? [String: Any])?["p99"]))
        }
    }

    @Test func randomPromptsHaveExactTokenCountsFromTheServer() async throws {
        let server = try await LlamaServerProcess.start(model: TestEnvironment.modelPath, slots: 2, context: 2048)
        defer { server.stop() }
        let out = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let run = try await AssayBinary.run(["perf", "--model-url", server.baseURL.absoluteString, "--api", "completions", "--dataset", "random",
                                       "--input-tokens", "40±8", "--number", "6", "--parallel", "2", "--max-tokens", "4", "--seed", "5",
                                       "--out", out, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        let all = try records(out)
        #expect(all.count == 6 && all.allSatisfy(\.succeeded))
        let counted = all.compactMap(\.promptTextTokens)
        #expect(counted.count == 6 && counted.allSatisfy { (32...48).contains($0) } && Set(counted).count > 1)
        // The server counts the same tokens (plus the BOS it adds, the same for every prompt).
        let offsets = Set(all.map { ($0.promptTokens ?? -100) - ($0.promptTextTokens ?? 0) })
        #expect(offsets.count == 1 && (0...1).contains(offsets.first!))
    }

    @Test func ctrlCWritesTheSummaryOfWhatFinished() async throws {
        let server = try await LlamaServerProcess.start(model: TestEnvironment.modelPath, slots: 1, context: 2048)
        defer { server.stop() }
        let out = temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: out) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(AssayBinary.path))
        process.arguments = ["perf", "--model-url", server.baseURL.absoluteString, "--number", "50", "--max-tokens", "24",
                             "--ignore-eos", "--out", out, "--quiet"]
        process.standardError = FileHandle.nullDevice
        try process.run()
        try await process.interrupt(when: { ((try? records(out))?.count ?? 0) >= 2 }, timeout: 120)
        #expect(try await process.exitStatus() == 130)
        let document = try summary(out)
        #expect(document["interrupted"] as? Bool == true)
        let level = try #require((document["levels"] as? [[String: Any]])?.first?["assay"] as? [String: Any])
        #expect((level["succeeded"] as? Int ?? 0) >= 2 && (level["succeeded"] as? Int ?? 99) < 50)
        #expect(FileManager.default.fileExists(atPath: out + "/report.html"))
        #expect(try records(out).contains { $0.failure == .interrupted })
    }

    @Test func inProcessThroughputRows() async throws {
        let run = try await AssayBinary.run(["perf", "--model", TestEnvironment.modelPath, "--parallel", "1,2", "--pp", "32", "--tg", "8", "--json"])
        #expect(run.status == 0, "\(run.stderr)")
        let rows = try run.stdout.split(separator: "\n").map { try JSONDecoder().decode(BatchedBenchRow.self, from: Data($0.utf8)) }
        #expect(rows.map(\.b) == [1, 2] && rows.map(\.nKV) == [40, 80])
        for row in rows {
            #expect(row.sPP > 0 && row.sTG > 0 && abs(row.t - row.tPP - row.tTG) < 1e-9)
            #expect(abs(row.sTG - Double(row.b * row.tg) / row.tTG) < 1e-6 * row.sTG)
        }
    }
}
