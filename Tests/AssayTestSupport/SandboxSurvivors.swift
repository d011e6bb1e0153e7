import Foundation

/// Processes still alive whose command line or environment (`ASSAY_SANDBOX`, which the sandbox
/// sets to its run's folder) names `directory`: what a sandboxed run left behind.
public func sandboxSurvivors(of directory: String) -> [String] {
    let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
    return entries.filter { Int($0) != nil }.filter { pid in
        ["cmdline", "environ"].contains { file in
            FileManager.default.contents(atPath: "/proc/\(pid)/\(file)").map { String(decoding: $0, as: UTF8.self).contains(directory) } ?? false
        }
    }
}
