import Foundation

/// Locates Assay's data folders (`Templates/`, `Corpora/`) at run time.
///
/// Order: the `ASSAY_HOME` environment variable; then the folders above the running
/// executable (a build inside the checkout); then the folders above the current directory.
/// The first folder that holds both `Templates` and `Corpora` wins; an `ASSAY_HOME` without
/// them is an error (not an empty listing).
public enum AssayPaths {
    /// The folder holding `Templates/` and `Corpora/`, or why none was found.
    static let home: Result<URL, InputError> = locateHome()

    /// `Corpora/` (throws a message naming ASSAY_HOME when it cannot be found).
    public static func corpora() throws -> URL {
        try homeOrThrow().appendingPathComponent("Corpora", isDirectory: true)
    }

    /// `Templates/`.
    public static func templates() throws -> URL {
        try homeOrThrow().appendingPathComponent("Templates", isDirectory: true)
    }

    private static func homeOrThrow() throws -> URL { try home.get() }

    private static func locateHome() -> Result<URL, InputError> {
        let fm = FileManager.default
        func holdsData(_ url: URL) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: url.appendingPathComponent("Templates").path, isDirectory: &isDir) && isDir.boolValue
                && fm.fileExists(atPath: url.appendingPathComponent("Corpora").path, isDirectory: &isDir) && isDir.boolValue
        }
        if let env = ProcessInfo.processInfo.environment["ASSAY_HOME"], !env.isEmpty {
            let url = URL(fileURLWithPath: env, isDirectory: true)
            return holdsData(url) ? .success(url)
                : .failure(.fileNotFound(path: "\(env)/Templates/ and \(env)/Corpora/ (ASSAY_HOME must name a folder holding both, e.g. the Assay checkout)"))
        }
        var starts: [URL] = [URL(fileURLWithPath: fm.currentDirectoryPath, isDirectory: true)]
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        starts.insert(executable.deletingLastPathComponent(), at: 0)
        for start in starts {
            var url = start.standardizedFileURL
            for _ in 0..<8 {
                if holdsData(url) { return .success(url) }
                let parent = url.deletingLastPathComponent()
                if parent.path == url.path { break }
                url = parent
            }
        }
        return .failure(.fileNotFound(path: "Templates/ and Corpora/ (set ASSAY_HOME to the Assay checkout)"))
    }
}
