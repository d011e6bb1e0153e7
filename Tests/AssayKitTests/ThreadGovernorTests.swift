import Testing
@testable import AssayKit

/// Reading `/proc` and choosing llama.cpp's thread count from the load other processes make.
struct ThreadGovernorTests {
    @Test func cpuListsAreParsed() {
        #expect(CPULoad.parseCPUList("0-1") == [0, 1])
        #expect(CPULoad.parseCPUList("0-3,8,10-11") == [0, 1, 2, 3, 8, 10, 11])
        #expect(CPULoad.parseCPUList("5") == [5])
        #expect(CPULoad.parseCPUList("") == nil)
        #expect(CPULoad.parseCPUList("3-1") == nil)
        #expect(CPULoad.parseCPUList("a-b") == nil)
    }

    @Test func busyTicksCountOnlyTheAllowedCPUsAndNotIdleTime() {
        let stat = """
            cpu  900 0 900 9000 90 0 0 0 0 0
            cpu0 100 2 30 5000 40 5 6 7 0 0
            cpu1 200 0 50 4000 50 1 1 1 0 0
            intr 12345
            procs_running 3
            """
        #expect(CPULoad.busyTicks(stat: stat, cpus: [0]) == 100 + 2 + 30 + 5 + 6 + 7)
        #expect(CPULoad.busyTicks(stat: stat, cpus: [0, 1]) == 150 + 253)
        #expect(CPULoad.busyTicks(stat: stat, cpus: [7]) == nil)
    }

    @Test func ownTicksSurviveACommandNameWithSpacesAndParentheses() {
        let line = "4242 (assay (x) y) R 1 4242 1 0 -1 4194304 100 0 0 0 250 75 0 0 20 0 3 0 47392 3133440 382"
        #expect(CPULoad.ownTicks(stat: line) == 325)
        #expect(CPULoad.ownTicks(stat: "garbage") == nil)
    }

    @Test func othersLoadIsBusyTimeMinusOurOwn() {
        let earlier = CPULoad(busyTicks: 1000, ownTicks: 100, uptimeNanoseconds: 0)
        // One second later: 150 ticks busy (1.5 cores at 100 ticks/s), 50 of them ours.
        let later = CPULoad(busyTicks: 1000 + UInt64(1.5 * CPULoad.ticksPerSecond), ownTicks: 100 + UInt64(0.5 * CPULoad.ticksPerSecond),
                            uptimeNanoseconds: 1_000_000_000)
        #expect(abs(later.othersLoad(since: earlier) - 1.0) < 1e-9)
        // Our own time counted a tick more than the CPUs' (sampling skew): never negative.
        let skewed = CPULoad(busyTicks: 1000, ownTicks: 101, uptimeNanoseconds: 1_000_000_000)
        #expect(skewed.othersLoad(since: earlier) == 0)
    }

    @Test(arguments: [(0.0, 2), (0.3, 2), (0.6, 1), (1.0, 1), (2.0, 1), (5.0, 1)])
    func twoCoresLeaveWhatOthersDoNotUse(load: Double, threads: Int) {
        #expect(ThreadGovernor.threads(cores: 2, maximum: 2, othersLoad: load) == threads)
    }

    @Test func theMaximumCapsTheChoice() {
        #expect(ThreadGovernor.threads(cores: 16, maximum: 4, othersLoad: 0) == 4)
        #expect(ThreadGovernor.threads(cores: 16, maximum: 16, othersLoad: 5.2) == 11)
        #expect(ThreadGovernor.threads(cores: 1, maximum: 1, othersLoad: 0) == 1)
    }

    @Test func aFixedCountNeverChanges() {
        let governor = ThreadGovernor(maximum: 2, adaptive: false)
        #expect(governor.update() == nil && governor.current == 2)
    }

    @Test func thisMachineCanBeSampled() throws {
        let cpus = try #require(CPULoad.allowedCPUs)
        #expect(!cpus.isEmpty)
        let sample = try #require(CPULoad.sample())
        #expect(sample.busyTicks > 0)
    }
}
