import Foundation

/// Streams a canonical JSONL file through a `Perturber` into another JSONL file: the work
/// behind `assay perturb`. Bad lines are reported as `file:line: reason` and skipped, or stop
/// the run when `strict`.
public struct PerturbationRun: Sendable {
    /// What a run did.
    public struct Summary: Sendable, Equatable {
        /// Items read from valid lines.
        public var read = 0
        /// Perturbed items written.
        public var written = 0
        /// Items none of the kinds applied to (not written).
        public var unchanged = 0
        /// Malformed lines skipped.
        public var badLines = 0
    }

    public let perturber: Perturber
    public let strict: Bool

    public init(perturber: Perturber, strict: Bool) {
        self.perturber = perturber
        self.strict = strict
    }

    /// Reads `input` ("-" for standard input), writes `output` ("-" for standard output);
    /// `warn` receives one message per skipped line.
    public func run(input: String, output: String, warn: (String) -> Void) throws -> Summary {
        let reader = LineReader(path: input)
        try reader.validate()
        // Opening the output truncates it: the input would be lost before it is read.
        try OutputPath.refuseOverwriting([input], with: output)
        let writer = try JSONLinesWriter(path: output)
        let decoder = JSONDecoder()
        let source = input == "-" ? "<stdin>" : input
        var summary = Summary()
        for line in reader where !line.text.allSatisfy(\.isWhitespace) {
            let item: BenchmarkItem
            do {
                item = try decoder.decode(BenchmarkItem.self, from: Data(line.text.utf8))
            } catch {
                let problem = InputError.badLine(file: source, line: line.number, reason: Self.explain(error))
                if strict { throw problem }
                summary.badLines += 1
                warn("warning: \(problem) (line skipped)")
                continue
            }
            summary.read += 1
            if let perturbed = perturber.perturb(item, index: line.number) {
                try writer.write(perturbed)
                summary.written += 1
            } else {
                summary.unchanged += 1
            }
        }
        return summary
    }

    /// A short, actionable reason for a line that does not decode as an item.
    static func explain(_ error: Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, _)?: return "not an item: missing field '\(key.stringValue)'"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?:
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "not an item: field '\(path)' has the wrong type"
        case .dataCorrupted?: return "not valid JSON"
        default: return "cannot decode: \(error)"
        }
    }
}
