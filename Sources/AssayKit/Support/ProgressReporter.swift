import Foundation

/// Reports the progress of long work on standard error: a line every few seconds (or a
/// rewritten line on a terminal) with counts and rate, and a final line with the total.
public final class ProgressReporter: @unchecked Sendable {
    private let label: String
    private let total: Int?
    private let unit: String
    private let enabled: Bool
    private let interval: Double
    private let lock = NSLock()
    private let start = Date()
    private var lastReport = Date.distantPast
    private var done = 0
    private var extra = 0
    private var lastEmitted = -1
    private let isTerminal = isatty(2) != 0

    /// - Parameters:
    ///   - label: what is being done ("scoring").
    ///   - total: the expected count, when known.
    ///   - unit: the name of the counted things ("items").
    ///   - enabled: false silences it (`--quiet`).
    public init(label: String, total: Int? = nil, unit: String = "items", enabled: Bool = true,
                interval: Double = 2) {
        self.label = label
        self.total = total
        self.unit = unit
        self.enabled = enabled
        self.interval = interval
    }

    /// Adds `count` finished units, and optionally a secondary count (e.g. tokens).
    public func advance(by count: Int = 1, tokens: Int = 0) {
        lock.lock()
        done += count
        extra += tokens
        let now = Date()
        // Nothing done yet (a resume that found nothing cached) is not worth a line.
        let due = done > 0 && now.timeIntervalSince(lastReport) >= (isTerminal ? 0.25 : interval)
        if due { lastReport = now; lastEmitted = done }
        let snapshot = (done, extra)
        lock.unlock()
        if due && enabled { emit(done: snapshot.0, tokens: snapshot.1, final: false) }
    }

    /// Prints the final line.
    public func finish() {
        lock.lock()
        let snapshot = (done, extra)
        let repeated = lastEmitted == done && !isTerminal
        lock.unlock()
        if enabled && !repeated { emit(done: snapshot.0, tokens: snapshot.1, final: true) }
    }

    private func emit(done: Int, tokens: Int, final: Bool) {
        let elapsed = max(Date().timeIntervalSince(start), 1e-9)
        var line = "\(label): \(done)"
        if let total { line += "/\(total)" }
        line += " \(unit)"
        line += String(format: ", %.1f %@/s", Double(done) / elapsed, unit)
        if tokens > 0 { line += String(format: ", %.0f tokens/s", Double(tokens) / elapsed) }
        line += String(format: ", %.1fs", elapsed)
        let text: String
        if isTerminal { text = "\r\u{1B}[K" + line + (final ? "\n" : "") } else { text = line + "\n" }
        FileHandle.standardError.write(Data(text.utf8))
    }
}
