import Foundation

extension PerfRun {
    /// A run against `url`: the endpoint is `url` itself when it ends in `/chat/completions`
    /// or `/completions`, else `url` + the API's path. The server is asked for its model list
    /// and, when it is llama.cpp's, its build and `/tokenize` (random prompts); a server
    /// without `/v1/models` is still loaded when `modelName` is given (with a warning).
    public static func prepare(url text: String, modelName: String?, apiKeyVariable: String?, headers: [String: String] = [:], settings: PerfSettings,
                               dataset: PerfDataset, seed: UInt64, folder: URL?, commandLine: [String],
                               showProgress: Bool, warn: (String) -> Void = { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }) async throws -> PerfRun {
        guard let url = URL(string: text), url.host != nil else {
            throw PerfError.unsupportedURL(text, reason: "not a URL such as http://127.0.0.1:8080/v1")
        }
        var base = url
        var endpoint = url.appendingPathComponent(settings.api == "chat" ? "chat/completions" : "completions")
        for suffix in ["chat/completions", "completions"] where url.path.hasSuffix("/" + suffix) {
            endpoint = url
            base = URL(string: String(text.dropLast(suffix.count + (text.hasSuffix("/") ? 1 : 0))).trimmingSuffix("/"))!
            break
        }
        let apiKey = try apiKeyVariable.map(OpenAIModel.apiKey(from:))
        let target = try LoadTarget(url: endpoint, apiKey: apiKey, stream: settings.stream, extraHeaders: headers)
        let levels = try settings.levels()
        var server: OpenAIModel?
        do {
            server = try await OpenAIModel.connect(.init(baseURL: base, modelName: modelName, apiKeyVariable: apiKeyVariable,
                                                         concurrency: 2, timeout: 30, retry: .none, probeEcho: false))
        } catch {
            guard modelName != nil else { throw error }
            warn("could not ask \(base.absoluteString) for its models (\(error)); going on with --model-name")
        }
        let name = server?.modelName ?? modelName!
        let needed = levels.reduce(0) { $0 + $1.number + settings.warmup }
        let prompts = try await dataset.prompts(count: min(needed, 10_000), seed: seed, server: server)
        var settings = settings
        settings.endpoint = endpoint.absoluteString
        settings.dataset = dataset.label
        let provenance = server?.provenance ?? ModelProvenance(backend: "openai-http", model: name, endpoint: base.absoluteString)
        let root = base.lastPathComponent == "v1" ? base.deletingLastPathComponent() : base
        return PerfRun(settings: settings, target: target, modelName: name, provenance: provenance, prompts: prompts,
                       folder: folder ?? defaultFolder(), seed: seed, commandLine: commandLine, metricsRoot: root,
                       showProgress: showProgress)
    }

    /// `perf-YYYYMMDD-HHMMSS` under the current folder (with `-2`, `-3`... if taken).
    public static func defaultFolder() -> URL {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let stem = "perf-" + formatter.string(from: Date())
        let cwd = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
        var candidate = cwd.appendingPathComponent(stem)
        var k = 2
        while FileManager.default.fileExists(atPath: candidate.path) {
            candidate = cwd.appendingPathComponent("\(stem)-\(k)")
            k += 1
        }
        return candidate
    }
}

extension String {
    /// The string without one trailing `suffix`.
    func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}
