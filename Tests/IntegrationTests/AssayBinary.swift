import AssayTestSupport
import Foundation

/// Runs the real `assay` binary, as a user does. `make test` sets ASSAY_BIN; otherwise the
/// binary next to the test bundle (the same build) is used.
enum AssayBinary {
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    struct NotBuilt: Error, CustomStringConvertible {
        var description: String { "no assay binary: build it, or set ASSAY_BIN" }
    }

    static var path: String? {
        if let path = ProcessInfo.processInfo.environment["ASSAY_BIN"], !path.isEmpty { return path }
        let bundle = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let candidates = [bundle, bundle.deletingLastPathComponent()].map { $0.appendingPathComponent("assay").path }
            + [".build/release/assay", ".build/debug/assay"].map { TestEnvironment.packageRoot.appendingPathComponent($0).path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Runs `assay arguments...` in the package root, with `environment` added to the test's
    /// own, and collects its output. The waiting happens off the cooperative pool (`offPool`).
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Run {
        guard let path else { throw NotBuilt() }
        return try await run(executable: path, arguments, environment: environment)
    }

    /// Runs any program the same way (llama.cpp's tools); one still running after `timeout`
    /// seconds is stopped, so a hung child never outlives its test.
    static func run(executable: String, _ arguments: [String], environment: [String: String] = [:],
                    timeout: TimeInterval? = nil) async throws -> Run {
        try await offPool {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: executable)
            process.arguments = arguments
            process.currentDirectoryURL = TestEnvironment.packageRoot
            if !environment.isEmpty { process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new } }
            let out = Pipe(), err = Pipe()
            process.standardOutput = out
            process.standardError = err
            try process.run()
            if let timeout {
                DispatchQueue.global().asyncAfter(deadline: .now() + timeout) { if process.isRunning { process.terminate() } }
            }
            let (outData, errData) = drain(out, err)
            process.waitUntilExit()
            return Run(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                       stderr: String(decoding: errData, as: UTF8.self))
        }
    }

    /// Starts `assay arguments...`, sends Ctrl-C (SIGINT) once `ready()` holds (polled every
    /// 20 ms, at most 5 minutes), and returns how it ended.
    static func interrupt(_ arguments: [String], when ready: @escaping @Sendable () -> Bool) async throws -> Run {
        guard let path else { throw NotBuilt() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = TestEnvironment.packageRoot
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let drained = Task { try await offPool { drain(out, err) } }
        try await process.interrupt(when: ready)
        let (outData, errData) = try await drained.value
        let status = try await process.exitStatus()
        return Run(status: status, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Reads both pipes to their end, on two threads, so a full pipe cannot block the child.
    static func drain(_ out: Pipe, _ err: Pipe) -> (Data, Data) {
        let group = DispatchGroup()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        Thread { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }.start()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        return (outData, errData)
    }

    /// A temporary file holding `text`.
    static func temporaryFile(_ text: String, suffix: String = ".jsonl") throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("assay-test-\(UUID().uuidString)\(suffix)").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Writes into `folder/name` the first `whole` lines of `source` and half of the next, as
    /// an interrupted run leaves a results file; returns how many lines `source` has.
    static func interruptedCopy(of source: String, whole: Int, into folder: String, name: String) throws -> Int {
        let lines = try String(contentsOfFile: source, encoding: .utf8).split(separator: "\n")
        let torn = lines[0..<whole].joined(separator: "\n") + "\n" + lines[whole].prefix(lines[whole].count / 2)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try String(torn).write(toFile: folder + "/" + name, atomically: true, encoding: .utf8)
        return lines.count
    }
}
