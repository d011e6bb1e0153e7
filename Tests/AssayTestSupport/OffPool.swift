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
