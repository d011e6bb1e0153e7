import Foundation

/// Runs blocking work (waiting for a child process, reading its pipes, polling a socket) on a
/// thread of its own and awaits its result. Swift's cooperative pool has one thread per core:
/// a test that blocked one while a child ran for minutes would leave the other tests (and the
/// fake servers and timers they rely on) without a thread, and time-sensitive tests would fail
/// on a busy machine for no fault of the code.
public func offPool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}

extension Process {
    /// Waits off the cooperative pool for the process to end; its exit status.
    public func exitStatus() async throws -> Int32 {
        try await offPool {
            self.waitUntilExit()
            return self.terminationStatus
        }
    }
}

extension Process {
    /// Sends Ctrl-C (SIGINT) once `ready()` holds (or the process ended, or `timeout` passed),
    /// polling every 20 ms on a thread of its own: the cooperative pool may be busy with other
    /// tests for seconds, long enough for the run to finish before the signal is sent.
    public func interrupt(when ready: @escaping @Sendable () -> Bool, timeout: TimeInterval = 300) async throws {
        try await offPool {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline, self.isRunning, !ready() { usleep(20_000) }
            self.interrupt()
        }
    }
}
