/// Checks HumanEval completions in the `Sandbox`: the program is the prompt, the completion,
/// the item's test code (which defines `check(candidate)`) and `check(<entry point>)`.
/// Items come from the HumanEval reader: `question` = prompt, `context` = test code,
/// `answer` = entry point.
public struct HumanEvalRunner: Sendable {
    public var sandbox: Sandbox

    public init(sandbox: Sandbox = Sandbox()) {
        self.sandbox = sandbox
    }

    /// The problem with a HumanEval item that cannot be run.
    public struct ItemError: Error, Sendable, Equatable, CustomStringConvertible {
        public let id: String
        public var description: String { "\(id): not a HumanEval item (no test code in 'context' or no entry point in 'answer')" }
    }

    /// The full program for one completion (the completion continues the prompt's function).
    public static func program(for item: BenchmarkItem, completion: String) throws -> String {
        guard let test = item.context, !test.isEmpty, !item.answer.isEmpty else { throw ItemError(id: item.id) }
        var program = item.question + completion
        if !program.hasSuffix("\n") { program += "\n" }
        return program + "\n\n" + test + "\n\ncheck(\(item.answer))\nprint(\"\\n\(completionMarker)\", flush=True)\n"
    }

    /// The line the program prints once `check` has returned: a completion that exits with
    /// status 0 before the checks run (`sys.exit(0)`, `os._exit(0)`) never prints it, so it
    /// fails. (A program that reads its own source could forge it; this stops early exits,
    /// not a completion written against Assay.)
    public static let completionMarker = "assay: all checks ran"

    /// Runs one completion; `.passed` means every assertion of the test held and the checks
    /// ran to their end.
    public func run(_ item: BenchmarkItem, completion: String) throws -> SandboxResult {
        sandbox.run(program: try HumanEvalRunner.program(for: item, completion: completion), completionMarker: Self.completionMarker)
    }

    /// Runs several completions of one item and counts the passing ones (for `Metrics.passAtK`).
    public func countPassing(_ item: BenchmarkItem, completions: [String]) throws -> (n: Int, correct: Int) {
        var correct = 0
        for completion in completions where try run(item, completion: completion).outcome == .passed {
            correct += 1
        }
        return (completions.count, correct)
    }
}
