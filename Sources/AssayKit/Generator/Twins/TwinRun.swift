import Foundation

/// `assay twin` as a job: reads a benchmark file in any supported format, writes one twin per
/// item (canonical JSONL) and counts the methods used.
public struct TwinRun: Sendable {
    public struct Summary: Sendable, Equatable {
        public var read = 0
        public var written = 0
        public var byMethod: [String: Int] = [:]
        /// Ids of items no method could twin.
        public var untwinned: [String] = []
        public var badLines = 0
    }

    public let builder: TwinBuilder
    public let format: BenchmarkFormat?
    public let strict: Bool

    public init(builder: TwinBuilder, format: BenchmarkFormat?, strict: Bool) {
        self.builder = builder
        self.format = format
        self.strict = strict
    }

    public func run(input: String, output: String, warn: (String) -> Void) throws -> Summary {
        try OutputPath.refuseOverwriting([input], with: output)
        let writer = try JSONLinesWriter(path: output)
        var summary = Summary()
        var failures = 0
        _ = try BenchmarkReader.read(input, format: format, strict: strict, onSkip: { error in
            failures += 1
            warn("\(error) (skipped)")
        }, onWarning: warn) { item in
            defer { summary.read += 1 }
            guard let (twin, method) = builder.twin(of: item, index: summary.read) else {
                summary.untwinned.append(item.id)
                return
            }
            try writer.write(twin)
            summary.written += 1
            summary.byMethod[method.rawValue, default: 0] += 1
        }
        summary.badLines = failures
        return summary
    }
}
