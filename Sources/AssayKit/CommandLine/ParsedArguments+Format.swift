extension ParsedArguments {
    /// The `--format` option as a `BenchmarkFormat` (nil when not given: detect it).
    public func benchmarkFormat(_ name: String = "format") throws(UsageError) -> BenchmarkFormat? {
        guard let text = string(name) else { return nil }
        guard let format = BenchmarkFormat(rawValue: text) else {
            throw .invalidValue(option: name, value: text,
                                reason: "expected one of \(BenchmarkFormat.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return format
    }
}
