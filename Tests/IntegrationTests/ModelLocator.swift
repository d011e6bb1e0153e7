import Foundation

/// Where the integration tests find the real default model and the built `assay` binary.
/// `make test` sets ASSAY_MODEL and ASSAY_BIN; the fallbacks match scripts/setup's defaults.
enum TestEnvironment {
    static var modelPath: String {
        if let path = ProcessInfo.processInfo.environment["ASSAY_MODEL"], !path.isEmpty { return path }
        let home = FileManager.default.homeDirectoryForCurrentUser.path
        return home + "/.cache/assay/models/SmolLM2-135M-Instruct.Q4_1.gguf"
    }

    /// The package root (two folders above this file's folder).
    static var packageRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
