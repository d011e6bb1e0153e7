import AssayData
import Foundation

/// Locates Assay's data folders (`Templates/`, `Corpora/`) at run time.
///
/// Order: the `ASSAY_HOME` environment variable (your own templates and corpora); then the
/// package's resource bundle beside the running program, and the checkout it was built from
/// (`AssayData.candidates`). The current directory plays no part. An `ASSAY_HOME` without both
/// folders is an error (not an empty listing).
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
        if let url = AssayData.candidates.first(where: holdsData) { return .success(url) }
        return .failure(.fileNotFound(path: "Templates/ and Corpora/ (the resource bundle \(AssayData.bundleName) is not beside the program; set ASSAY_HOME to a folder holding both)"))
    }
}
