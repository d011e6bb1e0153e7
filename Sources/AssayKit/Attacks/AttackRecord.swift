import Foundation

/// One line of `results.jsonl`: the attack, the model's output and the detector's verdict.
public struct AttackRecord: Codable, Sendable, Equatable {
    public var id: String
    public var suite: String
    public var category: AttackCategory
    public var language: String
    public var system: String?
    /// The user message.
    public var prompt: String
    public var output: String
    public var detector: AttackDetectorKind
    /// The canary, target phrase or planted answer looked for.
    public var target: String
    public var truth: String?
    public var success: Bool
    public var refused: Bool
    public var evidence: String?
    /// `[start, end)` of the evidence in `output`, in Unicode scalars.
    public var evidenceRange: [Int]?
    /// The refusal phrase found, as written in the output.
    public var refusal: String?
    public var note: String
    public var finishReason: String
    public var tokens: Int

    enum CodingKeys: String, CodingKey {
        case id, suite, category, language, system, prompt, output, detector, target, truth, success, refused, evidence
        case evidenceRange = "evidence_range", refusal, note, finishReason = "finish_reason", tokens = "n_tokens"
    }

    public init(item: AttackItem, output: String, verdict: AttackVerdict, finishReason: String, tokens: Int) {
        id = item.id
        suite = item.suite
        category = item.category
        language = item.language
        system = item.system
        prompt = item.prompt
        self.output = output
        detector = item.detector
        target = item.target
        truth = item.truth
        success = verdict.success
        refused = verdict.refused
        evidence = verdict.evidence
        evidenceRange = verdict.evidenceRange
        refusal = verdict.refusal
        note = verdict.note
        self.finishReason = finishReason
        self.tokens = tokens
    }

    /// The records of a results file; lines that do not decode (a torn last line) are left out.
    public static func load(_ path: String) -> [AttackRecord] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let decoder = JSONDecoder()
        return LineReader(path: path).compactMap { try? decoder.decode(AttackRecord.self, from: Data($0.text.utf8)) }
    }
}
