import Foundation

/// Runs attacks through a model: chunks of items are generated as parallel sequences (greedy),
/// judged, and appended to `results.jsonl` (a `ResultsLog`) as soon as each chunk is done; then
/// the file's lines of these items are summarized into `summary.json` and the report. With
/// `resume`, items whose id is already in the file are skipped.
public struct AttackRunner: Sendable {
    /// The attacks to run, in order.
    public var items: [AttackItem]
    /// Judges each output.
    public var detector: AttackDetector
    /// Most new tokens per answer (greedy).
    public var maxTokens: Int
    /// Attacks generated together (and appended together).
    public var chunkSize: Int

    public init(items: [AttackItem], detector: AttackDetector, maxTokens: Int = 64, chunkSize: Int = 8) {
        self.items = items
        self.detector = detector
        self.maxTokens = maxTokens
        self.chunkSize = chunkSize
    }

    public typealias Outcome = RunOutcome<AttackSummary>

    /// Runs the missing attacks into `folder/results.jsonl` and writes `summary.json` and the
    /// report from the file's lines of these items.
    public func run(model: some LanguageModel, folder: String, resume: Bool, manifest: AttackManifest,
                    progress: ProgressReporter? = nil) async throws -> Outcome {
        let log = ResultsLog<AttackRecord>(path: (folder as NSString).appendingPathComponent("results.jsonl"), key: \.item.id)
        let (attacked, all) = try await log.fill(items, key: \.id, resume: resume, chunkSize: chunkSize, progress: progress,
                                                 stop: { InterruptSignal.isRaised }) { chunk in
            let requests = chunk.map { request(for: $0, chat: model.capabilities.contains(.chat)) }
            let outputs = try await model.generate(requests, progress: nil)
            return zip(chunk, outputs).map { item, output in
                AttackRecord(item: item, output: output.text, verdict: detector.judge(output.text, item: item),
                             finishReason: output.finishReason.rawValue, tokens: output.tokenCount)
            }
        }
        let wanted = Set(items.map(\.id))
        let records = all.filter { wanted.contains($0.item.id) }
        let summary = AttackSummary(records: records, manifest: manifest)
        try summary.write(to: folder)
        try AttackReport.document(summary: summary, records: records).write(to: folder)
        return Outcome(evaluated: attacked, resumed: records.count - attacked, interrupted: InterruptSignal.isRaised, summary: summary)
    }

    /// The item as the model sees it: system and user messages as a chat when the model has
    /// one, else the system text, a blank line and the user text.
    func request(for item: AttackItem, chat: Bool) -> GenerationRequest {
        guard chat else {
            let text = (item.system.map { $0 + "\n\n" } ?? "") + item.prompt + "\n\n"
            return GenerationRequest(text: text, maxTokens: maxTokens)
        }
        return GenerationRequest(prompt: .chat(system: item.system, user: item.prompt), maxTokens: maxTokens)
    }
}
