import AssayKit
import AssayTestSupport
import Foundation
import Testing

/// `assay compare` over folders the real commands wrote on the bundled samples with the two real
/// GGUF models (eval with twins, a second protocol for one cell, audit, robust, attack, an arena
/// dry run), a torn summary and a folder without one; the page checked in headless Chromium.
@Suite(.serialized) struct CompareCommandTests {
    /// Chromium: $ASSAY_CHROMIUM, else `chromium` on the PATH (scripts/setup --browser installs it).
    static var chromium: String? {
        if let path = ProcessInfo.processInfo.environment["ASSAY_CHROMIUM"], !path.isEmpty { return path }
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        return paths.flatMap { ["\($0)/chromium", "\($0)/chromium-browser"] }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `executable arguments...`; returns its exit status and standard output.
    static func run(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, stdout: String) {
        try await offPool { try runBlocking(executable, arguments) }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String]) throws -> (status: Int32, stdout: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Never left running: a browser that hangs is stopped after a minute.
        DispatchQueue.global().asyncAfter(deadline: .now() + 60) { if process.isRunning { process.terminate() } }
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    func assay(_ arguments: [String]) async throws {
        let run = try await AssayBinary.run(arguments)
        #expect(run.status == 0, "\(arguments): \(run.stderr)")
    }

    @Test func comparesRealRunsOfTwoModels() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("assay-compare-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let runs = root + "/runs", smol = TestEnvironment.modelPath, gemma = ArenaCommandTests.secondModel
        try FileManager.default.createDirectory(atPath: runs, withIntermediateDirectories: true)
        let twins = root + "/mmlu-twins.jsonl"
        try await assay(["twin", "--input", "Corpora/samples/mmlu", "--format", "mmlu", "--seed", "1", "--output", twins])
        let mmlu = ["--benchmark", "Corpora/samples/mmlu", "--limit", "4", "--twins", twins, "--quiet"]
        try await assay(["eval", "--model", smol, "--shots", "2", "--out", runs + "/eval-smol"] + mmlu)
        try await assay(["eval", "--model", gemma, "--shots", "2", "--out", runs + "/eval-gemma"] + mmlu)
        try await assay(["eval", "--model", smol, "--shots", "0", "--out", runs + "/eval-smol-0shot"] + mmlu)
        try await assay(["audit", "--model", smol, "--benchmark", "Corpora/samples/mmlu", "--evaluate", "--quiet", "--out", runs + "/audit-smol"])
        try await assay(["robust", "--model", smol, "--benchmark", "Corpora/samples/mmlu", "--limit", "4", "--kinds", "shuffle_options",
                   "--circular", "--quiet", "--out", runs + "/robust-smol"])
        try await assay(["attack", "--model", smol, "--suite", "goal_hijacking", "--count", "1", "--max-tokens", "12", "--quiet",
                   "--out", runs + "/attack-smol"])
        try await assay(["arena", "--dry-run", "--candidate", "smol=\(smol)", "--candidate", "gemma=\(gemma)", "--limit", "2",
                   "--max-tokens", "8", "--quiet", "--out", runs + "/arena-dry"])
        // A run torn while writing its summary, and a folder that holds no run.
        try FileManager.default.copyItem(atPath: runs + "/eval-gemma", toPath: runs + "/torn")
        let summary = try Data(contentsOf: URL(fileURLWithPath: runs + "/torn/summary.json"))
        try summary.prefix(summary.count / 3).write(to: URL(fileURLWithPath: runs + "/torn/summary.json"))
        try FileManager.default.createDirectory(atPath: root + "/empty", withIntermediateDirectories: true)

        let out = root + "/comparison"
        let compare = try await AssayBinary.run(["compare", runs, root + "/empty", "--out", out])
        #expect(compare.status == 0, "\(compare.stderr)")
        #expect(compare.stderr.contains("warning: skipped") && compare.stderr.contains("not complete JSON"))
        #expect(compare.stderr.contains("compared 7 runs of 2 models"))
        let comparison = try JSONLinesWriter.makeDecoder().decode(Comparison.self, from: Data(contentsOf: URL(fileURLWithPath: out + "/comparison.json")))
        #expect(Set(comparison.models.map(\.name)) == ["SmolLM2-135M-Instruct.Q4_1", "gemma-3-270m-Q4_K_M"])
        #expect(comparison.skipped.map(\.folder).sorted() == [root + "/empty", runs + "/torn"])
        let cells = comparison.leaderboard.filter { $0.benchmark == "mmlu" && $0.metric == "accuracy" }
        #expect(cells.count == 2 && cells.allSatisfy { $0.twin != nil && $0.gap != nil })
        let smolCell = try #require(cells.first { $0.model.hasPrefix("SmolLM2") })
        // Two eval runs of this cell (the audit's own evaluation gives way to them); the audit's verdict is attached.
        #expect(smolCell.runs == 2 && smolCell.audit != nil && smolCell.adjustedBasis.contains("audit"))
        #expect(comparison.mismatches.contains { $0.model == smolCell.model && $0.setting == "shots" && Set($0.values.values) == ["0", "2"] })
        #expect(comparison.audits.count == 1 && comparison.robustness.first?.circularAccuracy != nil)
        #expect(comparison.attacks.first?.categories.keys.sorted() == ["goal_hijacking"])
        #expect(comparison.arenas.first?.candidates.compactMap(\.model).count == 2)
        let markdown = try String(contentsOfFile: out + "/comparison.md", encoding: .utf8)
        #expect(markdown.contains("| model | mmlu (accuracy) |") && markdown.contains("## Robustness") && markdown.contains("## Arena"))

        // The other layout: a row per benchmark.
        #expect(try await AssayBinary.run(["compare", runs, "--by", "benchmark", "--out", root + "/by-benchmark", "--quiet"]).status == 0)
        let transposed = try String(contentsOfFile: root + "/by-benchmark/comparison.md", encoding: .utf8)
        #expect(transposed.contains("| benchmark | SmolLM2-135M-Instruct.Q4\\_1 | gemma-3-270m-Q4\\_K\\_M |")
                || transposed.contains("| benchmark | gemma-3-270m-Q4\\_K\\_M | SmolLM2-135M-Instruct.Q4\\_1 |"))

        try await checkInChromium(out)
    }

    /// The page renders in headless Chromium, and every number of comparison.json is in its text.
    func checkInChromium(_ out: String) async throws {
        let browser = try #require(Self.chromium, "no chromium: run scripts/setup --browser (or set ASSAY_CHROMIUM)")
        let profile = out + "/chromium-profile", page = "file://" + out + "/report.html"
        // Only the local file: no background networking, updates, sync or first-run fetches.
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
                     "--disable-domain-reliability", "--no-pings", "--proxy-server=127.0.0.1:9", "--proxy-bypass-list=<-loopback>"]
        let dom = try await Self.run(browser, flags + ["--dump-dom", page])
        #expect(dom.status == 0)
        // Text of the rendered document: tags dropped, entities decoded where numbers could hide.
        let text = dom.stdout.replacingOccurrences(of: "<[^>]*>", with: " ", options: .regularExpression)
        #expect(text.contains("Assay comparison") && text.contains("Leaderboard"))
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/comparison.json")))
        let numbers = JSONNumbers.all(in: json)
        #expect(numbers.count > 50)
        for value in numbers { #expect(text.contains(ComparisonReport.number(value)), "\(value) is not on the rendered page") }
        let shot = out + "/page.png"
        #expect(try await Self.run(browser, flags + ["--screenshot=\(shot)", "--window-size=1200,2400", page]).status == 0)
        let png = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(png.count > 20_000 && png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
    }
}
