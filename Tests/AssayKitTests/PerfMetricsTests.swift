import Foundation
import Testing
@testable import AssayKit

/// The perf metrics on hand-made records, the record's JSON line, SLOs, arrivals and settings.
struct PerfMetricsTests {
    /// A streamed request: start, role event with the first token at `ttft`, a token every
    /// `itl`, a usage event and [DONE] at the last token.
    static func record(index: Int, start: Double, ttft: Double, itl: Double, tokens: Int, prompt: Int = 10,
                       failure: PerfRequestRecord.FailureKind? = nil) -> PerfRequestRecord {
        let content = (0..<tokens).map { start + ttft + Double($0) * itl }
        let end = content.last ?? start + ttft
        return PerfRequestRecord(level: 0, index: index, warmup: false, promptID: "p\(index)", scheduled: start, start: start,
                                 firstChunk: start + ttft, firstContent: content.first, end: end, status: failure == nil ? 200 : 500,
                                 succeeded: failure == nil, failure: failure, error: failure.map { "\($0)" }, promptTokens: prompt,
                                 completionTokens: tokens, tokenSource: "usage", promptTextTokens: nil, finishReason: "length",
                                 chunkTimes: [start + ttft] + content + [end], contentTimes: content)
    }

    @Test func levelMetricsFollowTheirDefinitions() throws {
        let records = [
            Self.record(index: 0, start: 0, ttft: 0.1, itl: 0.02, tokens: 11),      // latency 0.3
            Self.record(index: 1, start: 0.5, ttft: 0.2, itl: 0.04, tokens: 6),     // latency 0.4, ends 0.9
            Self.record(index: 2, start: 0.6, ttft: 0.05, itl: 0, tokens: 0, failure: .status),
        ]
        let level = PerfLevelSummary(level: 0, mode: "closed", parallel: 2, rate: nil, expected: 3, sent: 3, records: records,
                                     slo: PerfSLO(ttft: 0.15))
        #expect(level.completed == 3 && level.succeeded == 2 && level.failed == 1 && level.failures == ["status": 1])
        #expect(abs(level.wallTime - 0.9) < 1e-12)
        #expect(abs(level.requestThroughput - 2 / 0.9) < 1e-9)
        #expect(abs(level.outputThroughput - 17 / 0.9) < 1e-9)
        #expect(abs(level.totalThroughput - 37 / 0.9) < 1e-9)
        #expect(abs(level.ttft.mean! - 0.15) < 1e-12)
        #expect(abs(level.tpot.mean! - 0.03) < 1e-12)
        #expect(level.itl.count == 15 && abs(level.itl.mean! - (10 * 0.02 + 5 * 0.04) / 15) < 1e-12)
        #expect(level.latency["p50"] == records[0].latency && level.latency["max"] == records[1].latency)
        #expect(level.goodput?.requests == 1 && abs(level.goodput!.share - 1.0 / 3) < 1e-12)
        for record in records where record.succeeded {
            let rebuilt = record.timePerOutputToken! * Double(record.completionTokens - 1) + record.timeToFirstToken!
            #expect(abs(rebuilt - record.latency) < 1e-12)
        }
        #expect(level.evalscopeSummary.first { $0.key == "Avg TTFT (ms)" }?.value == level.ttft.mean! * 1000)
        #expect(level.seedTable.first { $0.key == "Expected number of requests" }?.value == 3)
    }

    @Test func nearestRankPercentiles() {
        let sorted = (1...10).map(Double.init)
        #expect(Descriptive.nearestRank(sorted: sorted, 0) == 1)
        #expect(Descriptive.nearestRank(sorted: sorted, 50) == 5)
        #expect(Descriptive.nearestRank(sorted: sorted, 51) == 6)
        #expect(Descriptive.nearestRank(sorted: sorted, 99) == 10)
        #expect(Descriptive.nearestRank(sorted: sorted, 100) == 10)
        #expect(Descriptive.nearestRank(sorted: [], 50).isNaN)
        let distribution = PerfDistribution([3, .nan, 1, 2])
        #expect(distribution.count == 3 && distribution["p50"] == 2 && distribution["min"] == 1)
    }

    @Test func recordLinesRoundTrip() throws {
        var record = Self.record(index: 3, start: 1.25, ttft: 0.1, itl: 0.0101, tokens: 3)
        record.error = "quote \" backslash \\ newline \n"
        record.failure = .stall
        let line = record.jsonLine()
        #expect(line.last == 10 && !line.dropLast().contains(10))
        let decoded = try JSONDecoder().decode(PerfRequestRecord.self, from: Data(line))
        #expect(decoded.error == record.error && decoded.failure == .stall && decoded.completionTokens == 3)
        for (a, b) in zip(decoded.contentTimes, record.contentTimes) { #expect(abs(a - b) <= 5e-7) }
        var out: [UInt8] = []
        PerfRequestRecord.appendSeconds(-0.0000015, to: &out)
        #expect(String(decoding: out, as: UTF8.self) == "-0.000002")
    }

    @Test func sloParsing() throws {
        let slo = try PerfSLO(parsing: "ttft=0.5,tpot=40ms,e2e=10s")
        #expect(slo == PerfSLO(ttft: 0.5, tpot: 0.04, e2e: 10))
        for bad in ["ttft", "ttft=-1", "speed=3", "ttft=abc"] {
            #expect(throws: PerfError.self) { try PerfSLO(parsing: bad) }
        }
    }

    @Test func poissonArrivalsAreSeededAndHaveTheirRate() {
        let a = PerfRun.arrivals(count: 4000, rate: 20, seed: 7, level: 0)
        #expect(a == PerfRun.arrivals(count: 4000, rate: 20, seed: 7, level: 0))
        #expect(a != PerfRun.arrivals(count: 4000, rate: 20, seed: 8, level: 0))
        #expect(a.first == 0 && zip(a, a.dropFirst()).allSatisfy { $0 <= $1 })
        let meanGap = a.last! / Double(a.count - 1)
        #expect(abs(meanGap - 0.05) < 0.05 * 0.08)
        #expect(PerfRun.arrivals(count: 3, rate: -1, seed: 0, level: 0) == [0, 0, 0])
    }

    @Test func settingsCheckLevelsAndBuildBodies() throws {
        #expect(try PerfSettings(endpoint: "", parallel: [1, 4], number: [8]).levels().map(\.number) == [8, 8])
        #expect(throws: PerfError.self) { try PerfSettings(endpoint: "", parallel: [1, 4], number: [8, 16, 32]).levels() }
        #expect(throws: PerfError.self) { try PerfSettings(endpoint: "", parallel: [1, 2], rates: [3]).levels() }
        #expect(throws: PerfError.self) { try PerfSettings(endpoint: "", rates: [0]).levels() }
        let open = try PerfSettings(endpoint: "", parallel: [8], number: [20], rates: [2, -1]).levels()
        #expect(open.map(\.rate) == [2, -1] && open.allSatisfy { $0.parallel == 8 })
        let settings = PerfSettings(endpoint: "", maxTokens: 5, minTokens: 5, ignoreEOS: true, extraBody: #"{"top_k":1,"max_tokens":6}"#)
        let body = try JSONValue.parse(Data(try settings.body(prompt: "Hi", model: "m")))
        #expect(body["messages"]?.array?.first?["content"]?.string == "Hi")
        #expect(body["max_tokens"]?.int == 6 && body["top_k"]?.int == 1 && body["ignore_eos"] == .bool(true))
        #expect(body["stream_options"]?["include_usage"] == .bool(true) && body["min_tokens"]?.int == 5)
        let completions = try JSONValue.parse(Data(try PerfSettings(api: "completions", endpoint: "", stream: false).body(prompt: "Hi", model: "m")))
        #expect(completions["prompt"]?.string == "Hi" && completions["stream_options"] == nil)
        #expect(throws: PerfError.self) { try PerfSettings(endpoint: "", extraBody: "[1]").body(prompt: "x", model: "m") }
    }

    @Test func datasetOptions() throws {
        #expect(try PerfDataset.parse(name: nil, path: nil, inputTokens: nil, tokenizer: nil, family: nil) == .bundled(categories: []))
        #expect(try PerfDataset.parse(name: "bundled:short,zh", path: nil, inputTokens: nil, tokenizer: nil, family: nil) == .bundled(categories: ["short", "zh"]))
        #expect(try PerfDataset.parse(name: "random", path: nil, inputTokens: "512±64", tokenizer: nil, family: nil) == .random(tokens: 512, spread: 64, tokenizer: nil))
        #expect(try PerfDataset.parse(name: nil, path: nil, inputTokens: "64+-8", tokenizer: "t.gguf", family: nil) == .random(tokens: 64, spread: 8, tokenizer: "t.gguf"))
        for (name, tokens) in [("random", "8±8"), ("random", "x"), ("bundled:long,poems", nil), ("line_by_line", nil), ("sharegpt", nil)] {
            #expect(throws: PerfError.self) { try PerfDataset.parse(name: name, path: nil, inputTokens: tokens, tokenizer: nil, family: nil) }
        }
        let bundled = try PerfPromptSet.bundled()
        #expect(bundled.count == 80 && Set(bundled.map(\.id)).count == 80)
        #expect(try PerfPromptSet.bundled(categories: ["zh"]).count == 24)
        let fresh = try PerfPromptSet.fresh(family: "dates", count: 5, seed: 1)
        let again = try PerfPromptSet.fresh(family: "dates", count: 5, seed: 1)
        #expect(fresh.count == 5 && fresh == again)
    }

    @Test func randomPromptsHitTheirTokenCounts() async throws {
        // A whitespace tokenizer stands in for a model's: the fitting loop is what is tested here
        // (the integration test uses the real server's /tokenize).
        let prompts = try await PerfPromptSet.random(tokens: 40, spread: 10, count: 20, seed: 3) { text in
            text.split(separator: " ").count
        }
        #expect(prompts.allSatisfy { $0.tokens == $0.text.split(separator: " ").count && (30...50).contains($0.tokens!) })
        #expect(Set(prompts.map(\.tokens)).count > 3)
    }
}
