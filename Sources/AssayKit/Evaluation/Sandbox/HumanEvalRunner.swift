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
        return program + "\n\n" + test + "\n\ncheck(\(item.answer))\n"
    }

    /// Runs one completion; `.passed` means every assertion of the test held.
    public func run(_ item: BenchmarkItem, completion: String) throws -> SandboxResult {
        sandbox.run(program: try HumanEvalRunner.program(for: item, completion: completion))
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
