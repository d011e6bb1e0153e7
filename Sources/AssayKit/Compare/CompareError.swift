import Foundation

/// Why `assay compare` cannot use a folder, or cannot run at all.
public enum CompareError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Nothing exists at the path.
    case missing(String)
    /// The path holds no `summary.json` or `ratings.json`, and no folder under it does.
    case notARunFolder(String)
    /// The summary exists but cannot be used.
    case unreadable(String, reason: String)
    /// The summary was written by a command `compare` does not read (e.g. `overlap`).
    case unsupported(String, command: String)
    /// None of the given folders could be read.
    case noRuns(skipped: Int)

    public var description: String {
        switch self {
        case .missing(let path):
            return "\(path): no such file or folder"
        case .notARunFolder(let path):
            return "\(path): no summary.json or ratings.json here or in the folders under it (give the --out folder of an eval, audit, robust, attack, arena or perf run)"
        case .unreadable(let path, let reason):
            return "\(path): cannot be used: \(reason)"
        case .unsupported(let path, let command):
            return "\(path): written by `assay \(command)`, which compare does not read (it reads eval, audit, robust, attack, arena and perf runs)"
        case .noRuns(let skipped):
            return "no run folder could be read (\(skipped) skipped, see above)"
        }
    }
}
