import Foundation

/// The limits a sandboxed program runs under.
public struct SandboxLimits: Codable, Sendable, Equatable {
    /// Wall-clock seconds before the whole process group is killed.
    public var wallSeconds: Double
    /// CPU seconds (RLIMIT_CPU): SIGXCPU at the limit, SIGKILL one second later.
    public var cpuSeconds: Int
    /// Address-space bytes per process (RLIMIT_AS): allocations beyond fail (Python's MemoryError).
    public var memoryBytes: Int
    /// Processes of the sandbox user (RLIMIT_NPROC): `fork` fails beyond. Only effective when
    /// the program runs as a user of its own (Assay started as root) or in a user namespace.
    public var maxProcesses: Int
    /// Bytes kept of each of stdout and stderr; the rest is read and dropped.
    public var outputBytes: Int
    /// Size of the private tmpfs on /tmp (the program's working folder and home), when the
    /// sandbox has a mount namespace.
    public var diskBytes: Int

    public init(wallSeconds: Double = 10, cpuSeconds: Int = 10, memoryBytes: Int = 512 << 20,
                maxProcesses: Int = 32, outputBytes: Int = 64 << 10, diskBytes: Int = 64 << 20) {
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
        self.memoryBytes = memoryBytes
        self.maxProcesses = maxProcesses
        self.outputBytes = outputBytes
        self.diskBytes = diskBytes
    }
}

/// What happened to one sandboxed program.
public struct SandboxResult: Codable, Sendable, Equatable {
    public enum Outcome: String, Codable, Sendable {
        /// Exited with status 0.
        case passed
        /// Exited with another status or died of a signal (an assertion, an exception...).
        case failed
        /// Killed at the wall-clock limit, or by the CPU limit.
        case timeout
        /// Ran out of memory under the address-space limit (MemoryError).
        case memory
        /// The sandbox itself could not run the program (no python3, no temporary folder...).
        case error
    }

    public var outcome: Outcome
    /// The exit status, when the program exited normally.
    public var exitStatus: Int32?
    /// The signal that ended it, when one did.
    public var signal: Int32?
    public var stdout: String
    public var stderr: String
    /// True when stdout or stderr was longer than `SandboxLimits.outputBytes` and was cut.
    public var outputTruncated: Bool
    public var seconds: Double
    /// True when the program ran in an empty network namespace (no interface but a down loopback).
    public var networkIsolated: Bool
    /// True when it had a fresh /proc and private /tmp, /var/tmp, /run and /dev/shm.
    public var filesystemIsolated: Bool
    /// True when the program ran as a user of its own (Assay running as root).
    public var privilegesDropped: Bool
    /// The throwaway folder it ran in (deleted by now), to tell its processes apart.
    public var workDirectory: String
    /// Why the folder could not be deleted completely, when it could not.
    public var cleanupError: String?

    /// A pass needs `marker` as the last line of stdout (`tail`: its end, kept even past the
    /// output cap); the marker line is removed from `stdout`.
    mutating func applyCompletionMarker(_ marker: String, tail: Data) {
        let line = Data(("\n" + marker + "\n").utf8)
        let complete = tail.count >= line.count && tail.suffix(line.count) == line
        if stdout.hasSuffix("\n" + marker + "\n") { stdout.removeLast(marker.count + 2) }
        if outcome == .passed && !complete {
            outcome = .failed
            stderr += (stderr.isEmpty || stderr.hasSuffix("\n") ? "" : "\n")
                + "sandbox: the program exited with status 0 before its checks finished (sys.exit or os._exit?)\n"
        }
    }
}
