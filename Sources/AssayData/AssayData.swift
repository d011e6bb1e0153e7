import Foundation

/// Where the data Assay ships with (`Templates/`, `Corpora/`) is at run time. The package
/// declares both folders as resources of this target, so SwiftPM copies them into a
/// resource bundle beside every product that links AssayKit, in this package or in another
/// that depends on it.
public enum AssayData {
    /// The resource bundle's folder name, as SwiftPM names it: `<package>_<target>.resources`.
    public static let bundleName = "Assay_AssayData.resources"

    /// The folders that may hold the data, in the order to try: the bundle beside the running
    /// program (the executable, or the test runner), beside the executable its path resolves
    /// to, then the package checkout this module was compiled from.
    public static var candidates: [URL] {
        var folders: [URL] = [Bundle.main.bundleURL]
        if let executable = Bundle.main.executableURL?.resolvingSymlinksInPath() {
            folders.append(executable.deletingLastPathComponent())
        }
        var candidates = folders.map { $0.appendingPathComponent(bundleName, isDirectory: true) }
        // Sources/AssayData/AssayData.swift -> the package root.
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        candidates.append(root)
        return candidates
    }
}
