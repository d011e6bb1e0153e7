import Foundation
import Synchronization
import Testing

/// Ctrl-C in the middle of an `assay overlap` scan: the corpus is a FIFO this test keeps
/// feeding, so the scan can only end by the interrupt. It must stop within a couple of chunks,
/// write both outputs for the part it scanned, say so, and exit 130.
@Suite struct OverlapInterruptTests {
    static let line = #"{"text": "the quick brown fox jumps over the lazy dog near the river bank at dawn"}"# + "\n"
    static let cap: Int64 = 1 << 30
    static let beforeInterrupt: Int64 = 40 << 20

    @Test func ctrlCWritesWhatWasScannedAndExits130() async throws {
        let folder = NSTemporaryDirectory() + "assay-overlap-int-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let fifo = folder + "/corpus.jsonl"
        #expect(mkfifo(fifo, 0o600) == 0)
        let benchmark = folder + "/items.jsonl"
        try """
        {"id": "fox", "benchmark": "t", "question": "The quick brown fox jumps over the lazy dog near the river bank at dawn", "answer": "yes"}
        {"id": "other", "benchmark": "t", "question": "Seven purple engines hum beneath a frozen lake in winter", "answer": "no"}
        """.write(toFile: benchmark, atomically: true, encoding: .utf8)

        signal(SIGPIPE, SIG_IGN)    // the writer learns of the reader's exit from EPIPE
        let written = Atomic<Int64>(0)
        let interrupting = Atomic<Bool>(false)
        let writer = Thread {
            let fd = open(fifo, O_WRONLY)
            guard fd >= 0 else { return }
            defer { close(fd) }
            let block = Data(String(repeating: Self.line, count: 1 << 14).utf8)
            // After the first 40 MB the writer waits until the interrupt is sent, and 2 s more:
            // however slow the machine, the scan cannot run far ahead of the signal.
            var resumed = false
            while written.load(ordering: .relaxed) < Self.cap {
                if !resumed && written.load(ordering: .relaxed) > Self.beforeInterrupt {
                    while !interrupting.load(ordering: .relaxed) { usleep(1000) }
                    usleep(2_000_000)
                    resumed = true
                }
                let sent = block.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
                if sent <= 0 { return }
                written.add(Int64(sent), ordering: .relaxed)
            }
        }
        writer.start()
        defer {    // on every path: a writer still waiting in open() gets EPIPE and ends
            let unblock = open(fifo, O_RDONLY | O_NONBLOCK)
            if unblock >= 0 { close(unblock) }
        }
        let out = folder + "/out"
        let run = try await AssayBinary.interrupt(["overlap", "--benchmark", benchmark, "--corpus", fifo, "--field", "text",
                                                   "--n", "8", "--out", out]) {
            let ready = written.load(ordering: .relaxed) > Self.beforeInterrupt
            if ready { interrupting.store(true, ordering: .relaxed) }
            return ready
        }
        #expect(run.status == 130, "\(run.stderr)")
        #expect(run.stderr.contains("interrupted (Ctrl-C)"))
        let summary = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: out + "/overlap-summary.json"))) as? [String: Any]
        let statistics = try #require(summary?["statistics"] as? [String: Any])
        #expect(statistics["interrupted"] as? Bool == true)
        let bytes = try #require(statistics["bytes"] as? Int64)
        #expect(bytes > 0 && bytes < 200 << 20, "the scan went on for \(bytes) bytes after Ctrl-C")
        #expect(written.load(ordering: .relaxed) < Self.cap, "the corpus ran out before the interrupt stopped the scan")
        let lines = try String(contentsOfFile: out + "/overlap.jsonl", encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        let fox = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        #expect(fox["id"] as? String == "fox" && (fox["matched"] as? Int ?? 0) > 0)
    }
}
