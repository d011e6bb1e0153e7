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

extension String {
    /// The text without leading and trailing whitespace (Unicode-aware, no Foundation).
    package func trimmingSpaces() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
