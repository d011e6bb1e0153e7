import Foundation

/// Why a perf run cannot start or go on.
public enum PerfError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The endpoint's URL cannot be used.
    case unsupportedURL(String, reason: String)
    /// An option's value is wrong.
    case badOption(name: String, value: String, reason: String)
    /// A prompt source is empty or unreadable.
    case noPrompts(source: String, reason: String)
    /// The operating system refused a resource the client needs.
    case system(call: String, code: Int32)

    public var description: String {
        switch self {
        case .unsupportedURL(let url, let reason):
            return "cannot send requests to \(url): \(reason)"
        case .badOption(let name, let value, let reason):
            return "--\(name) \(value): \(reason)"
        case .noPrompts(let source, let reason):
            return "no prompts from \(source): \(reason)"
        case .system(let call, let code):
            return "\(call) failed: \(String(cString: strerror(code)))"
        }
    }
}
