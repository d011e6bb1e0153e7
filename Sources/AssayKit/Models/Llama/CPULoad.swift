import Foundation

/// How busy the CPUs this process may run on are, from Linux's `/proc`: the busy time of each
/// allowed CPU (`/proc/stat`) and this process's own CPU time (`/proc/self/stat`), both in clock
/// ticks. Between two samples, busy time minus our own is the load other processes put on our
/// CPUs, in cores. Works in a container limited by a cpuset (only its CPUs are counted); where
/// `/proc` is missing (macOS), there is no sample and nothing adapts.
struct CPULoad: Sendable, Equatable {
    /// Busy ticks (user, nice, system, irq, softirq, steal) summed over the allowed CPUs.
    var busyTicks: UInt64
    /// This process's user + system ticks.
    var ownTicks: UInt64
    /// Monotonic time of the sample, in nanoseconds.
    var uptimeNanoseconds: UInt64

    /// Clock ticks per second of `/proc` (USER_HZ; 100 on every Linux architecture in use).
    static let ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)) > 0 ? sysconf(Int32(_SC_CLK_TCK)) : 100)

    /// The CPUs this process may run on (`Cpus_allowed_list` of `/proc/self/status`).
    static let allowedCPUs: Set<Int>? = {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
              let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
        else { return nil }
        return parseCPUList(line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces))
    }()

    /// A sample now, or nil where `/proc` cannot be read.
    static func sample() -> CPULoad? {
        guard let cpus = allowedCPUs,
              let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let own = try? String(contentsOfFile: "/proc/self/stat", encoding: .utf8),
              let busy = busyTicks(stat: stat, cpus: cpus), let ownTicks = ownTicks(stat: own)
        else { return nil }
        return CPULoad(busyTicks: busy, ownTicks: ownTicks, uptimeNanoseconds: DispatchTime.now().uptimeNanoseconds)
    }

    /// Cores' worth of work other processes did on our CPUs between `earlier` and this sample.
    func othersLoad(since earlier: CPULoad) -> Double {
        let seconds = Double(uptimeNanoseconds &- earlier.uptimeNanoseconds) / 1e9
        guard seconds > 0 else { return 0 }
        let busy = Double(busyTicks &- earlier.busyTicks), own = Double(ownTicks &- earlier.ownTicks)
        return max(0, (busy - own) / Self.ticksPerSecond / seconds)
    }

    /// "0-3,8,10-11" → {0, 1, 2, 3, 8, 10, 11}; nil when malformed.
    static func parseCPUList(_ text: String) -> Set<Int>? {
        var cpus = Set<Int>()
        for part in text.split(separator: ",") {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard let low = bounds.first ?? nil, let high = bounds.last ?? nil, bounds.count <= 2, low <= high else { return nil }
            cpus.formUnion(low...high)
        }
        return cpus.isEmpty ? nil : cpus
    }

    /// Busy ticks of the `cpuN` lines of `/proc/stat` whose N is in `cpus`.
    static func busyTicks(stat: String, cpus: Set<Int>) -> UInt64? {
        var total: UInt64 = 0, found = 0
        for line in stat.split(separator: "\n") where line.hasPrefix("cpu") {
            let fields = line.split(separator: " ")
            guard let cpu = Int(fields[0].dropFirst(3)), cpus.contains(cpu) else { continue }
            let ticks = fields.dropFirst().compactMap { UInt64($0) }
            guard ticks.count >= 8 else { return nil }
            // user nice system idle iowait irq softirq steal: all but idle and iowait.
            total += ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6] + ticks[7]
            found += 1
        }
        return found > 0 ? total : nil
    }

    /// utime + stime of a `/proc/PID/stat` line (fields 14 and 15, counted after the command
    /// name, which may hold spaces and parentheses).
    static func ownTicks(stat: String) -> UInt64? {
        guard let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        // After ")": state is field 3, so utime (14) and stime (15) are at offsets 11 and 12.
        guard fields.count > 12, let user = UInt64(fields[11]), let system = UInt64(fields[12]) else { return nil }
        return user + system
    }
}
