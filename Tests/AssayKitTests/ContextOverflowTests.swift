import Testing
@testable import AssayKit

/// "Does not fit the context" as each backend says it, and nothing else.
struct ContextOverflowTests {
    @Test(arguments: [
        "the request exceeds the available context size, try increasing it",
        "This model's maximum context length is 2048 tokens. However, you requested 3100 tokens.",
        "context_length_exceeded: Please reduce the length of the messages.",
    ])
    func serverMessagesAboutTheContextMatch(_ message: String) {
        #expect(ContextOverflow.matches(HTTPError.status(endpoint: "http://127.0.0.1:1/v1/completions", code: 400, message: message)))
    }

    @Test func otherFailuresDoNotMatch() {
        let url = "http://127.0.0.1:1/v1/completions"
        #expect(!ContextOverflow.matches(HTTPError.status(endpoint: url, code: 400, message: "'temperature' must be a number")))
        #expect(!ContextOverflow.matches(HTTPError.status(endpoint: url, code: 500, message: "context size exceeded")))
        #expect(!ContextOverflow.matches(HTTPError.timeout(endpoint: url, seconds: 1, total: false)))
        #expect(!ContextOverflow.matches(ModelError.decodeFailed(code: 1)))
    }

    @Test func theInProcessReasonDropsTheBatchPosition() {
        let error = ModelError.contextTooSmall(item: 7, needed: 2113, available: 512)
        #expect(ContextOverflow.matches(error))
        #expect(ContextOverflow.reason(error) == "needs 2113 tokens but the context holds 512 per sequence (raise --ctx or lower --seqs)")
        #expect(ContextOverflow.Stop(id: "q/1", reason: "r").description.hasPrefix("item q/1: r"))
    }
}
