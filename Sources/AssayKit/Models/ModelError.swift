/// Failures of a model, with what to do about them.
public enum ModelError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The model file does not exist.
    case fileNotFound(path: String)
    /// The file is not a GGUF model.
    case notGGUF(path: String)
    /// llama.cpp could not load the file.
    case loadFailed(path: String)
    /// llama.cpp could not create a context with these settings.
    case contextCreationFailed(contextSize: Int, sequences: Int)
    /// An item needs more tokens than the context holds.
    case contextTooSmall(item: Int, needed: Int, available: Int)
    /// llama_decode failed.
    case decodeFailed(code: Int32)
    /// A text could not be tokenized.
    case tokenizationFailed(reason: String)
    /// The model has no chat template llama.cpp can apply.
    case chatTemplateUnavailable(reason: String)
    /// A request is not valid (e.g. empty text to score).
    case invalidRequest(item: Int, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path):
            return "\(path): model file not found (run `scripts/setup` for the default model, or pass --model PATH)"
        case .notGGUF(let path):
            return "\(path): not a GGUF model file (it does not start with the GGUF magic bytes)"
        case .loadFailed(let path):
            return "\(path): llama.cpp could not load this model (unsupported architecture or corrupt file; --verbose shows llama.cpp's log)"
        case .contextCreationFailed(let size, let seqs):
            return "could not create a llama.cpp context of \(size) tokens for \(seqs) sequences (lower --ctx or --seqs)"
        case .contextTooSmall(let item, let needed, let available):
            return "item \(item) needs \(needed) tokens but the context holds \(available) (raise --ctx, or shorten the item)"
        case .decodeFailed(let code):
            let hint = code == 1 ? "no room in the KV cache: raise --ctx or lower --seqs" : "llama_decode returned \(code); --verbose shows llama.cpp's log"
            return "decoding failed: \(hint)"
        case .tokenizationFailed(let reason):
            return "tokenization failed: \(reason)"
        case .chatTemplateUnavailable(let reason):
            return "cannot apply the chat template: \(reason) (use plain completion prompts)"
        case .invalidRequest(let item, let reason):
            return "request \(item): \(reason)"
        }
    }
}
