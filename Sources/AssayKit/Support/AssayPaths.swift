import Foundation

/// Locates Assay's data folders (`Templates/`, `Corpora/`) at run time.
///
/// Order: the `ASSAY_HOME` environment variable; then the folders above the running
/// executable (a build inside the checkout); then the folders above the current directory.
/// The first folder that holds both `Templates` and `Corpora` wins.
public enum AssayPaths {
    /// The folder holding `Templates/` and `Corpora/`, or nil when none is found.
    public static let home: URL? = locateHome()

    /// `Corpora/` (throws a message naming ASSAY_HOME when it cannot be found).
    public static func corpora() throws -> URL {
        try homeOrThrow().appendingPathComponent("Corpora", isDirectory: true)
    }

    /// `Templates/`.
    public static func templates() throws -> URL {
        try homeOrThrow().appendingPathComponent("Templates", isDirectory: true)
    }

    private static func homeOrThrow() throws -> URL {
        guard let home else {
            throw InputError.fileNotFound(path: "Templates/ and Corpora/ (set ASSAY_HOME to the Assay checkout)")
        }
        return home
    }

    private static func locateHome() -> URL? {
        let fm = FileManager.default
        func holdsData(_ url: URL) -> Bool {
            var isDir: ObjCBool = false
            return fm.fileExists(atPath: url.appendingPathComponent("Templates").path, isDirectory: &isDir) && isDir.boolValue
                && fm.fileExists(atPath: url.appendingPathComponent("Corpora").path, isDirectory: &isDir) && isDir.boolValue
        }
        if let env = ProcessInfo.processInfo.environment["ASSAY_HOME"], !env.isEmpty {
            return URL(fileURLWithPath: env, isDirectory: true)
        }
        var starts: [URL] = [URL(fileURLWithPath: fm.currentDirectoryPath, isDirectory: true)]
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        starts.insert(executable.deletingLastPathComponent(), at: 0)
        for start in starts {
            var url = start.standardizedFileURL
            for _ in 0..<8 {
                if holdsData(url) { return url }
                let parent = url.deletingLastPathComponent()
                if parent.path == url.path { break }
                url = parent
            }
        }
        return nil
    }
}
