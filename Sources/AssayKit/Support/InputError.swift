import Foundation

/// Problems with the files a user hands to Assay, each with the place to look.
public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file does not exist.
    case fileNotFound(path: String)
    /// The file exists but cannot be read.
    case unreadable(path: String, reason: String)
    /// One line of a line-oriented file is malformed.
    case badLine(file: String, line: Int, reason: String)
    /// A file cannot be written.
    case unwritable(path: String, reason: String)

    public var description: String {
        switch self {
        case .fileNotFound(let path): return "\(path): no such file"
        case .unreadable(let path, let reason): return "\(path): cannot read: \(reason)"
        case .badLine(let file, let line, let reason): return "\(file):\(line): \(reason)"
        case .unwritable(let path, let reason): return "\(path): cannot write: \(reason)"
        }
    }
}

extension InputError {
    /// The text of a UTF-8 file, or the error a user can act on (no such file, not UTF-8).
    public static func readText(_ url: URL) throws(InputError) -> String {
        guard FileManager.default.fileExists(atPath: url.path) else { throw .fileNotFound(path: url.path) }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw .unreadable(path: url.path, reason: "not UTF-8 text")
        }
        return text
    }
}
