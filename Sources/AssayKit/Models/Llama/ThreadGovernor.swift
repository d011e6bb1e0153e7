import Foundation

/// Chooses llama.cpp's decoding threads as the machine's load changes.
///
/// llama.cpp (built with OpenMP) synchronizes its threads at every operation of the graph. On
/// a quiet machine every thread has a core and that costs nothing; on a busy one a thread
/// waits for a partner the scheduler has not run, and decoding collapses: with 2 threads on 2
/// cores beside 2 busy processes, SmolLM2 generated 3.4 tokens/s against 70 when quiet, while 1
/// thread kept 46 (`bench/threads`). `OMP_WAIT_POLICY=passive` only halves the collapse and
/// costs 3.5x on a quiet machine. So before a decode, at most every half second, the governor
/// measures the load other processes put on this process's CPUs (`CPULoad`) and uses the
/// cores they leave free, between 1 and the configured maximum. Thread counts do not change
/// results: ggml splits work by output rows, never along a sum.
///
/// Not thread-safe: the model calls it with its context lock held.
final class ThreadGovernor {
    /// The most threads to use (`--threads`, else the number of cores).
    let maximum: Int
    /// Whether the count follows the load (false when the user fixed `--threads`).
    let adaptive: Bool
    /// The threads the context is set to now.
    private(set) var current: Int
    private var last: CPULoad?
    private var looked = false
    private let cores: Int
    /// Seconds between two looks at the load.
    static let interval = 0.5

    init(maximum: Int, adaptive: Bool) {
        self.maximum = max(1, maximum)
        self.adaptive = adaptive
        self.cores = CPULoad.allowedCPUs?.count ?? ProcessInfo.processInfo.activeProcessorCount
        self.current = self.maximum
        if adaptive { last = CPULoad.sample() }
    }

    /// The thread count to switch to before the next decode, or nil to keep the current one.
    func update() -> Int? {
        guard adaptive, let earlier = last else { return nil }
        let now = DispatchTime.now().uptimeNanoseconds
        // The first look comes sooner: a busy machine should not get a half second of collapse.
        let wait = looked ? Self.interval : Self.interval / 5
        guard Double(now &- earlier.uptimeNanoseconds) / 1e9 >= wait, let sample = CPULoad.sample() else { return nil }
        last = sample
        looked = true
        let chosen = Self.threads(cores: cores, maximum: maximum, othersLoad: sample.othersLoad(since: earlier))
        guard chosen != current else { return nil }
        current = chosen
        return chosen
    }

    /// The cores other processes leave free (their load rounded to whole cores), between 1 and
    /// `maximum`.
    static func threads(cores: Int, maximum: Int, othersLoad: Double) -> Int {
        let busy = Int(othersLoad.rounded(.toNearestOrAwayFromZero))
        return min(maximum, max(1, cores - busy))
    }
}
