import Foundation

/// The page of a comparison (`report.html`, `comparison.md`): the leaderboard with intervals,
/// originals beside fresh twins and audit verdicts, charts, reorderings and mismatched settings,
/// then robustness, attacks, arena, perf, the models and the runs. Every number of
/// `comparison.json` appears on it, printed by `number`.
public enum ComparisonReport {
    /// How the leaderboard is laid out: a row per model (columns are benchmarks) or a row per benchmark.
    public enum Layout: String, Sendable, CaseIterable { case model, benchmark }

    /// How the page prints every figure.
    public static func number(_ value: Double?) -> String { ReportDocument.format(value, digits: 3) }

    /// "value [low, high]", or the value alone without an interval.
    static func estimate(_ e: Comparison.Estimate?) -> String {
        guard let e else { return "–" }
        guard e.ciLow != nil || e.ciHigh != nil else { return number(e.value) }
        return "\(number(e.value)) [\(number(e.ciLow)), \(number(e.ciHigh))]"
    }

    public static func document(_ c: Comparison, layout: Layout = .model) -> ReportDocument {
        let commands = Dictionary(grouping: c.runs, by: \.command).map { "\($0.value.count) \($0.key)" }.sorted()
        var sections = [leaderboard(c, layout: layout)]
        if !c.audits.isEmpty { sections.append(audits(c)) }
        if !c.robustness.isEmpty { sections.append(robustness(c)) }
        if !c.attacks.isEmpty { sections.append(attacks(c)) }
        sections += c.arenas.map(arena)
        if !c.perf.isEmpty { sections.append(perf(c)) }
        sections += [models(c), runs(c)]
        return ReportDocument(title: "Assay comparison",
                              subtitle: "\(c.models.count) models · \(c.runs.count) runs (\(commands.joined(separator: ", ")))"
                                  + (c.skipped.isEmpty ? "" : " · \(c.skipped.count) skipped"),
                              sections: sections, sortableTables: true)
    }

    struct Column: Hashable {
        var benchmark: String
        var metric: String
        var title: String { "\(benchmark) (\(metric))" }
    }

    /// Models best first by their mean original rank over the columns they appear in.
    static func rankedModels(_ c: Comparison) -> [String] {
        let ranks = Dictionary(grouping: c.leaderboard, by: \.model).mapValues { cells in
            Double(cells.map(\.originalRank).reduce(0, +)) / Double(cells.count)
        }
        return c.models.map(\.name).sorted { (ranks[$0] ?? .infinity, $0) < (ranks[$1] ?? .infinity, $1) }
    }

    static func leaderboard(_ c: Comparison, layout: Layout) -> ReportDocument.Section {
        let columns = Array(Set(c.leaderboard.map { Column(benchmark: $0.benchmark, metric: $0.metric) }))
            .sorted { ($0.benchmark, $0.metric) < ($1.benchmark, $1.metric) }
        guard !columns.isEmpty else {
            return .init("Leaderboard", [.paragraph("No eval run (or audit with --evaluate) was given: there is no benchmark score to compare.")])
        }
        let models = rankedModels(c).filter { name in c.leaderboard.contains { $0.model == name } }
        let cell = { (model: String, column: Column) in
            c.leaderboard.first { $0.model == model && $0.benchmark == column.benchmark && $0.metric == column.metric }
        }
        var blocks: [ReportDocument.Block] = [.paragraph(
            "Each cell is the benchmark's headline metric on its original items with the run's 95% bootstrap interval. "
            + "The table below puts each score beside the score on fresh twins, the gap with its interval, the audit's verdict, "
            + "and the contamination-adjusted score (the twin score where the audit is not clean).")]
        switch layout {
        case .model:
            blocks.append(.table(headers: ["model"] + columns.map(\.title),
                                 rows: models.map { m in [m] + columns.map { estimate(cell(m, $0)?.original) } }))
        case .benchmark:
            blocks.append(.table(headers: ["benchmark"] + models,
                                 rows: columns.map { column in [column.title] + models.map { estimate(cell($0, column)?.original) } }))
        }
        let ordered = c.leaderboard.sorted {
            layout == .model ? ($0.model, $0.benchmark, $0.metric) < ($1.model, $1.benchmark, $1.metric)
                             : ($0.benchmark, $0.metric, $0.originalRank, $0.model) < ($1.benchmark, $1.metric, $1.originalRank, $1.model)
        }
        blocks.append(.table(headers: ["model", "benchmark", "metric", "original", "fresh twins", "gap", "audit", "adjusted", "basis", "rank", "runs"],
                             rows: ordered.map { x in
            [x.model, x.benchmark, x.metric, estimate(x.original), estimate(x.twin), estimate(x.gap), x.audit ?? "–",
             number(x.adjusted), x.adjustedBasis, "\(x.originalRank) → \(x.twinRank.map(String.init) ?? "–")", "\(x.runs)"]
        }))
        for metric in Set(columns.map(\.metric)).sorted() {
            let groups = columns.filter { $0.metric == metric }
            blocks.append(.groupedBars(title: "\(metric) on the original items, 95% intervals", yLabel: metric,
                                       groups: groups.map(\.benchmark), series: models, values: groups.map { column in
                models.map { m in cell(m, column).map { .init(m, $0.original.value, low: $0.original.ciLow, high: $0.original.ciHigh) } }
            }))
        }
        for column in columns {
            let rows = models.compactMap { m in cell(m, column).flatMap { x in x.twin.map { ReportDocument.SlopeRow(m, left: x.original.value, right: $0.value) } } }
            if !rows.isEmpty {
                blocks.append(.slope(title: "\(column.title): original items vs fresh twins", leftLabel: "original", rightLabel: "fresh twins", rows: rows))
            }
        }
        for r in c.reorderings {
            blocks.append(.callout("\(r.benchmark) (\(r.metric)): \(r.aheadOnOriginal) is ahead on the original items, \(r.aheadOnTwin) on the fresh twins"
                                   + (r.significant ? " (their twin intervals do not overlap)" : " (within the intervals' overlap)"),
                                   tone: r.significant ? .bad : .warning))
        }
        if !c.mismatches.isEmpty {
            blocks.append(.callout("Some runs compared here differ in their settings: read these cells with care.", tone: .warning))
            blocks.append(.table(headers: ["benchmark", "metric", "between", "setting", "values"], rows: c.mismatches.map { m in
                [m.benchmark, m.metric, m.model.map { "runs of \($0)" } ?? "models", m.setting,
                 m.values.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: "; ")]
            }))
        }
        return .init("Leaderboard", blocks)
    }

    static func audits(_ c: Comparison) -> ReportDocument.Section {
        .init("Contamination audits", [.table(headers: ["model", "benchmark", "verdict", "p", "effect size", "flagged", "items", "folder"],
                                              rows: c.audits.map {
            [$0.model, $0.benchmark, $0.verdict, number($0.pValue), number($0.effectSize), "\($0.flagged)", "\($0.items)", $0.folder]
        })])
    }

    static func robustness(_ c: Comparison) -> ReportDocument.Section {
        let rows = c.robustness.flatMap { r in
            r.kinds.map { k in [r.model, r.benchmark, k.kind, "\(k.n)", estimate(k.accOriginal), estimate(k.accPerturbed), estimate(k.pdr), estimate(k.consistency)] }
        }
        return .init("Robustness", [
            .paragraph("Accuracy on the original items and under each perturbation (PDR: performance drop rate), and CircularEval "
                       + "(right under every rotation of the options)."),
            .table(headers: ["model", "benchmark", "perturbation", "n", "accuracy", "perturbed", "PDR", "consistency"], rows: rows),
            .table(headers: ["model", "benchmark", "accuracy", "circular accuracy", "folder"], rows: c.robustness.map {
                [$0.model, $0.benchmark, estimate($0.accuracy), estimate($0.circularAccuracy), $0.folder]
            }),
        ])
    }

    static func attacks(_ c: Comparison) -> ReportDocument.Section {
        let categories = Set(c.attacks.flatMap(\.categories.keys)).sorted()
        let rate = { (r: Comparison.Rate?) in r.map { "\(estimate($0.asr)) n=\($0.n)" } ?? "–" }
        return .init("Adversarial instructions", [
            .paragraph("Attack success rate (lower is better) with its 95% Wilson interval, overall and per category."),
            .table(headers: ["category"] + c.attacks.map(\.model), rows: [["overall"] + c.attacks.map { rate($0.overall) }]
                   + categories.map { category in [category] + c.attacks.map { rate($0.categories[category]) } }),
        ])
    }

    static func arena(_ a: Comparison.Arena) -> ReportDocument.Section {
        let graded = a.mode == ArenaMode.single.rawValue
        return .init("Arena: \(a.folder)", [
            .keyValues([.init("mode", a.mode), .init("judge", a.judge), .init("battles", "\(a.battles)")]),
            .intervals(title: (graded ? "Mean grade" : "Bradley-Terry rating") + " with 95% interval", xLabel: graded ? "grade" : "rating",
                       rows: a.candidates.compactMap { c in c.rating.map { .init(c.name, $0.value, lower: $0.ciLow, upper: $0.ciHigh) } }),
            .table(headers: ["candidate", "model", graded ? "grade" : "rating", "Elo", "win rate"], rows: a.candidates.map {
                [$0.name, $0.model ?? "–", estimate($0.rating), number($0.elo), number($0.winRate)]
            }),
        ])
    }

    static func perf(_ c: Comparison) -> ReportDocument.Section {
        let rows = c.perf.flatMap { p in
            p.levels.map { l in
                [p.model, "\(l.parallel)", number(l.rate), "\(l.succeeded)", "\(l.failed)", number(l.requestThroughput), number(l.outputThroughput),
                 number(l.ttftP50), number(l.ttftP99), number(l.tpotP50), number(l.tpotP99), number(l.latencyP50), number(l.latencyP99)]
            }
        }
        return .init("Serving performance", [
            .table(headers: ["model", "parallel", "rate (req/s)", "succeeded", "failed", "req/s", "output tok/s", "TTFT p50 (s)", "TTFT p99",
                             "TPOT p50 (s)", "TPOT p99", "latency p50 (s)", "latency p99"], rows: rows),
            .lines(title: "Output throughput by requests in flight", xLabel: "requests in flight", yLabel: "tokens/s",
                   series: c.perf.map { p in .init(p.model, p.levels.map { .init(x: Double($0.parallel), y: $0.outputThroughput) }) }, logX: true),
        ])
    }

    static func models(_ c: Comparison) -> ReportDocument.Section {
        .init("Models", [.table(headers: ["model", "backend", "file or endpoint", "SHA-256", "bytes", "description"], rows: c.models.map { m in
            let p = m.provenance
            return [m.name, p.backend + (p.backendVersion.map { " " + $0 } ?? ""), p.file ?? p.endpoint.map { "\(p.model) at \($0)" } ?? p.model,
                    p.sha256 ?? "–", p.fileBytes.map { "\($0)" } ?? "–", p.description ?? "–"]
        })])
    }

    static func runs(_ c: Comparison) -> ReportDocument.Section {
        var blocks: [ReportDocument.Block] = c.skipped.map { .callout("Skipped \($0.folder): \($0.reason)", tone: .warning) }
        blocks.append(.table(headers: ["folder", "command", "model", "benchmark", "date", "settings"], rows: c.runs.map { r in
            [r.folder, r.command, r.model, r.benchmark ?? "–", r.date, r.settings.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ", ")]
        }))
        return .init("Runs", blocks)
    }
}
