import Foundation

/// One request an evaluation sends for a task, as `assay eval --dry-run` writes it to
/// `requests.jsonl` without loading a model: the context, and the scored continuations
/// (log-likelihood, delimiter included) or the stop strings and length (generation). The
/// runner builds its model calls from the same `PromptBuilder`, so these are the requests.
public struct PlannedRequest: Codable, Sendable, Equatable {
    /// The item's id, split and mode, as in `predictions.jsonl`.
    public var id: String
    public var split: PredictionRecord.Split
    public var mode: EvalMode
    /// The prompt text (with `--chat`, the conversation's transcript).
    public var context: String
    /// Log-likelihood: each scored continuation, delimiter included.
    public var continuations: [String]?
    /// Generation: the stop strings and the most new tokens.
    public var until: [String]?
    public var maxTokens: Int?

    enum CodingKeys: String, CodingKey {
        case id, split, mode, context, continuations, until, maxTokens = "max_tokens"
    }

    /// The requests of every task of `plan`, in run order.
    public static func all(_ plan: EvalPlan, settings: EvalSettings) -> [PlannedRequest] {
        plan.tasks.map { task in
            let prompt = plan.prompts.prompt(for: task.item, style: task.style)
            var request = PlannedRequest(id: task.item.id, split: task.split, mode: task.mode, context: prompt.transcript)
            switch task.mode {
            case .loglikelihood:
                request.continuations = plan.prompts.continuations(for: task.item, style: task.style).scored
            case .generate, .code:
                request.until = plan.prompts.stops(style: task.style)
                request.maxTokens = settings.maxTokens
            case .perplexity:
                request.context = EvalRunner.perplexityText(task.item)
            }
            return request
        }
    }

    /// Writes `requests.jsonl` into `folder`; returns its path.
    public static func write(_ plan: EvalPlan, settings: EvalSettings, to folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("requests.jsonl")
        let writer = try JSONLinesWriter(path: path)
        for request in all(plan, settings: settings) { try writer.write(request) }
        return path
    }
}
