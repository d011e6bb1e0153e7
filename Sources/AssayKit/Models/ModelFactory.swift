import Foundation

/// Where a model comes from: a GGUF file run in-process, or a server.
public enum ModelSource: Sendable, Hashable {
    case gguf(ModelConfiguration)
    case served(OpenAIModel.Configuration)

    /// A reference to a model given as one string: an `http(s)://` URL is a served model
    /// (reusing `template`'s served settings, with the model id the server lists first), anything
    /// else a GGUF path (with `template`'s llama.cpp settings).
    public static func parse(_ text: String, like template: ModelSource) throws(UsageError) -> ModelSource {
        if text.hasPrefix("http://") || text.hasPrefix("https://") {
            guard let url = URL(string: text) else {
                throw .invalidValue(option: "model-url", value: text, reason: "not a URL")
            }
            var configuration: OpenAIModel.Configuration
            if case .served(let served) = template { configuration = served } else { configuration = .init(baseURL: url) }
            configuration.baseURL = url
            configuration.modelName = nil
            return .served(configuration)
        }
        var configuration: ModelConfiguration
        if case .gguf(let gguf) = template { configuration = gguf } else { configuration = ModelConfiguration(path: text) }
        configuration.path = text
        return .gguf(configuration)
    }
}

/// The one place models are made, so every command accepts every backend.
public enum ModelFactory {
    /// Loads the GGUF file, or connects to the server and probes what it can do.
    public static func load(_ source: ModelSource) async throws -> any LanguageModel {
        switch source {
        case .gguf(let configuration): return try LlamaModel(configuration)
        case .served(let configuration): return try await OpenAIModel.connect(configuration)
        }
    }
}

extension ModelSource {
    /// Items handed to the model at once by the chunked runners (and appended to their results
    /// together): enough to keep every parallel sequence, or every request slot, busy.
    public var chunkSize: Int {
        switch self {
        case .gguf(let configuration): return max(configuration.sequences * 4, 8)
        case .served(let configuration): return max(configuration.concurrency * 4, 8)
        }
    }
}
