/// The options a command was given, with typed accessors that throw `UsageError` on bad values.
public struct ParsedArguments: Sendable {
    public let command: String
    var values: [String: [String]] = [:]
    var defaults: [String: String] = [:]
    var flags: Set<String> = []
    public internal(set) var positionals: [String] = []
    public internal(set) var wantsHelp = false

    init(command: String) { self.command = command }

    /// The option's value (the last one given), else its declared default, else nil.
    public func string(_ name: String) -> String? {
        values[name]?.last ?? defaults[name]
    }

    /// True when the option was given explicitly (not only defaulted).
    public func has(_ name: String) -> Bool { values[name] != nil || flags.contains(name) }

    /// All values of a repeatable option; a comma-separated value counts as several when
    /// `splitCommas` is true.
    public func strings(_ name: String, splitCommas: Bool = false) -> [String] {
        let raw = values[name] ?? defaults[name].map { [$0] } ?? []
        guard splitCommas else { return raw }
        return raw.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces() } }.filter { !$0.isEmpty }
    }

    /// True when the flag was given.
    public func flag(_ name: String) -> Bool { flags.contains(name) }

    /// The option's value, or a usage error naming it.
    public func required(_ name: String) throws(UsageError) -> String {
        guard let value = string(name) else { throw .missingOption(option: name, command: command) }
        return value
    }

    /// An integer option, checked against an optional range.
    public func int(_ name: String, in range: ClosedRange<Int>? = nil) throws(UsageError) -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text) else { throw .invalidValue(option: name, value: text, reason: "expected an integer") }
        if let range, !range.contains(value) {
            throw .invalidValue(option: name, value: text, reason: "expected \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// An unsigned 64-bit option (seeds).
    public func uint64(_ name: String) throws(UsageError) -> UInt64? {
        guard let text = string(name) else { return nil }
        guard let value = UInt64(text) else { throw .invalidValue(option: name, value: text, reason: "expected a non-negative integer") }
        return value
    }

    /// A floating-point option, checked against an optional range.
    public func double(_ name: String, in range: ClosedRange<Double>? = nil) throws(UsageError) -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), value.isFinite else { throw .invalidValue(option: name, value: text, reason: "expected a number") }
        if let range, !range.contains(value) {
            throw .invalidValue(option: name, value: text, reason: "expected \(range.lowerBound)...\(range.upperBound)")
        }
        return value
    }

    /// An option whose value must be one of `choices`.
    public func choice(_ name: String, _ choices: [String]) throws(UsageError) -> String? {
        guard let text = string(name) else { return nil }
        guard choices.contains(text) else {
            throw .invalidValue(option: name, value: text, reason: "expected one of \(choices.joined(separator: ", "))")
        }
        return text
    }
}

/// The values of options declared with a default: given or defaulted, never nil, so the default
/// is stated once, in the option's declaration. An option read this way without a declared
/// default and not given is a usage error naming it.
extension ParsedArguments {
    public func intValue(_ name: String, in range: ClosedRange<Int>? = nil) throws(UsageError) -> Int {
        try present(name, int(name, in: range))
    }

    public func doubleValue(_ name: String, in range: ClosedRange<Double>? = nil) throws(UsageError) -> Double {
        try present(name, double(name, in: range))
    }

    public func uint64Value(_ name: String) throws(UsageError) -> UInt64 {
        try present(name, uint64(name))
    }

    public func choiceValue(_ name: String, _ choices: [String]) throws(UsageError) -> String {
        try present(name, choice(name, choices))
    }

    /// An option naming a case of `E` (by raw value); the error lists the cases.
    public func caseValue<E: RawRepresentable & CaseIterable>(_ name: String, as type: E.Type) throws(UsageError) -> E where E.RawValue == String {
        let text = try choiceValue(name, E.allCases.map(\.rawValue))
        return try present(name, E.allCases.first { $0.rawValue == text })
    }

    private func present<T>(_ name: String, _ value: T?) throws(UsageError) -> T {
        guard let value else { throw .missingOption(option: name, command: command) }
        return value
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}

/// A command line that cannot be run as given. `assay` prints it with the usage line and exits 64.
public enum UsageError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownOption(String, command: String)
    case missingValue(option: String, command: String)
    case missingOption(option: String, command: String)
    case invalidValue(option: String, value: String, reason: String)
    case unexpectedArgument(String, command: String)
    /// Options that cannot be combined, or a choice between options that was not made.
    case conflict(String)

    public var description: String {
        switch self {
        case .unknownOption(let option, _): return "unknown option '\(option)'"
        case .missingValue(let option, _): return "option '--\(option)' needs a value"
        case .missingOption(let option, _): return "missing required option '--\(option)'"
        case .invalidValue(let option, let value, let reason): return "invalid value '\(value)' for '--\(option)': \(reason)"
        case .unexpectedArgument(let argument, _): return "unexpected argument '\(argument)'"
        case .conflict(let message): return message
        }
    }
}
