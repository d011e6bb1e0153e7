import Foundation

/// The human-readable report of an evaluation (`report.html`, `report.md`): the run, the
/// summary table, per-subset bars with intervals, original vs twin, and a sample of
/// predictions. All benchmark and model text goes through `ReportDocument`, which escapes it.
public enum EvalReport {
    /// How many predictions the report shows.
    public static let sampleSize = 12

    public static func document(summary: EvalSummary, records: [PredictionRecord]) -> ReportDocument {
        let manifest = summary.manifest, run = manifest.settings
        var sections = [ReportDocument.Section("Run", [.keyValues([
            .init("model", manifest.modelLine), .init("benchmark", run.benchmark), .init("format", run.format),
            .init("mode", run.mode), .init("shots", "\(run.shots) (\(run.fewshotSource))"),
            .init("chain of thought", run.chainOfThought ? "yes" : "no"), .init("chat", run.chat ? "yes" : "no"),
            .init("seed", "\(manifest.seed)"), .init("assay", manifest.assayVersion),
            .init("date", manifest.date),
        ])])]
        let splits = [("original", summary.original), ("twin", summary.twin)].compactMap { name, split in split.map { (name, $0) } }
        var rows: [[String]] = []
        for (name, split) in splits {
            for (metric, value) in split.metrics.sorted(by: { $0.key < $1.key }) {
                rows.append([name, metric, "\(value.count)", f(value.weighted.value), f(value.macro), f(value.weighted.stderr),
                             "[\(f(value.weighted.ciLow)), \(f(value.weighted.ciHigh))]"])
            }
        }
        sections.append(.init("Summary", [.table(headers: ["split", "metric", "items", "weighted", "macro", "stderr", "95% CI"], rows: rows)]))
        for (name, split) in splits {
            let metric = split.primaryMetric
            let bars = split.subsets.sorted(by: { $0.key < $1.key }).compactMap { subset, summary in
                summary.metrics[metric].map { ReportDocument.Bar(subset.isEmpty ? "(none)" : subset, $0.value, low: $0.ciLow, high: $0.ciHigh) }
            }
            sections.append(.init("Per subset (\(name))", [.bars(title: "\(metric) per subset", xLabel: metric, bars: bars)]))
        }
        if let gap = summary.gap {
            let difference = gap.difference
            let clear = difference.ciLow > 0 || difference.ciHigh < 0
            sections.append(.init("Original vs twin", [
                .callout("\(gap.metric): original \(f(gap.original)), twin \(f(gap.twin)), gap \(f(difference.value)) "
                         + "(95% CI [\(f(difference.ciLow)), \(f(difference.ciHigh))], \(gap.paired ? "paired" : "unpaired"))",
                         tone: clear ? .warning : .neutral),
                .bars(title: "\(gap.metric): original vs twin", xLabel: gap.metric,
                      bars: splits.compactMap { name, split in
                          split.metrics[gap.metric].map { ReportDocument.Bar(name, $0.weighted.value, low: $0.weighted.ciLow, high: $0.weighted.ciHigh) }
                      }),
            ]))
        }
        if let skipped = summary.skipped {
            sections.append(.init("Not evaluated", [
                .callout("\(skipped.count) item(s) were recorded but not evaluated, and are left out of every figure above.", tone: .warning),
                .table(headers: ["id", "split", "reason"], rows: skipped.map { [$0.id, $0.split.rawValue, $0.reason] }),
            ]))
        }
        let sample = Array(records.prefix(sampleSize))
        var blocks: [ReportDocument.Block] = [.table(
            headers: ["id", "split", "subset", "prediction", "answer", "correct"],
            rows: sample.map { [$0.id, $0.split.rawValue, $0.subset, $0.prediction ?? "–", $0.answer, $0.correct.map { $0 ? "yes" : "no" } ?? "–"] })]
        if let first = sample.first {
            blocks.append(.paragraph("The prompt of \(first.id):"))
            blocks.append(.preformatted(first.prompt))
            if let output = first.output {
                blocks.append(.paragraph("Its output:"))
                blocks.append(.preformatted(output))
            }
        }
        sections.append(.init("Sample of predictions", blocks))
        return ReportDocument(title: "Assay evaluation", subtitle: "\(run.benchmark) on \(manifest.model.displayName)", sections: sections)
    }

    private static func f(_ value: Double) -> String { ReportDocument.format(value) }
}
