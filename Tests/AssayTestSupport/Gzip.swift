import Foundation

/// Compresses `data` into the gzip file `path` with the system's `gzip` tool (no name or time
/// stamp in the header, so the bytes are the same every run).
public func writeGzip(_ data: Data, to path: String) throws {
    let plain = path + ".plain"
    try data.write(to: URL(fileURLWithPath: plain))
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["gzip", "-n", "-c", plain]
    let output = FileManager.default.createFile(atPath: path, contents: nil) ? FileHandle(forWritingAtPath: path) : nil
    process.standardOutput = output
    try process.run()
    process.waitUntilExit()
    try output?.close()
    try FileManager.default.removeItem(atPath: plain)
}
