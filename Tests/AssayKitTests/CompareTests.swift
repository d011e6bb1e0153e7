import Foundation
import AssayTestSupport
import Testing
@testable import AssayKit

/// `assay compare` on run folders written here as the commands write them: identities, the
/// leaderboard's ranks, reorderings and adjusted scores, mismatched settings, unusable folders,
/// and the page (every number shown, text escaped, the sort script admitted by its hash only).
@Suite struct CompareTests {
    /// A fresh temporary folder.
    func root() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-compare-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    typealias Score = (value: Double, low: Double, high: Double)

    /// Writes `folder/summary.json` of an eval run of the model with `sha` on `benchmark`.
    @discardableResult
    func eval(_ folder: String, sha: String, file: String? = nil, benchmark: String = "data/mmlu", metric: String = "accuracy",
              shots: Int = 0, date: String = "2026-12-01T00:00:00Z", original: Score, twin: Score? = nil) throws -> String {
        func interval(_ s: Score) -> [String: Any] { ["value": s.value, "stderr": 0.01, "ci_low": s.low, "ci_high": s.high] }
        func split(_ s: Score) -> [String: Any] {
            ["count": 10, "primary_metric": metric, "metrics": [metric: ["weighted": interval(s), "macro": s.value, "count": 10]], "subsets": [:]]
        }
        var summary: [String: Any] = [
            "manifest": ["command": "eval", "assay_version": "0.1.0", "seed": 0, "command_line": ["assay", "eval"], "date": date,
                         "model": ["backend": "llama.cpp", "model": "m", "file": file ?? "/models/\(sha).gguf", "sha256": sha],
                         "settings": ["benchmark": benchmark, "format": "mmlu", "mode": "default", "shots": shots, "fewshot_source": "dev_split",
                                      "chain_of_thought": false, "chat": false, "from_scratch": false]],
            "original": split(original),
        ]
        if let twin {
            summary["twin"] = split(twin)
            summary["gap"] = ["metric": metric, "original": original.value, "twin": twin.value, "paired": true,
                              "difference": interval((original.value - twin.value, original.low - twin.high, original.high - twin.low))]
        }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: summary).write(to: URL(fileURLWithPath: folder + "/summary.json"))
        return folder
    }

    func compare(_ folders: [String]) -> Comparison {
        let (runs, skipped) = CompareRun.discover(folders)
        return ComparisonBuilder(runs: runs).build(skipped: skipped)
    }

    @Test(arguments: [
        ("Corpora/samples/mmlu", "mmlu"), ("Corpora/samples/mmlu/", "mmlu"), ("data/gsm8k/test.jsonl", "gsm8k"),
        ("HumanEval.jsonl.gz", "humaneval"), ("/x/ARC-Challenge.csv", "arc-challenge"), ("items.jsonl", "items"),
        ("Corpora/samples/truthfulqa/mc_task.json", "truthfulqa"),
    ])
    func benchmarkNames(path: String, name: String) {
        #expect(RunIdentity.benchmarkName(path) == name)
    }

    @Test func modelsAreKnownByProvenance() {
        let a = ModelProvenance(backend: "llama.cpp", model: "x", file: "/a/tiny.gguf", sha256: "aaaa1111bbbb")
        let moved = ModelProvenance(backend: "llama.cpp", model: "x", file: "/elsewhere/tiny.gguf", sha256: "aaaa1111bbbb")
        let other = ModelProvenance(backend: "llama.cpp", model: "x", file: "/b/tiny.gguf", sha256: "cccc2222dddd")
        let served = ModelProvenance(backend: "openai-http", model: "/srv/tiny.gguf", endpoint: "http://127.0.0.1:8080/v1")
        let names = RunIdentity.modelNames([a, moved, other, served])
        #expect(names.count == 3)
        #expect(names[RunIdentity.modelKey(a)] == "tiny #aaaa1111" && names[RunIdentity.modelKey(other)] == "tiny #cccc2222")
        #expect(names[RunIdentity.modelKey(served)] == "tiny (served)")
    }

    /// Three models: A leads on the originals but falls behind B on the twins beyond the
    /// intervals, and behind C within them; perplexity ranks the lowest first.
    @Test func ranksReorderingsAndTwinScores() throws {
        let dir = try root()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let a = try eval(dir + "/a", sha: "a", original: (0.8, 0.7, 0.9), twin: (0.3, 0.2, 0.4))
        let b = try eval(dir + "/b", sha: "b", original: (0.6, 0.5, 0.7), twin: (0.6, 0.5, 0.7))
        let c = try eval(dir + "/c", sha: "c", original: (0.5, 0.4, 0.6), twin: (0.55, 0.3, 0.8))
        let ppl = try eval(dir + "/ppl-a", sha: "a", metric: "token_perplexity", original: (12, 10, 14))
        let ppl2 = try eval(dir + "/ppl-b", sha: "b", metric: "token_perplexity", original: (9, 8, 10))
        let result = compare([a, b, c, ppl, ppl2])
        let cell = { (model: String, metric: String) in result.leaderboard.first { $0.model == model && $0.metric == metric } }
        #expect(cell("a", "accuracy")?.originalRank == 1 && cell("a", "accuracy")?.twinRank == 3)
        #expect(cell("b", "accuracy")?.originalRank == 2 && cell("b", "accuracy")?.twinRank == 1)
        #expect(cell("b", "token_perplexity")?.originalRank == 1 && cell("a", "token_perplexity")?.originalRank == 2)
        #expect(cell("a", "accuracy")?.gap?.value == 0.8 - 0.3)
        #expect(result.reorderings.count == 2)
        let overB = try #require(result.reorderings.first { $0.aheadOnTwin == "b" })
        #expect(overB.aheadOnOriginal == "a" && overB.significant)
        let overC = try #require(result.reorderings.first { $0.aheadOnTwin == "c" })
        #expect(overC.aheadOnOriginal == "a" && !overC.significant)
        #expect(cell("a", "accuracy")?.adjustedBasis == "original (not audited)" && cell("a", "accuracy")?.adjusted == 0.8)
    }

    @Test func adjustedScoreFollowsTheAudit() {
        let original = Comparison.Estimate(0.8), twin = Comparison.Estimate(0.5)
        #expect(ComparisonBuilder.adjusted(original: original, twin: twin, verdict: "clean").0 == 0.8)
        #expect(ComparisonBuilder.adjusted(original: original, twin: twin, verdict: "suspicious") == (0.5, "twin (audit suspicious)"))
        #expect(ComparisonBuilder.adjusted(original: original, twin: nil, verdict: "contaminated").0 == nil)
        #expect(ComparisonBuilder.adjusted(original: original, twin: twin, verdict: nil).1 == "original (not audited)")
        #expect(ComparisonBuilder.adjusted(original: original, twin: twin, verdict: "insufficient") == (0.8, "original (audit insufficient)"))
    }

    /// Two runs of one cell with different shots: the latest is shown, both are counted and the
    /// difference is listed; a second model run with other shots is listed across the column.
    @Test func differentSettingsAreShownNotMixed() throws {
        let dir = try root()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try eval(dir + "/a-0shot", sha: "a", shots: 0, date: "2026-12-01T00:00:00Z", original: (0.4, 0.3, 0.5))
        try eval(dir + "/a-5shot", sha: "a", shots: 5, date: "2026-12-02T00:00:00Z", original: (0.6, 0.5, 0.7))
        try eval(dir + "/b-2shot", sha: "b", shots: 2, original: (0.5, 0.4, 0.6))
        let result = compare([dir])
        #expect(result.runs.count == 3)
        let a = try #require(result.leaderboard.first { $0.model == "a" })
        #expect(a.original.value == 0.6 && a.runs == 2 && a.folder == dir + "/a-5shot")
        let within = try #require(result.mismatches.first { $0.model == "a" })
        #expect(within.setting == "shots" && within.values == [dir + "/a-0shot": "0", dir + "/a-5shot": "5"])
        let across = try #require(result.mismatches.first { $0.model == nil })
        #expect(across.setting == "shots" && across.values == ["a": "5", "b": "2"])
        #expect(result.mismatches.count == 2)
    }

    @Test func unusableFoldersAreSkippedWithTheirReason() throws {
        let dir = try root()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let good = try eval(dir + "/good", sha: "a", original: (0.5, 0.4, 0.6))
        let torn = dir + "/torn"
        try FileManager.default.createDirectory(atPath: torn, withIntermediateDirectories: true)
        let whole = try Data(contentsOf: URL(fileURLWithPath: good + "/summary.json"))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: torn + "/summary.json"))
        let foreign = dir + "/foreign"
        try FileManager.default.createDirectory(atPath: foreign, withIntermediateDirectories: true)
        try Data(#"{"manifest": {"command": "overlap"}}"#.utf8).write(to: URL(fileURLWithPath: foreign + "/summary.json"))
        let partial = dir + "/partial"
        try FileManager.default.createDirectory(atPath: partial, withIntermediateDirectories: true)
        try Data(#"{"manifest": {"command": "eval"}}"#.utf8).write(to: URL(fileURLWithPath: partial + "/summary.json"))
        let empty = dir + "/empty"
        try FileManager.default.createDirectory(atPath: empty, withIntermediateDirectories: true)
        let deep = dir + "/1/2/3/4"
        try eval(deep, sha: "z", original: (0.1, 0, 0.2))

        let (runs, skipped) = CompareRun.discover([dir, empty, dir + "/missing", good])
        #expect(runs.map(\.folder) == [good])   // read once; the run 4 levels down is too deep
        let reasons = Dictionary(skipped.map { ($0.folder, $0.reason) }, uniquingKeysWith: { first, _ in first })
        #expect(reasons[torn]?.contains("not complete JSON") == true)
        #expect(reasons[foreign]?.contains("assay overlap") == true)
        #expect(reasons[partial]?.contains("does not match the eval summary") == true)
        #expect(reasons[empty]?.contains("no summary.json") == true)
        #expect(reasons[dir + "/missing"]?.contains("no such file") == true)
        #expect(skipped.count == 5)
        #expect(CompareRun.discover([dir + "/1"]).runs.count == 1)
    }

    /// Every number of comparison.json is on the page; a hostile file name stays text; the page
    /// admits its one script by hash.
    @Test func pageShowsEveryNumberEscaped() throws {
        let dir = try root()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try eval(dir + "/a", sha: "a", file: "/m/<b>evil</b>.gguf", original: (0.8125, 0.7, 0.9), twin: (0.3333, 0.2, 0.4))
        try eval(dir + "/b", sha: "b", original: (0.6, 0.55, 0.65), twin: (0.6, 0.5, 0.7))
        let outcome = try CompareRun(paths: [dir], output: dir + "/out").run()
        let html = try String(contentsOfFile: outcome.reportPath, encoding: .utf8)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: outcome.jsonPath)))
        let numbers = JSONNumbers.all(in: json)
        #expect(numbers.count > 20)
        for value in numbers { #expect(html.contains(ComparisonReport.number(value)), "\(value) is not on the page") }
        #expect(!html.contains("<b>evil") && html.contains("&lt;b&gt;evil&lt;/b&gt;"))
        let script = try #require(html.range(of: "<script>").flatMap { open in
            html.range(of: "</script>", range: open.upperBound..<html.endIndex).map { String(html[open.upperBound..<$0.lowerBound]) }
        })
        let hash = Data(SHA256.digest(Array(script.utf8))).base64EncodedString()
        #expect(html.contains("script-src 'sha256-\(hash)'") && html.components(separatedBy: "<script").count == 2)
        let markdown = try String(contentsOfFile: dir + "/out/comparison.md", encoding: .utf8)
        #expect(markdown.contains("| model | mmlu (accuracy) |"))
    }
}
