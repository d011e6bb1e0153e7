import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Spawns a command in a process group of its own with `posix_spawn`, captures stdout and
/// stderr up to a cap (draining the rest so the child never blocks on a full pipe), and kills
/// the whole group with SIGKILL at the deadline and again once the leader has exited, so no
/// descendant that stayed in the group survives.
struct ChildProcess {
    /// Bytes of stdout's end kept beside the capped start.
    static let tailBytes = 256
    struct Outcome {
        var exitStatus: Int32?
        var signal: Int32?
        var timedOut = false
        var stdout = Data()
        var stderr = Data()
        /// The last `tailBytes` of stdout, kept even when stdout was cut at the cap.
        var stdoutTail = Data()
        var truncated = false
        var seconds = 0.0
    }

    enum SpawnError: Error, CustomStringConvertible {
        case pipe(Int32), spawn(Int32)
        var description: String {
            switch self {
            case .pipe(let e): return "cannot create a pipe: \(String(cString: strerror(e)))"
            case .spawn(let e): return "cannot start the process: \(String(cString: strerror(e)))"
            }
        }
    }

    /// Runs `arguments` (the first is an absolute path) with `environment`; blocks until the
    /// process group is gone or its output closed.
    static func run(_ arguments: [String], environment: [String], timeout: Double, outputCap: Int) throws -> Outcome {
        var outPipe: [Int32] = [0, 0], errPipe: [Int32] = [0, 0]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw SpawnError.pipe(errno) }
        // (pipe2 is not exported by Glibc's module map; a write end that leaks into a child
        // spawned meanwhile by another thread only delays the end of collect() by its grace.)
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, outPipe[1], 1)
        posix_spawn_file_actions_adddup2(&actions, errPipe[1], 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        posix_spawnattr_setpgroup(&attributes, 0)   // a new group led by the child: kill(-pid) reaches all
        var defaults = sigset_t(), empty = sigset_t()
        sigfillset(&defaults)
        sigemptyset(&empty)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        let start = Date()
        var pid: pid_t = 0
        let status = posix_spawn(&pid, arguments[0], &actions, &attributes, argv, envp)
        close(outPipe[1])
        close(errPipe[1])
        guard status == 0 else {
            close(outPipe[0])
            close(errPipe[0])
            throw SpawnError.spawn(status)
        }
        var outcome = collect(pid: pid, out: outPipe[0], err: errPipe[0], deadline: start.addingTimeInterval(timeout), cap: outputCap)
        outcome.seconds = Date().timeIntervalSince(start)
        return outcome
    }

    /// The poll loop: read both pipes, reap the leader, enforce the deadline.
    private static func collect(pid: pid_t, out: Int32, err: Int32, deadline: Date, cap: Int) -> Outcome {
        var outcome = Outcome()
        var fds = [pollfd(fd: out, events: Int16(POLLIN), revents: 0), pollfd(fd: err, events: Int16(POLLIN), revents: 0)]
        var reaped: Date?
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let open = fds.contains { $0.fd >= 0 }
            if reaped != nil && !open { break }
            // A descendant that left the group may hold a pipe open: stop waiting a second after the leader.
            if let reaped, Date().timeIntervalSince(reaped) > 1 { break }
            if open { _ = poll(&fds, nfds_t(fds.count), 50) } else { usleep(10_000) }
            for i in fds.indices where fds[i].fd >= 0 && fds[i].revents != 0 {
                let n = read(fds[i].fd, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    close(fds[i].fd)
                    fds[i].fd = -1
                    continue
                }
                if i == 0 {
                    outcome.stdoutTail.append(contentsOf: buffer[0..<n])
                    if outcome.stdoutTail.count > tailBytes { outcome.stdoutTail.removeFirst(outcome.stdoutTail.count - tailBytes) }
                }
                let room = max(0, cap - (i == 0 ? outcome.stdout.count : outcome.stderr.count))
                if n > room { outcome.truncated = true }
                let kept = buffer[0..<min(n, room)]
                if i == 0 { outcome.stdout.append(contentsOf: kept) } else { outcome.stderr.append(contentsOf: kept) }
            }
            if reaped == nil {
                var status: Int32 = 0
                if waitpid(pid, &status, WNOHANG) == pid {
                    reaped = Date()
                    let low = status & 0x7F
                    if low == 0 { outcome.exitStatus = (status >> 8) & 0xFF } else { outcome.signal = low }
                    kill(-pid, SIGKILL)   // stragglers left in the group
                } else if Date() >= deadline, !outcome.timedOut {
                    outcome.timedOut = true
                    kill(-pid, SIGKILL)
                }
            }
        }
        for fd in fds where fd.fd >= 0 { close(fd.fd) }
        return outcome
    }
}
