import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs untrusted Python code (model-generated programs) in a child process with limits.
///
/// The command line, built from util-linux tools so each limit is set by the kernel before
/// the program starts:
///
///     prlimit --as --cpu --nproc --core=0 --          memory, CPU, process count, no core
///       unshare --net --pid --mount --fork --kill-child --mount-proc --
///                                                     no network, own PIDs, a fresh /proc
///         /bin/sh -c SETUP DIR                         private tmpfs on /tmp, /var/tmp, /run,
///                                                     /dev/shm; the program copied to /tmp
///           setpriv --reuid=U --regid=U --clear-groups --no-new-privs --   a user of its own
///             python3 -I -B /tmp/program.py
///
/// `unshare` is used only when a probe shows it works (as root, or with unprivileged user
/// namespaces via `--user --map-root-user`), with the mount namespace when the probe shows
/// that works too (`SandboxNamespace`); `setpriv` only when Assay runs as root. Without
/// `prlimit` (macOS) the limits are set with `ulimit` in the shell. The child gets its own
/// process group and is killed with the group at the wall-clock limit. Everything it writes
/// goes to its private tmpfs, which vanishes with the namespace; without one it writes in the
/// throwaway folder, removed by `TreeRemover`. What this does NOT protect against is listed in
/// the README.
public struct Sandbox: Sendable {
    public var limits: SandboxLimits
    /// The Python interpreter (absolute path).
    public var python: String
    /// Ask for network isolation (applied when the system allows it; see the result).
    public var isolateNetwork: Bool

    public init(limits: SandboxLimits = SandboxLimits(), python: String? = nil, isolateNetwork: Bool = true) {
        self.limits = limits
        self.python = python ?? Sandbox.defaultPython()
        self.isolateNetwork = isolateNetwork
    }

    /// The system Python (readable by an unprivileged user), else the first python3 on PATH.
    public static func defaultPython() -> String {
        if FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") { return "/usr/bin/python3" }
        return executable(named: "python3") ?? "/usr/bin/python3"
    }

    /// Runs one Python program; never throws: a sandbox failure is an `.error` result. With a
    /// `completionMarker`, a pass also needs the program to print that line last (the caller
    /// appends the print after its checks), so a program that exits early with status 0
    /// (`sys.exit(0)`, `os._exit(0)`) fails; the marker is removed from `stdout`.
    public func run(program: String, completionMarker: String? = nil) -> SandboxResult {
        var result = SandboxResult(outcome: .error, stdout: "", stderr: "", outputTruncated: false, seconds: 0,
                                   networkIsolated: false, filesystemIsolated: false, privilegesDropped: false, workDirectory: "")
        guard FileManager.default.isExecutableFile(atPath: python) else {
            result.stderr = "sandbox: no Python interpreter at \(python)"
            return result
        }
        // As root the folder must be reachable by the sandbox user: /tmp, not a private TMPDIR.
        let parent = geteuid() == 0 ? "/tmp" : FileManager.default.temporaryDirectory.path
        let folder = parent + "/assay-sandbox-XXXXXX"
        var template = Array(folder.utf8CString)
        guard let made = mkdtemp(&template) else {
            result.stderr = "sandbox: cannot create a temporary folder: \(String(cString: strerror(errno)))"
            return result
        }
        let directory = String(cString: made)
        result.workDirectory = directory
        result = execute(program, in: directory, completionMarker: completionMarker, result: result)
        // After the run, not in a `defer`: a deferred change to `result` would miss the value returned.
        do throws(TreeRemover.Failure) { try TreeRemover.remove(directory) } catch {
            result.cleanupError = error.description
            FileHandle.standardError.write(Data("warning: sandbox: \(error)\n".utf8))
        }
        return result
    }

    /// Writes the program into `directory` and runs it there (or in the private /tmp).
    private func execute(_ program: String, in directory: String, completionMarker: String?, result: SandboxResult) -> SandboxResult {
        var result = result
        let script = directory + "/program.py"
        guard FileManager.default.createFile(atPath: script, contents: Data(program.utf8)) else {
            result.stderr = "sandbox: cannot write the program"
            return result
        }
        let user = geteuid() == 0 ? SandboxUser.next() : nil
        if let user {
            chown(directory, user, user)
            chown(script, user, user)
        }
        let namespace = isolateNetwork ? SandboxNamespace.probed : nil
        let privateFiles = namespace?.privateFilesystem == true
        var command = limitArguments() + (namespace?.arguments ?? [])
        command += ["/bin/sh", "-c", privateFiles ? SandboxNamespace.setup(diskBytes: limits.diskBytes) : "cd \"$0\" || exit 125; \"$@\"; exit $?", directory]
        if let user, let setpriv = Sandbox.executable(named: "setpriv") {
            command += [setpriv, "--reuid=\(user)", "--regid=\(user)", "--clear-groups", "--no-new-privs", "--"]
            result.privilegesDropped = true
        }
        command += [python, "-I", "-B", privateFiles ? "/tmp/program.py" : script]
        // -I ignores PYTHON* variables and the user site; -B writes no bytecode.
        let home = privateFiles ? "/tmp" : directory
        // ASSAY_SANDBOX names the run's folder, so its processes can be told apart in /proc.
        let environment = ["PATH=/usr/bin:/bin", "HOME=\(home)", "TMPDIR=\(home)", "LANG=C.UTF-8", "ASSAY_SANDBOX=\(directory)"]
        do {
            let run = try ChildProcess.run(command, environment: environment, timeout: limits.wallSeconds, outputCap: limits.outputBytes)
            result.networkIsolated = namespace != nil
            result.filesystemIsolated = privateFiles
            result.exitStatus = run.exitStatus
            result.signal = run.signal
            result.stdout = String(decoding: run.stdout, as: UTF8.self)
            result.stderr = String(decoding: run.stderr, as: UTF8.self)
            result.outputTruncated = run.truncated
            result.seconds = run.seconds
            result.outcome = classify(run, stderr: result.stderr)
            if let marker = completionMarker { result.applyCompletionMarker(marker, tail: run.stdoutTail) }
        } catch {
            result.stderr = "sandbox: \(error)"
        }
        return result
    }

    /// The resource limits as a `prlimit` prefix, or a `/bin/sh` ulimit prefix without it.
    private func limitArguments() -> [String] {
        if let prlimit = Sandbox.executable(named: "prlimit") {
            return [prlimit, "--as=\(limits.memoryBytes)", "--cpu=\(limits.cpuSeconds):\(limits.cpuSeconds + 1)",
                    "--nproc=\(limits.maxProcesses)", "--core=0", "--"]
        }
        let ulimits = "ulimit -v \(limits.memoryBytes / 1024); ulimit -t \(limits.cpuSeconds); ulimit -u \(limits.maxProcesses); ulimit -c 0"
        return ["/bin/sh", "-c", "\(ulimits); exec \"$@\"", "sh"]
    }

    /// The shell reports a child killed by signal n as status 128 + n.
    private func classify(_ run: ChildProcess.Outcome, stderr: String) -> SandboxResult.Outcome {
        if run.timedOut { return .timeout }
        if stderr.contains(SandboxNamespace.setupFailure) { return .error }
        let signal = run.signal ?? run.exitStatus.flatMap { $0 > 128 ? $0 - 128 : nil }
        if signal == SIGXCPU { return .timeout }
        if stderr.contains("MemoryError") { return .memory }
        if run.exitStatus == 0 { return .passed }
        return .failed
    }

    /// The absolute path of an executable found in the usual system folders or PATH.
    static func executable(named name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let folders = ["/usr/bin", "/bin", "/usr/sbin", "/sbin"] + path.split(separator: ":").map(String.init)
        return folders.map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}

/// Hands out a fresh user id per sandboxed run (when Assay runs as root), so the process-count
/// limit of one run is not shared with another running at the same time.
enum SandboxUser {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var counter: UInt32 = 0
    /// Far above the ids of real users and of the usual subordinate-id ranges.
    static let base: UInt32 = 1_700_000_000

    static func next() -> UInt32 {
        lock.lock()
        defer { lock.unlock() }
        counter = (counter + 1) % 10_000
        return base + UInt32(getpid() % 10_000) * 10_000 + counter
    }
}
