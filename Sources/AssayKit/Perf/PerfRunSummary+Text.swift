import Foundation

extension PerfRunSummary {
    /// The summary as the terminal shows it: one column per level, the seed's rows plus the
    /// percentiles users ask for first.
    public var text: String {
        let f = { (x: Double?) in ReportDocument.format(x, digits: 4) }
        let ms = { (x: Double?) in ReportDocument.format(x.map { $0 * 1000 }, digits: 4) }
        var rows: [(String, [String])] = [("Load", levels.map(PerfReport.loadName))]
        rows += [
            ("Wall time (s)", levels.map { f($0.wallTime) }),
            ("Expected / sent", levels.map { "\($0.expected) / \($0.sent)" }),
            ("Succeeded / failed", levels.map { "\($0.succeeded) / \($0.failed)" }),
            ("Requests/s", levels.map { f($0.requestThroughput) }),
            ("Output tokens/s", levels.map { f($0.outputThroughput) }),
            ("Total tokens/s", levels.map { f($0.totalThroughput) }),
            ("Latency mean / p99 (s)", levels.map { f($0.latency.mean) + " / " + f($0.latency["p99"]) }),
            ("TTFT mean / p99 (ms)", levels.map { ms($0.ttft.mean) + " / " + ms($0.ttft["p99"]) }),
            ("TPOT mean / p99 (ms)", levels.map { ms($0.tpot.mean) + " / " + ms($0.tpot["p99"]) }),
            ("ITL mean / p99 (ms)", levels.map { ms($0.itl.mean) + " / " + ms($0.itl["p99"]) }),
            ("Input / output tokens", levels.map { f($0.inputTokens.mean) + " / " + f($0.outputTokens.mean) }),
            ("Chunks per request", levels.map { f($0.chunksPerRequest) }),
            ("Time per chunk (ms)", levels.map { ms($0.timePerChunk) }),
        ]
        if levels.contains(where: { $0.goodput != nil }) {
            rows.append(("Goodput (req/s, share)", levels.map { $0.goodput.map { f($0.rate) + ", " + f($0.share) } ?? "–" }))
        }
        if levels.contains(where: { $0.serverCounters != nil }) {
            rows.append(("Server tokens agree", levels.map { $0.serverCounters.map { $0.generatedAgree ? "yes" : "no (\(f($0.serverGeneratedTokens)) vs \($0.clientCompletionTokens))" } ?? "–" }))
        }
        let labelWidth = rows.map(\.0.count).max() ?? 0
        let widths = levels.indices.map { k in rows.map { $0.1[k].count }.max() ?? 0 }
        var lines = rows.map { label, values in
            label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + "  "
                + zip(values, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
        }
        for level in levels where level.failed > 0 {
            for (kind, example) in level.failureExamples.sorted(by: { $0.key < $1.key }) {
                lines.append("\(PerfReport.loadName(level)): \(level.failures[kind] ?? 0) failed (\(kind)), e.g. \(example)")
            }
        }
        for level in levels {
            guard let cached = level.serverCounters?.serverCachedPromptTokens, cached > 0 else { continue }
            lines.append("\(PerfReport.loadName(level)): the server took \(f(cached)) prompt tokens from its prompt cache, so TTFT is lower "
                         + "than for new prompts; to measure cold prompts on llama-server send --extra-body '{\"cache_prompt\": false}'")
        }
        if interrupted { lines.append("Interrupted: the figures cover the requests that finished.") }
        return lines.joined(separator: "\n")
    }
}
