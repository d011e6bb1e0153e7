import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Synchronization

/// Ctrl-C (SIGINT) and SIGTERM as a flag that long work polls, so a run can stop sending,
/// write what finished and exit 130 instead of dying mid-file.
///
/// After `install()`, the first signal sets the flag; a second one ends the process at once
/// with the default action (a user pressing Ctrl-C twice means it).
public enum InterruptSignal {
    private static let raised = Atomic<Int>(0)

    /// Catches SIGINT and SIGTERM from now on.
    public static func install() {
        for number in [SIGINT, SIGTERM] {
            signal(number) { number in
                if InterruptSignal.raised.add(1, ordering: .sequentiallyConsistent).newValue > 1 {
                    signal(number, SIG_DFL)
                    raise(number)
                }
            }
        }
    }

    /// A signal arrived.
    public static var isRaised: Bool { raised.load(ordering: .sequentiallyConsistent) > 0 }

    /// The exit status of a process stopped by Ctrl-C.
    public static let exitStatus: Int32 = 130
}
