import Testing
@testable import AssayKit

@Suite struct ScoringPlanTests {
    func tokens(_ n: Int, from start: Int32 = 100) -> [Int32] { (0..<n).map { start + Int32($0) } }

    @Test func slidingWindowsScoreEveryTokenOnceWithEnoughContext() throws {
        let plan = ScoringPlan(window: 16, packCells: 64, maxSequences: 4)
        let text = tokens(57)
        let jobs = try plan.jobs(for: [ScoringPlan.Request(prefix: [1], scored: text)])
        let full = [1] + text
        var covered: [Int] = []
        for (i, job) in jobs.enumerated() {
            #expect(job.branches.count == 1)
            let branch = job.branches[0]
            #expect(job.cells <= 16)
            if i > 0 { #expect(job.prefix.count >= 16 - plan.stride) }
            // The window is a contiguous slice of the full sequence.
            let start = branch.offset + 1 - job.prefix.count
            #expect(Array(full[start..<(start + job.cells)]) == job.prefix + branch.tokens)
            covered.append(contentsOf: branch.offset..<(branch.offset + branch.tokens.count))
        }
        #expect(covered == Array(0..<57))
    }

    @Test func sameContextSharesOneJobUpToTheSequenceLimit() throws {
        let plan = ScoringPlan(window: 64, packCells: 64, maxSequences: 3)
        let requests = (0..<5).map { ScoringPlan.Request(prefix: [1, 7, 8], scored: tokens(2, from: Int32(10 * $0)), shareKey: "q") }
        let jobs = try plan.jobs(for: requests)
        #expect(jobs.map { $0.branches.count } == [3, 2])
        #expect(jobs.flatMap { $0.branches.map(\.request) } == [0, 1, 2, 3, 4])
    }

    @Test func differentContextsDoNotShare() throws {
        let plan = ScoringPlan(window: 64, packCells: 64, maxSequences: 8)
        let jobs = try plan.jobs(for: [
            ScoringPlan.Request(prefix: [1, 7], scored: [3], shareKey: "a"),
            ScoringPlan.Request(prefix: [1, 8], scored: [3], shareKey: "b"),
        ])
        #expect(jobs.count == 2)
    }

    @Test func packsRespectCellsAndSequences() throws {
        let plan = ScoringPlan(window: 32, packCells: 20, maxSequences: 3)
        let requests = [5, 6, 7, 3, 30, 2, 2, 2, 2].map { ScoringPlan.Request(prefix: [1], scored: tokens($0 - 1)) }
        let packs = try plan.plan(requests)
        for pack in packs {
            #expect(pack.sequences <= 3)
            let longest = pack.jobs.map(\.longestSequence).max()!
            #expect(pack.sequences * longest <= 20 || pack.jobs.count == 1, "padded size within the budget")
        }
        #expect(packs.flatMap { $0.jobs.flatMap { $0.branches.map(\.request) } }.sorted() == Array(0..<9))
        // Sorted by length: similar lengths are packed together.
        let lengths = packs.flatMap { $0.jobs.map(\.longestSequence) }
        #expect(lengths == lengths.sorted())
    }

    @Test func pairLongerThanWindowIsRejected() {
        let plan = ScoringPlan(window: 8, packCells: 8, maxSequences: 2)
        #expect(throws: ModelError.contextTooSmall(item: 0, needed: 10, available: 8)) {
            try plan.jobs(for: [ScoringPlan.Request(prefix: [1, 2, 3, 4, 5, 6], scored: [7, 8, 9, 10], shareKey: "c")])
        }
    }

    @Test func emptyScoredPartIsRejected() {
        let plan = ScoringPlan(window: 8, packCells: 8, maxSequences: 2)
        #expect(throws: ModelError.self) { try plan.jobs(for: [ScoringPlan.Request(prefix: [1], scored: [])]) }
    }
}
