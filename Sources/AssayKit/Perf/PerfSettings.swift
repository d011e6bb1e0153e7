import Foundation

/// How `assay perf` loads a server; recorded in the manifest of `summary.json`.
public struct PerfSettings: Sendable, Codable, Equatable {
    /// "chat" (`/chat/completions`, messages) or "completions" (`/completions`, a prompt).
    public var api: String
    /// The endpoint the requests go to.
    public var endpoint: String
    public var stream: Bool
    /// Closed loop: most requests in flight, one level each.
    public var parallel: [Int]
    /// Requests per level (one per level, or one for all).
    public var number: [Int]
    /// Open loop: Poisson arrival rates (requests/s; -1 sends all at once), one level each.
    public var rates: [Double]?
    /// Seconds after which a level sends no more requests.
    public var duration: Double?
    /// Requests sent before each level and left out of its metrics.
    public var warmup: Int
    public var maxTokens: Int
    /// vLLM/SGLang's `min_tokens`, when given.
    public var minTokens: Int?
    /// Send `ignore_eos: true` (vLLM, SGLang, llama-server) so every answer has `maxTokens`.
    public var ignoreEOS: Bool
    public var temperature: Double
    /// Extra fields merged into every request body (a JSON object).
    public var extraBody: String?
    /// Where the prompts came from ("bundled", "bundled:short", "line_by_line FILE", "random 128±16", "fresh NAME").
    public var dataset: String
    public var idleTimeout: Double
    public var requestTimeout: Double
    public var slo: PerfSLO?
    /// Seconds to pause between levels (the server settles).
    public var pause: Double

    public init(api: String = "chat", endpoint: String, stream: Bool = true, parallel: [Int] = [1], number: [Int] = [16],
                rates: [Double]? = nil, duration: Double? = nil, warmup: Int = 0, maxTokens: Int = 128,
                minTokens: Int? = nil, ignoreEOS: Bool = false, temperature: Double = 0, extraBody: String? = nil,
                dataset: String = "bundled", idleTimeout: Double = 60, requestTimeout: Double = 600,
                slo: PerfSLO? = nil, pause: Double = 0) {
        self.api = api
        self.endpoint = endpoint
        self.stream = stream
        self.parallel = parallel
        self.number = number
        self.rates = rates
        self.duration = duration
        self.warmup = warmup
        self.maxTokens = maxTokens
        self.minTokens = minTokens
        self.ignoreEOS = ignoreEOS
        self.temperature = temperature
        self.extraBody = extraBody
        self.dataset = dataset
        self.idleTimeout = idleTimeout
        self.requestTimeout = requestTimeout
        self.slo = slo
        self.pause = pause
    }

    enum CodingKeys: String, CodingKey {
        case api, endpoint, stream, parallel, number, rates, duration, warmup, temperature, dataset, slo, pause
        case maxTokens = "max_tokens", minTokens = "min_tokens", ignoreEOS = "ignore_eos", extraBody = "extra_body"
        case idleTimeout = "idle_timeout", requestTimeout = "request_timeout"
    }

    /// The levels: (parallel, number, rate) per level, checked.
    public func levels() throws(PerfError) -> [(parallel: Int, number: Int, rate: Double?)] {
        let count = rates?.count ?? parallel.count
        guard count > 0 else { throw .badOption(name: "parallel", value: "", reason: "give at least one level") }
        guard number.count == 1 || number.count == count else {
            throw .badOption(name: "number", value: number.map(String.init).joined(separator: ","),
                             reason: "give one number, or one per level (\(count) levels)")
        }
        if rates != nil, parallel.count > 1 {
            throw .badOption(name: "parallel", value: parallel.map(String.init).joined(separator: ","),
                             reason: "with --rate, --parallel is one cap on requests in flight")
        }
        if let bad = parallel.first(where: { $0 < 1 }) { throw .badOption(name: "parallel", value: "\(bad)", reason: "must be ≥ 1") }
        if let bad = number.first(where: { $0 < 1 }) { throw .badOption(name: "number", value: "\(bad)", reason: "must be ≥ 1") }
        if let bad = rates?.first(where: { !($0 > 0 || $0 == -1) }) {
            throw .badOption(name: "rate", value: "\(bad)", reason: "requests per second > 0, or -1 for all at once")
        }
        return (0..<count).map { level in
            let number = number.count == 1 ? number[0] : number[level]
            if let rates { return (parallel: parallel.first ?? number, number: number, rate: rates[level]) }
            return (parallel: parallel[level], number: number, rate: nil)
        }
    }

    /// The JSON body for one prompt.
    public func body(prompt: String, model: String) throws(PerfError) -> [UInt8] {
        var fields: [(String, JSONValue)] = [("model", .string(model))]
        if api == "chat" {
            fields.append(("messages", .array([.object(["role": .string("user"), "content": .string(prompt)])])))
        } else {
            fields.append(("prompt", .string(prompt)))
        }
        fields.append(("max_tokens", .int(maxTokens)))
        fields.append(("temperature", .double(temperature)))
        fields.append(("stream", .bool(stream)))
        if stream { fields.append(("stream_options", .object(["include_usage": .bool(true)]))) }
        if let minTokens { fields.append(("min_tokens", .int(minTokens))) }
        if ignoreEOS { fields.append(("ignore_eos", .bool(true))) }
        if let extraBody {
            guard let extra = try? JSONValue.parse(Data(extraBody.utf8)), case .object(let object) = extra else {
                throw .badOption(name: "extra-body", value: extraBody, reason: "not a JSON object")
            }
            for field in object.fields {
                fields.removeAll { $0.0 == field.key }
                fields.append((field.key, field.value))
            }
        }
        return Array(JSONValue.object(JSONObject(fields: fields.map { (key: $0.0, value: $0.1) }, line: 0)).serialized.utf8)
    }
}
