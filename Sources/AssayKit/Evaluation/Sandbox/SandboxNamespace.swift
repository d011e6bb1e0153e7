import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The Linux namespaces a sandboxed program runs in, as this machine allows them (probed once):
/// an empty network namespace and a PID namespace of its own, and, when a mount namespace
/// works too, a fresh `/proc` (only the sandbox's processes) and private tmpfs mounts on `/tmp`,
/// `/var/tmp`, `/run` and `/dev/shm`, so the program can neither reach the host's Unix sockets
/// there (network namespaces do not cover them) nor leave files behind.
struct SandboxNamespace: Sendable {
    /// `unshare` and its options, ending with `--`.
    var arguments: [String]
    /// True when the mount namespace with the private folders and `/proc` works.
    var privateFilesystem: Bool

    /// What works here, or nil when `unshare` is missing or refused.
    static let probed: SandboxNamespace? = {
        guard let unshare = Sandbox.executable(named: "unshare") else { return nil }
        let user = geteuid() == 0 ? [] : ["--user", "--map-root-user"]
        let network = user + ["--net", "--pid", "--fork", "--kill-child"]
        let full = SandboxNamespace(arguments: [unshare] + network + ["--mount", "--mount-proc", "--"], privateFilesystem: true)
        if works(full.arguments + ["/bin/sh", "-c", "mount -t tmpfs -o size=1m tmpfs /tmp && [ -r /proc/self/stat ]"]) { return full }
        let networkOnly = SandboxNamespace(arguments: [unshare] + network + ["--"], privateFilesystem: false)
        return works(networkOnly.arguments + ["/bin/sh", "-c", "exit 0"]) ? networkOnly : nil
    }()

    private static func works(_ command: [String]) -> Bool {
        let probe = try? ChildProcess.run(command, environment: ["PATH=/usr/bin:/bin"], timeout: 5, outputCap: 1024)
        return probe?.exitStatus == 0
    }

    /// Printed on stderr when the private folders cannot be set up: the run is a sandbox
    /// error, not a failed program.
    static let setupFailure = "assay-sandbox: setup failed"

    /// The shell script (run as `sh -c SCRIPT DIR COMMAND...`, as root inside the namespaces)
    /// that mounts the private folders, copies DIR/program.py to the private /tmp and runs
    /// COMMAND there. It enters DIR first: the folder stays reachable as the working directory
    /// once /tmp is covered.
    static func setup(diskBytes: Int) -> String {
        let fail = "{ echo '\(setupFailure)' >&2; exit 125; }"
        return """
            cd "$0" || \(fail)
            for m in /tmp /var/tmp /run /dev/shm; do
              [ -d "$m" ] || continue
              size=1m; [ "$m" = /tmp ] && size=\(max(1, diskBytes / 1024))k
              mount -t tmpfs -o "size=$size,mode=1777,nosuid,nodev" tmpfs "$m" || \(fail)
            done
            cp program.py /tmp/program.py && cd /tmp || \(fail)
            "$@"; exit $?
            """
    }
}
