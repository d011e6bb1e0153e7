/// The human-readable report of a robustness run (`report.html`, `report.md`): the run, per
/// kind the accuracy before and after with PDR and consistency, CircularEval per gold
/// position, and the answers a perturbation broke. All benchmark and model text goes through
/// `ReportDocument`, which escapes it.
public enum RobustReport {
    /// How many broken answers the report lists.
    public static let sampleSize = 12

    public static func document(summary: RobustSummary, records: [RobustRecord]) -> ReportDocument {
        let manifest = summary.manifest, run = manifest.settings
        var sections = [ReportDocument.Section("Run", [.keyValues([
            .init("model", manifest.modelLine), .init("benchmark", run.benchmark),
            .init("format / mode", "\(run.format) / \(run.mode)"),
            .init("shots", "\(run.shots) (\(run.fewshotSource))"),
            .init("kinds", summary.kinds.map(\.kind).joined(separator: ", ")),
            .init("seed / resamples", "\(manifest.seed) / \(summary.resamples)"),
            .init("assay", manifest.assayVersion), .init("date", manifest.date),
        ])])]
        sections.append(perturbations(summary))
        if let circular = summary.circular { sections.append(circularSection(circular)) }
        sections.append(broken(records))
        return ReportDocument(title: "Assay robustness", subtitle: "\(run.benchmark) on \(manifest.model.displayName)",
                              sections: sections)
    }

    static func perturbations(_ summary: RobustSummary) -> ReportDocument.Section {
        var blocks: [ReportDocument.Block] = [.paragraph(
            "Each kind is measured on the items it could perturb, against the same items unperturbed. "
            + "PDR = 1 − acc_perturbed / acc_original (– when acc_original is 0); consistency is the share of items "
            + "whose correctness did not change. Intervals: paired bootstrap over items, 95%.")]
        if let accuracy = summary.original.accuracy {
            blocks.append(.callout("original accuracy \(f(accuracy.value)) \(ci(accuracy)) on \(summary.original.n) items",
                                   tone: .neutral))
        }
        blocks.append(.table(
            headers: ["kind", "items", "left out", "acc original", "acc perturbed", "PDR", "consistency", "→ wrong", "→ right"],
            rows: summary.kinds.map { kind in
                [kind.kind, "\(kind.n)", "\(kind.skipped + kind.ungraded)", cell(kind.accOriginal), cell(kind.accPerturbed),
                 cell(kind.pdr), cell(kind.consistency), "\(kind.flippedToWrong)", "\(kind.flippedToRight)"]
            }))
        blocks.append(.bars(title: "accuracy once perturbed (original first)", xLabel: "accuracy", bars: bars(
            [("original", summary.original.accuracy)] + summary.kinds.map { ($0.kind, $0.accPerturbed) })))
        blocks.append(.bars(title: "consistency per kind", xLabel: "share of items with unchanged correctness",
                            bars: bars(summary.kinds.map { ($0.kind, $0.consistency) })))
        return .init("Perturbations", blocks)
    }

    static func circularSection(_ circular: CircularSummary) -> ReportDocument.Section {
        let tone: ReportDocument.Tone = (circular.circularAccuracy?.value ?? 0) < (circular.originalAccuracy?.value ?? 0) ? .warning : .neutral
        return .init("CircularEval", [
            .paragraph("Every multiple-choice item asked under each cyclic rotation of its options, so its gold option "
                       + "stands once at every position. Circular accuracy counts an item only when every rotation is right."),
            .callout("circular accuracy \(cell(circular.circularAccuracy)) vs \(cell(circular.originalAccuracy)) with the "
                     + "options as given, on \(circular.n) items (\(circular.skipped) not rotated)", tone: tone),
            .keyValues([.init("mean accuracy over rotations", cell(circular.meanAccuracy)), .init("answers", "\(circular.answers)")]),
            .bars(title: "accuracy by gold position (Wilson 95%)", xLabel: "accuracy",
                  bars: circular.byGoldPosition.map { .init("gold at \($0.label)", $0.accuracy, low: $0.ciLow, high: $0.ciHigh) }),
        ])
    }

    /// Items right originally and wrong under some variant.
    static func broken(_ records: [RobustRecord]) -> ReportDocument.Section {
        var originals: [String: RobustRecord] = [:]
        for record in records where record.variant == RobustTask.originalVariant { originals[record.id] = record }
        let rows = records.lazy.filter { $0.variant != RobustTask.originalVariant && $0.correct == false }
            .compactMap { record in originals[record.id].flatMap { $0.correct == true ? ($0, record) : nil } }
            .prefix(sampleSize)
            .map { original, variant in
                [variant.itemId, original.answer, original.prediction ?? "–", variant.answer, variant.prediction ?? "–"]
            }
        guard !rows.isEmpty else { return .init("Broken answers", [.paragraph("No variant turned a right answer wrong.")]) }
        return .init("Broken answers", [.table(
            headers: ["variant", "gold", "answered", "gold (variant)", "answered (variant)"], rows: Array(rows))])
    }

    /// One line for the terminal: what was evaluated and the headline rates.
    public static func overview(_ outcome: RobustRunner.Outcome) -> String {
        let summary = outcome.summary
        var parts = ["evaluated \(outcome.evaluated) variants" + (outcome.resumed > 0 ? ", \(outcome.resumed) already done" : "")
                     + (summary.skipped.map { ", \($0) not evaluated (too long for the context; see results.jsonl)" } ?? "")]
        parts.append("original accuracy \(summary.original.accuracy.map { f($0.value) } ?? "–")")
        for kind in summary.kinds {
            parts.append("\(kind.kind): PDR \(kind.pdr.map { f($0.value) } ?? "–"), consistency \(kind.consistency.map { f($0.value) } ?? "–") (n=\(kind.n))")
        }
        if let circular = summary.circular {
            parts.append("circular accuracy \(circular.circularAccuracy.map { f($0.value) } ?? "–") (n=\(circular.n))")
        }
        return parts.joined(separator: "; ")
    }

    private static func bars(_ values: [(String, EvalSummary.Interval?)]) -> [ReportDocument.Bar] {
        values.compactMap { label, interval in interval.map { .init(label, $0.value, low: $0.ciLow, high: $0.ciHigh) } }
    }

    private static func cell(_ interval: EvalSummary.Interval?) -> String {
        interval.map { "\(f($0.value)) \(ci($0))" } ?? "–"
    }

    private static func ci(_ interval: EvalSummary.Interval) -> String { "[\(f(interval.ciLow)), \(f(interval.ciHigh))]" }

    private static func f(_ value: Double) -> String { ReportDocument.format(value, digits: 3) }
}
