/// "This prompt does not fit the model's context", as each backend says it: in-process, the
/// `ModelError.contextTooSmall` of a scoring or generation request; served, an HTTP 400 whose
/// message speaks of the context (llama-server's "exceeds the available context size", vLLM's
/// "maximum context length", OpenAI's `context_length_exceeded`). Runs record such an item as
/// skipped and go on (or stop with `--strict`) instead of losing the whole run to one item.
public enum ContextOverflow {
    /// The error `--strict` stops a run with: the item that did not fit, by id.
    public struct Stop: Error, Sendable, CustomStringConvertible {
        public var id: String
        public var reason: String
        public var description: String {
            "item \(id): \(reason) (without --strict such items are recorded as skipped and the run goes on)"
        }
    }

    /// Whether `error` says a request does not fit the model's context.
    public static func matches(_ error: any Error) -> Bool {
        switch error {
        case ModelError.contextTooSmall: return true
        case HTTPError.status(_, 400, let message), HTTPError.streamError(_, let message):
            let text = message.lowercased()
            return text.contains("context") && ["exceed", "maximum", "too long", "length"].contains { text.contains($0) }
        default: return false
        }
    }

    /// What to record as the item's reason: the error without the request's position in its
    /// batch (meaningless once the item is named).
    public static func reason(_ error: any Error) -> String {
        if case ModelError.contextTooSmall(_, let needed, let available) = error {
            return "needs \(needed) tokens but the context holds \(available) per sequence (raise --ctx or lower --seqs)"
        }
        return "\(error)"
    }
}
