import Foundation

/// Runs attacks through a model: chunks of items are generated as parallel sequences (greedy),
/// judged, and appended to `results.jsonl` as soon as each chunk is done; then the whole file
/// is summarized into `summary.json` and the report. With `resume`, items whose id is already
/// in the file are skipped.
public struct AttackRunner: Sendable {
    public var items: [AttackItem]
    public var detector: AttackDetector
    public var maxTokens: Int
    public var chunkSize: Int

    public init(items: [AttackItem], detector: AttackDetector, maxTokens: Int = 64, chunkSize: Int = 8) {
        self.items = items
        self.detector = detector
        self.maxTokens = maxTokens
        self.chunkSize = chunkSize
    }

    /// What a run did.
    public struct Outcome: Sendable {
        public var attacked: Int
        public var resumed: Int
        public var summary: AttackSummary
    }

    public func run(model: some LanguageModel, folder: String, resume: Bool, manifest: AttackManifest,
                    progress: ProgressReporter? = nil) async throws -> Outcome {
        let results = (folder as NSString).appendingPathComponent("results.jsonl")
        var done = Set<String>()
        if resume && FileManager.default.fileExists(atPath: results) {
            try PredictionRecord.truncateTornLine(results)
            done = Set(AttackRecord.load(results).map(\.item.id))
        }
        let writer = try JSONLinesWriter(path: results, append: resume)
        let pending = items.filter { !done.contains($0.id) }
        for start in stride(from: 0, to: pending.count, by: max(1, chunkSize)) {
            let chunk = Array(pending[start..<min(pending.count, start + max(1, chunkSize))])
            var requests: [GenerationRequest] = []
            for item in chunk { requests.append(try await request(for: item, model: model)) }
            let outputs = try await model.generate(requests, progress: nil)
            for (item, output) in zip(chunk, outputs) {
                try writer.write(AttackRecord(item: item, output: output.text, verdict: detector.judge(output.text, item: item),
                                              finishReason: output.finishReason.rawValue, tokens: output.tokens.count))
            }
            progress?.advance(by: chunk.count, tokens: outputs.reduce(0) { $0 + $1.tokens.count })
        }
        let wanted = Set(items.map(\.id))
        let records = AttackRecord.load(results).filter { wanted.contains($0.item.id) }
        let summary = AttackSummary(records: records, manifest: manifest)
        try summary.write(to: folder)
        try AttackReport.document(summary: summary, records: records).write(to: folder)
        return Outcome(attacked: pending.count, resumed: items.count - pending.count, summary: summary)
    }

    /// The item as the model sees it: system and user messages in the model's chat template
    /// when it has one, else the system text, a blank line and the user text.
    func request(for item: AttackItem, model: some LanguageModel) async throws -> GenerationRequest {
        guard model.info.chatTemplate != nil else {
            let text = (item.system.map { $0 + "\n\n" } ?? "") + item.prompt + "\n\n"
            return GenerationRequest(prompt: text, maxTokens: maxTokens)
        }
        var messages: [ChatMessage] = []
        if let system = item.system { messages.append(ChatMessage(.system, system)) }
        messages.append(ChatMessage(.user, item.prompt))
        let text = try await model.applyChatTemplate(messages, addAssistantTurn: true)
        // The template writes its own special tokens; do not add BOS again.
        return GenerationRequest(prompt: text, maxTokens: maxTokens, addSpecial: false)
    }
}
