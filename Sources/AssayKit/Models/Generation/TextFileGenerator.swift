import Foundation

/// Generates a continuation for every prompt of a file: the `assay generate-text` job.
/// Prompts stream through in chunks decoded as parallel sequences; each chunk's lines are
/// written as soon as it is done.
public struct TextFileGenerator: Sendable {
    /// One line of output.
    public struct Record: Codable, Sendable {
        public var id: String
        public var prompt: String
        public var output: String
        public var finish_reason: String
        public var n_tokens: Int
        /// Nil where the backend does not return log-probabilities.
        public var logprob_sum: Double?
    }

    public var reader: TextRecordReader
    public var settings: GenerationSettings
    public var strict: Bool
    public var chunkSize: Int

    public init(reader: TextRecordReader, settings: GenerationSettings, strict: Bool = false, chunkSize: Int = 32) {
        self.reader = reader
        self.settings = settings
        self.strict = strict
        self.chunkSize = chunkSize
    }

    public func run(model: some LanguageModel, writer: JSONLinesWriter, skip: Set<String> = [],
                    progress: ProgressReporter? = nil, warn: (String) -> Void) async throws -> FileJobSummary {
        var summary = FileJobSummary()
        var tokens = 0
        var index = 0
        var tooLong = 0
        try await reader.forEachChunk(size: chunkSize, strict: strict, skip: skip, summary: &summary, warn: warn) { chunk in
            var requests: [GenerationRequest] = []
            for record in chunk {
                requests.append(settings.request(for: record.text, index: index))
                index += 1
            }
            let (done, left) = try await generate(requests, for: chunk, model: model, warn: warn)
            tooLong += left
            let results = done.map(\.1)
            for (record, result) in done {
                try writer.write(Record(id: record.id, prompt: record.text, output: result.text,
                                        finish_reason: result.finishReason.rawValue, n_tokens: result.tokenCount,
                                        logprob_sum: result.logProbs?.reduce(0, +)))
            }
            let chunkTokens = results.reduce(0) { $0 + $1.tokenCount }
            tokens += chunkTokens
            progress?.advance(by: chunk.count, tokens: chunkTokens)
        }
        summary.tokens = tokens
        summary.skipped += tooLong
        return summary
    }

    /// The chunk's results. When a prompt does not fit the model's context, the prompts go one
    /// at a time and each that does not fit is reported as `file:line: id: reason` and left
    /// out (it stays missing, so a resume tries it again), or stops the run with `strict`.
    private func generate(_ requests: [GenerationRequest], for chunk: [TextRecordReader.Record], model: some LanguageModel,
                          warn: (String) -> Void) async throws -> (done: [(TextRecordReader.Record, GenerationResult)], tooLong: Int) {
        do {
            return (Array(zip(chunk, try await model.generate(requests, progress: nil))), 0)
        } catch let error where ContextOverflow.matches(error) {
            var done: [(TextRecordReader.Record, GenerationResult)] = []
            var tooLong = 0
            for (record, request) in zip(chunk, requests) {
                do {
                    done.append((record, try await model.generate([request], progress: nil)[0]))
                } catch let error where ContextOverflow.matches(error) {
                    let problem = InputError.badLine(file: reader.path, line: record.line, reason: "\(record.id): \(ContextOverflow.reason(error))")
                    if strict { throw problem }
                    warn(problem.description)
                    tooLong += 1
                }
            }
            return (done, tooLong)
        }
    }
}

/// How prompts become generation requests: chat template or raw, sampling, limits.
public struct GenerationSettings: Sendable {
    public var maxTokens: Int
    public var stop: [String]
    public var sampling: SamplingParameters
    /// Wrap the prompt as a user message in the model's chat template.
    public var chat: Bool
    public var system: String?

    public init(maxTokens: Int = 128, stop: [String] = [], sampling: SamplingParameters = .greedy,
                chat: Bool = false, system: String? = nil) {
        self.maxTokens = maxTokens
        self.stop = stop
        self.sampling = sampling
        self.chat = chat
        self.system = system
    }

    /// What the settings need of a model.
    public var requirements: ModelCapabilities {
        var needed: ModelCapabilities = .generate
        if chat { needed.insert(.chat) }
        if !sampling.isGreedy { needed.insert(.seededSampling) }
        return needed
    }

    /// The request for the `index`-th prompt; its seed is the base seed plus the index, so
    /// items sample independently and reproducibly.
    public func request(for prompt: String, index: Int) -> GenerationRequest {
        var sampling = self.sampling
        sampling.seed = sampling.seed &+ UInt64(index)
        return GenerationRequest(prompt: chat ? .chat(system: system, user: prompt) : .text(prompt),
                                 maxTokens: maxTokens, stop: stop, sampling: sampling)
    }
}
