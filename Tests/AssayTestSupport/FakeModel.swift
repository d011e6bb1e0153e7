import AssayKit
import Foundation
import Synchronization

/// A configurable stand-in for a model, for fast tests of the pipelines (eval, robust, attack,
/// audit) and for declaring what a backend lacks. It is deterministic: the same request always
/// gets the same answer.
///
/// - Generation answers with `answer(prompt)`, by default the text after the last "=> " in
///   the prompt's transcript, else "I don't know.".
/// - Scoring gives each continuation token (a character) a log-probability from
///   `logProb(context, continuation)`: by default -0.1 per character for a continuation the
///   context marks as right with `[right: X]`, -5 for any other, so a test can plant the answer
///   a model "prefers".
/// - Tokens are the Unicode scalars of the text.
/// Every request is recorded in `seen` (as text) and in `generations` / `scores` (as asked).
public final class FakeModel: LanguageModel, Sendable {
    public let provenance: ModelProvenance
    public let capabilities: ModelCapabilities
    let answer: @Sendable (Prompt) -> String
    let logProb: @Sendable (String, String) -> Double
    /// The prompts generated from and the (context, text) pairs scored, in order.
    public let seen = Mutex<[String]>([])
    /// The generation requests, as the caller made them, in order.
    public let generations = Mutex<[GenerationRequest]>([])
    /// The score requests, as the caller made them, in order.
    public let scores = Mutex<[ScoreRequest]>([])

    /// Every capability a backend can have.
    public static let allCapabilities: ModelCapabilities = [.generate, .chat, .tokenLogProbs, .greedyTokens,
                                                            .fullDistribution, .tokenize, .seededSampling]

    public init(name: String = "fake", capabilities: ModelCapabilities = FakeModel.allCapabilities,
                answer: (@Sendable (Prompt) -> String)? = nil, logProb: (@Sendable (String, String) -> Double)? = nil) {
        provenance = ModelProvenance(backend: "fake", model: name, backendVersion: "1")
        self.capabilities = capabilities
        self.answer = answer ?? { prompt in
            let text = prompt.transcript
            guard let range = text.range(of: "=> ", options: .backwards) else { return "I don't know." }
            return String(text[range.upperBound...].prefix { $0 != "\n" })
        }
        self.logProb = logProb ?? { context, continuation in
            let right = context.range(of: "[right: ").map { String(context[$0.upperBound...].prefix { $0 != "]" }) }
            return continuation.trimmingCharacters(in: .whitespaces) == right ? -0.1 : -5
        }
    }

    public func tokenize(_ text: String) async throws -> [Int32] {
        try require(.tokenize, for: "tokenization")
        return text.unicodeScalars.map { Int32($0.value) }
    }

    public func detokenize(_ tokens: [Int32]) async throws -> String {
        try require(.tokenize, for: "detokenization")
        return String(String.UnicodeScalarView(tokens.compactMap { Unicode.Scalar(UInt32($0)) }))
    }

    public func score(_ requests: [ScoreRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [ScoreResult] {
        try require(.tokenLogProbs, for: "scoring")
        return requests.map { request in
            let context = request.context?.transcript ?? ""
            seen.withLock { $0.append(context + "|" + request.text) }
            scores.withLock { $0.append(request) }
            let perToken = logProb(context, request.text) / Double(max(1, request.text.unicodeScalars.count))
            return ScoreResult(tokens: request.text.unicodeScalars.map { scalar in
                TokenScore(token: Int32(scalar.value), logProb: perToken,
                           greedyToken: capabilities.contains(.greedyTokens) ? Int32(scalar.value) : nil,
                           rank: capabilities.contains(.fullDistribution) ? 1 : nil,
                           distribution: capabilities.contains(.fullDistribution)
                               ? DistributionMoments(expectedLogProb: -1, varianceLogProb: 1) : nil)
            })
        }
    }

    public func generate(_ requests: [GenerationRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [GenerationResult] {
        try require(.generate, for: "generation")
        return requests.map { request in
            seen.withLock { $0.append(request.prompt.transcript) }
            generations.withLock { $0.append(request) }
            var text = answer(request.prompt)
            var reason = FinishReason.endOfText
            if let cut = request.stop.compactMap({ text.range(of: $0)?.lowerBound }).min() {
                text = String(text[..<cut])
                reason = .stop
            }
            let count = text.unicodeScalars.count
            return GenerationResult(text: text, tokens: text.unicodeScalars.map { Int32($0.value) }, tokenCount: count,
                                    logProbs: Array(repeating: -0.5, count: count), finishReason: reason, promptTokens: 10)
        }
    }
}
