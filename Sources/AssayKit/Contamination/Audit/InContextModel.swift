import Foundation

/// A model that scores chosen texts after a copy of themselves in its context, and every other
/// text as the wrapped model does: the audit's **positive control** (`assay audit
/// --positive-control FILE`). A text in view is text the model can predict the way it predicts
/// a memorized one, so an audit that works must flag the controlled items, against twins scored
/// without that help. Generation passes through unchanged.
public struct InContextModel: LanguageModel {
    /// The model that scores.
    public let model: any LanguageModel
    /// The texts scored with themselves in the context (`OverlapIndex.text(of:)` of each item).
    public let seen: Set<String>

    public init(model: any LanguageModel, seen: Set<String>) {
        self.model = model
        self.seen = seen
    }

    /// Places the texts of the items of `benchmark` (any format `BenchmarkReader` reads) in the
    /// context of `model`.
    public init(model: any LanguageModel, benchmark: String, format: BenchmarkFormat? = nil) throws {
        self.init(model: model, seen: Set(try BenchmarkReader.readAll(benchmark, format: format).map(OverlapIndex.text(of:))))
    }

    public var provenance: ModelProvenance { model.provenance }
    public var capabilities: ModelCapabilities { model.capabilities }
    public func tokenize(_ text: String) async throws -> [Int32] { try await model.tokenize(text) }
    public func detokenize(_ tokens: [Int32]) async throws -> String { try await model.detokenize(tokens) }

    /// A seen text is scored as the continuation of itself and a blank line; its own tokens
    /// only are scored, so its signals stay comparable with the others'.
    public func score(_ requests: [ScoreRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [ScoreResult] {
        try await model.score(requests.map { request in
            seen.contains(request.text) && request.context == nil
                ? ScoreRequest(text: request.text, context: request.text + "\n\n") : request
        }, progress: progress)
    }

    public func generate(_ requests: [GenerationRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [GenerationResult] {
        try await model.generate(requests, progress: progress)
    }
}
