import AssayKit
import AssayTestSupport
import Foundation
import Testing

/// The audit's positive control (`InContextModel`, `AuditRun.positiveControl`) on the fake model;
/// AuditProbeTests runs it on the real one.
@Suite struct PositiveControlTests {
    /// Only the controlled texts get a context, their own text and a blank line; a request that
    /// already has a context (an evaluation's) is left alone.
    @Test func controlledTextsAreScoredAfterThemselves() async throws {
        let fake = FakeModel()
        let model = InContextModel(model: fake, seen: ["alpha beta"])
        _ = try await model.score([ScoreRequest(text: "alpha beta"), ScoreRequest(text: "gamma"),
                                   ScoreRequest(text: "alpha beta", context: "Q: ")], progress: nil)
        #expect(fake.seen.withLock { $0 } == ["alpha beta\n\n|alpha beta", "|gamma", "Q: |alpha beta"])
    }

    /// 12 items and 30 twins (word problems with other names and numbers), canonical JSONL.
    static func files() throws -> (items: String, twins: String, output: String, ids: [String]) {
        let names = ["Ana", "Ben", "Cleo", "Dev", "Eli", "Fay", "Gus", "Hana", "Ivo", "Jun", "Kai", "Lea", "Mo", "Nia"]
        let goods = ["apples", "pears", "plums", "figs", "limes", "dates"]
        func item(_ index: Int, _ prefix: String) -> BenchmarkItem {
            let name = names[index % names.count], a = 3 + index % 7, b = 2 * index + 5
            return BenchmarkItem(id: "\(prefix)/\(index)", question: "\(name) buys \(a) \(goods[index % 6]) and then \(b) "
                                 + "\(goods[(index + 1) % 6]) at the market. How many does \(name) carry home?", answer: "\(a + b)")
        }
        let items = (0..<12).map { item($0, "item") }
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("assay-control-\(UUID().uuidString)").path
        return (try CapabilityTests.file("items.jsonl", items), try CapabilityTests.file("twins.jsonl", (12..<42).map { item($0, "twin") }),
                output, items.map(\.id))
    }

    /// The audit wraps its model, records the control in the manifest, and flags the controlled
    /// items: the fake model finds a text its context contains likely (every token the same
    /// log-probability, so the other texts differ only in length and compressibility).
    @Test func theAuditRecordsAndFlagsTheControl() async throws {
        let fake = FakeModel(logProb: { context, text in Double(text.unicodeScalars.count) * (context.contains(text) ? -0.05 : -3) })
        let files = try Self.files()
        let items = try BenchmarkReader.readAll(files.items)
        let control = try CapabilityTests.file("control.jsonl", Array(items.prefix(4)))
        var audit = AuditRun(benchmark: files.items, outputFolder: files.output)
        audit.twins = files.twins
        audit.positiveControl = control
        let summary = try await audit.run(store: SignalStore(model: fake))
        #expect(summary.manifest.settings.positiveControl == control)
        #expect(summary.positiveControlNote?.contains(control) == true)
        let flagged = Set(try String(contentsOfFile: files.output + "/items.jsonl", encoding: .utf8)
            .split(separator: "\n").map { try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any] }
            .filter { $0["flagged"] as? Bool == true }.compactMap { $0["id"] as? String })
        let controlled = Set(files.ids.prefix(4))
        #expect(controlled.isSubset(of: flagged), "\(flagged)")
        #expect(flagged.subtracting(controlled).count <= 1, "\(flagged)")
    }

    /// A control file whose items are not in the benchmark would control nothing: an error
    /// naming both files, before any scoring.
    @Test func aControlOutsideTheBenchmarkIsAnError() async throws {
        let fake = FakeModel()
        let files = try Self.files()
        let stranger = BenchmarkItem(id: "x/1", question: "What is the capital of nowhere?", answer: "none")
        var audit = AuditRun(benchmark: files.items, outputFolder: files.output)
        audit.twins = files.twins
        audit.positiveControl = try CapabilityTests.file("control.jsonl", [stranger])
        await #expect(throws: AuditError.self) { try await audit.run(store: SignalStore(model: fake)) }
        #expect(fake.seen.withLock { $0 }.isEmpty)
        let message = "\(AuditError.controlOutsideBenchmark(control: "c.jsonl", benchmark: "b.jsonl"))"
        #expect(message.hasPrefix("c.jsonl: none of its items is an item of b.jsonl"))
    }

    /// `--resume` never mixes signals scored with and without the control: the folder keeps the
    /// control's digest, and resuming with another setting is an error until a fresh run.
    @Test func resumeKeepsToTheControlItWasScoredWith() async throws {
        let fake = FakeModel(logProb: { context, text in Double(text.unicodeScalars.count) * (context.contains(text) ? -0.05 : -3) })
        let files = try Self.files()
        let control = try CapabilityTests.file("control.jsonl", Array(try BenchmarkReader.readAll(files.items).prefix(4)))
        var audit = AuditRun(benchmark: files.items, outputFolder: files.output)
        audit.twins = files.twins
        audit.positiveControl = control
        _ = try await audit.run(store: SignalStore(model: fake))
        let mark = files.output + "/positive-control.txt"
        #expect(try String(contentsOfFile: mark, encoding: .utf8).hasPrefix(control + "\n"))
        audit.resume = true
        _ = try await audit.run(store: SignalStore(model: fake))   // same control: fine
        audit.positiveControl = nil
        await #expect(throws: AuditError.self) { try await audit.run(store: SignalStore(model: fake)) }
        audit.resume = false
        _ = try await audit.run(store: SignalStore(model: fake))   // a fresh run clears it
        #expect(!FileManager.default.fileExists(atPath: mark))
        audit.resume = true
        _ = try await audit.run(store: SignalStore(model: fake))
    }
}
