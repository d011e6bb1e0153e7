import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A perf run against a served model: for each level, an optional warm-up, then the measured
/// requests (closed loop or Poisson arrivals), every record appended to `requests.jsonl` as
/// it finishes, `summary.json` rewritten after each level, `report.html` at the end. Ctrl-C
/// (with `InterruptSignal` installed) stops sending, records what was in flight as
/// interrupted and still writes the summary and report of what finished.
public struct PerfRun: Sendable {
    public var settings: PerfSettings
    public var target: LoadTarget
    /// The model id sent in every request.
    public var modelName: String
    public var provenance: ModelProvenance
    public var prompts: [PerfPrompt]
    /// The folder the outputs go to (created; must not hold an earlier run).
    public var folder: URL
    public var seed: UInt64
    public var commandLine: [String]
    /// The server's root, for `/metrics` (nil: not read).
    public var metricsRoot: URL?
    public var showProgress: Bool

    public init(settings: PerfSettings, target: LoadTarget, modelName: String, provenance: ModelProvenance,
                prompts: [PerfPrompt], folder: URL, seed: UInt64, commandLine: [String], metricsRoot: URL?,
                showProgress: Bool = true) {
        self.settings = settings
        self.target = target
        self.modelName = modelName
        self.provenance = provenance
        self.prompts = prompts
        self.folder = folder
        self.seed = seed
        self.commandLine = commandLine
        self.metricsRoot = metricsRoot
        self.showProgress = showProgress
    }

    /// What a run wrote.
    public struct Outcome: Sendable {
        public var summary: PerfRunSummary
        public var records: [PerfRequestRecord]
        public var summaryPath: String
        public var requestsPath: String
        public var reportPath: String
    }

    /// Runs every level.
    public func run() async throws -> Outcome {
        let levels = try settings.levels()
        let paths = try prepareFolder()
        let log = try RecordLog(path: paths.requests)
        let client = LoadClient(target: target, stream: settings.stream, idleTimeout: settings.idleTimeout,
                                requestTimeout: settings.requestTimeout)
        let counterClient = HTTPClient(apiKey: nil, options: .init(concurrency: 1, idleTimeout: 10, deadline: 10, retry: .none))
        let manifest = RunManifest(command: "perf", model: provenance, seed: seed, commandLine: commandLine, settings: settings)
        var summary = PerfRunSummary(manifest: manifest, originMonotonicNanoseconds: client.origin, interrupted: false, levels: [])
        var records: [PerfRequestRecord] = []
        var offset = 0
        let prepared = try preparedRequests()
        for (index, level) in levels.enumerated() {
            if index > 0 && settings.pause > 0 { try? await Task.sleep(nanoseconds: UInt64(settings.pause * 1e9)) }
            let name = level.rate.map { "rate \($0 == -1 ? "all at once" : ReportDocument.format($0)) req/s" } ?? "parallel \(level.parallel)"
            if settings.warmup > 0 {
                let plan = LoadPlan(level: index, requests: Self.cycle(prepared, from: offset, count: settings.warmup), warmup: true,
                                    maxInFlight: level.parallel)
                let warm = await Self.onThread { client.run(plan, interrupted: { InterruptSignal.isRaised }, onRecord: log.append) }
                records += warm.records
            }
            let before: ServerCounters? = if let root = metricsRoot { await ServerCounters.fetch(root: root, client: counterClient) } else { nil }
            let arrivals = level.rate.map { Self.arrivals(count: level.number, rate: $0, seed: seed, level: index) }
            let plan = LoadPlan(level: index, requests: Self.cycle(prepared, from: offset + settings.warmup, count: level.number),
                                maxInFlight: level.parallel, arrivals: arrivals, duration: settings.duration)
            offset += settings.warmup + level.number
            let progress = ProgressReporter(label: "perf \(name)", total: level.number, unit: "requests", enabled: showProgress)
            let result = await Self.onThread {
                client.run(plan, interrupted: { InterruptSignal.isRaised }) { record in
                    log.append(record)
                    progress.advance(tokens: record.completionTokens)
                }
            }
            progress.finish()
            records += result.records
            var levelSummary = PerfLevelSummary(level: index, mode: level.rate == nil ? "closed" : "open", parallel: level.parallel,
                                                rate: level.rate, expected: level.number, sent: level.number - result.notSent,
                                                records: result.records, slo: settings.slo)
            if let before, let root = metricsRoot, let after = await ServerCounters.fetch(root: root, client: counterClient) {
                levelSummary.serverCounters = ServerCounterCheck(before: before, after: after, records: result.records)
            }
            summary.levels.append(levelSummary)
            summary.interrupted = result.interrupted
            try JSONLinesWriter.writeDocument(summary, to: paths.summary)
            if result.interrupted { break }
        }
        try log.close()
        try PerfReport(summary: summary, records: records).html().write(toFile: paths.report, atomically: true, encoding: .utf8)
        return Outcome(summary: summary, records: records, summaryPath: paths.summary, requestsPath: paths.requests, reportPath: paths.report)
    }

    /// One request per prompt, built once.
    func preparedRequests() throws -> [PreparedRequest] {
        try prompts.map { prompt in
            PreparedRequest(promptID: prompt.id, bytes: target.request(body: try settings.body(prompt: prompt.text, model: modelName)),
                            promptTextTokens: prompt.tokens)
        }
    }

    /// `count` requests cycling through `prepared` from position `offset`.
    static func cycle(_ prepared: [PreparedRequest], from offset: Int, count: Int) -> [PreparedRequest] {
        (0..<count).map { prepared[(offset + $0) % prepared.count] }
    }

    /// Poisson arrivals: exponential gaps of mean 1 / rate, seeded per level; rate -1 sends
    /// every request at time 0.
    public static func arrivals(count: Int, rate: Double, seed: UInt64, level: Int) -> [Double] {
        guard rate > 0 else { return Array(repeating: 0, count: count) }
        var generator = SeededGenerator(seed: seed, stream: 0x6172_7269_7661_6C00 | UInt64(level))
        var time = 0.0
        return (0..<count).map { k in
            if k > 0 { time += -log(1 - generator.unitDouble()) / rate }
            return time
        }
    }

    private func prepareFolder() throws -> (requests: String, summary: String, report: String) {
        let fm = FileManager.default
        do {
            try fm.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw InputError.unwritable(path: folder.path, reason: error.localizedDescription)
        }
        let requests = folder.appendingPathComponent("requests.jsonl").path
        if fm.fileExists(atPath: requests) {
            throw InputError.unwritable(path: folder.path, reason: "it holds an earlier perf run (requests.jsonl); give another --out")
        }
        return (requests, folder.appendingPathComponent("summary.json").path, folder.appendingPathComponent("report.html").path)
    }

    /// Runs blocking work on its own thread (never on Swift's cooperative pool).
    static func onThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = 1 << 22
            thread.start()
        }
    }
}

/// `requests.jsonl`, appended a line per finished request with one `write(2)` each (a record
/// is never split by a crash of the process). A failed write (disk full) is kept and thrown
/// by `close()`, never a trap in the load loop.
final class RecordLog: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    private var failure: String?

    init(path: String) throws {
        fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        self.path = path
        guard fd >= 0 else { throw InputError.unwritable(path: path, reason: String(cString: strerror(errno))) }
    }

    deinit { if fd >= 0 { Glibc.close(fd) } }

    func append(_ record: PerfRequestRecord) {
        guard failure == nil else { return }
        let line = record.jsonLine()
        let written = line.withUnsafeBytes { Glibc.write(fd, $0.baseAddress!, $0.count) }
        if written != line.count { failure = written < 0 ? String(cString: strerror(errno)) : "a short write" }
    }

    func close() throws {
        if let failure { throw InputError.unwritable(path: path, reason: failure) }
    }
}
