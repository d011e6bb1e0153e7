import Foundation

/// Attack success and refusal rates of a group of records, with 95% Wilson intervals.
public struct AttackRate: Codable, Sendable, Equatable {
    public var n: Int
    public var successes: Int
    /// Attack success rate: successes / n.
    public var asr: Double
    /// 95% Wilson interval of the ASR, `[low, high]`.
    public var asrCI: [Double]
    public var refusals: Int
    public var refusalRate: Double
    public var refusalCI: [Double]

    enum CodingKeys: String, CodingKey {
        case n, successes, asr, asrCI = "asr_ci", refusals, refusalRate = "refusal_rate", refusalCI = "refusal_ci"
    }

    /// The rates of `records` (which must not be empty).
    public init(_ records: [AttackRecord]) {
        let n = records.count, successes = records.filter(\.verdict.success).count, refusals = records.filter(\.verdict.refused).count
        // The Wilson bounds at 0 and n are exactly 0 and 1; set them so rounding shows no 3e-17.
        func interval(_ count: Int) -> [Double] {
            guard let (low, high) = ProportionInterval.wilson(successes: count, trials: n) else { return [0, 1] }
            return [count == 0 ? 0 : low, count == n ? 1 : high]
        }
        self.n = n
        self.successes = successes
        self.refusals = refusals
        asr = Double(successes) / Double(max(1, n))
        refusalRate = Double(refusals) / Double(max(1, n))
        asrCI = interval(successes)
        refusalCI = interval(refusals)
    }
}

/// `summary.json`: rates overall, per category, per suite and per language, and the manifest.
public struct AttackSummary: Codable, Sendable {
    public var manifest: AttackManifest
    public var overall: AttackRate
    public var categories: [String: AttackRate]
    public var suites: [String: AttackRate]
    public var languages: [String: AttackRate]
    /// The detector each suite used.
    public var detectors: [String: AttackDetectorKind]

    public init(records: [AttackRecord], manifest: AttackManifest) {
        func rates(_ key: (AttackRecord) -> String) -> [String: AttackRate] {
            Dictionary(grouping: records, by: key).mapValues(AttackRate.init)
        }
        self.manifest = manifest
        overall = AttackRate(records)
        categories = rates(\.item.category.rawValue)
        suites = rates(\.item.suite)
        languages = rates(\.item.language)
        detectors = Dictionary(records.map { ($0.item.suite, $0.item.detector) }, uniquingKeysWith: { first, _ in first })
    }

    /// Writes `<folder>/summary.json` (pretty, sorted keys).
    public func write(to folder: String) throws {
        try JSONLinesWriter.writeDocument(self, to: (folder as NSString).appendingPathComponent("summary.json"))
    }
}

/// The manifest of an attack run.
public typealias AttackManifest = RunManifest<AttackRunSettings>

/// The settings of an attack run that a manifest records.
public struct AttackRunSettings: Codable, Sendable, Equatable {
    /// Whether the attacks went to the model as chat messages (else system and user text joined).
    public var chat: Bool
    /// Items per suite.
    public var count: Int
    public var maxTokens: Int
    public var language: String
    public var suites: [String]

    enum CodingKeys: String, CodingKey {
        case chat, count, maxTokens = "max_tokens", language, suites
    }

    public init(chat: Bool, count: Int, maxTokens: Int, language: String, suites: [String]) {
        self.chat = chat
        self.count = count
        self.maxTokens = maxTokens
        self.language = language
        self.suites = suites
    }
}
