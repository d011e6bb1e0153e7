import Foundation

/// The human-readable report of an arena run (`report.html`, `report.md`): the run, the
/// leaderboard with interval bars, the win-rate heat map, per-category results, the judge
/// diagnostics and example judgments. Model text goes through `ReportDocument`, which escapes it.
public enum ArenaReport {
    /// Example judgments shown.
    public static let examples = 3

    public static func document(_ file: ArenaRatingsFile, judgments: [JudgmentRecord]) -> ReportDocument {
        let m = file.manifest, r = file.ratings, s = m.settings
        let f = { (x: Double?) in ReportDocument.format(x, digits: 3) }
        let judged = s.dryRun ? "dry run (seeded random verdicts, no judge)" : s.judges.joined(separator: ", ")
        var sections = [ReportDocument.Section("Run", [.keyValues([
            .init("mode", s.mode.rawValue), .init("judge", s.mode == .peer ? "peers: " + judged : s.dryRun ? judged : m.modelLine),
            .init("verdicts", "\(s.method.rawValue); scale \(s.scale.rawValue); \(s.swap ? "both orders" : "one order")"),
            .init("candidates", s.candidates.map { "\($0.name) (\($0.model?.displayName ?? $0.answers ?? "?"))" }.joined(separator: ", ")),
            .init("questions", "\(s.questionCount) from \(s.questions)"), .init("baseline", s.baseline ?? "–"),
            .init("judgments", "\(r.judgments), \(r.parsed) with a verdict" + (r.unparsed.isEmpty ? "" : " (none read: " + r.unparsed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") + ")")),
            .init("seed", "\(m.seed)"), .init("assay", m.assayVersion), .init("date", m.date),
        ])])]
        if file.interrupted {
            sections[0].blocks.append(.callout("Interrupted (Ctrl-C): these ratings cover only the judgments made before it; run again with --resume to finish.",
                                               tone: .warning))
        }
        if !r.missingAnswers.isEmpty {
            sections[0].blocks.append(.callout("Missing answers (left out of those battles): " + r.missingAnswers.sorted { $0.key < $1.key }
                .map { "\($0.key): \($0.value.count)" }.joined(separator: ", "), tone: .warning))
        }
        sections += r.mode == .single ? grades(r, f: f) : battles(r, f: f)
        if let diagnostics = r.diagnostics { sections.append(self.diagnostics(diagnostics, f: f)) }
        sections.append(.init("Example judgments", judgments.filter { $0.perturbation == nil }.prefix(examples).flatMap { record -> [ReportDocument.Block] in
            let shown = record.candidate ?? "\(record.first ?? "?") (A) vs \(record.second ?? "?") (B)"
            let verdict = record.grade.map { ReportDocument.format($0, digits: 1) } ?? record.verdict?.rawValue ?? "none (\(record.failure ?? "?"))"
            return [.keyValues([.init("question", record.questionID), .init("judge", record.judge), .init("shown", shown),
                                .init("verdict", verdict + " via \(record.method.rawValue)"), .init("template", record.template)]),
                    .preformatted(record.reply)]
        }))
        return ReportDocument(title: "Assay arena report", subtitle: "\(s.mode.rawValue) · \(r.candidates.count) candidates · \(s.questionCount) questions",
                              sections: sections)
    }

    static func grades(_ r: ArenaRatings, f: (Double?) -> String) -> [ReportDocument.Section] {
        let grades = r.grades ?? [:]
        let ranked = r.ranking.filter { grades[$0] != nil }
        let categories = Set(grades.values.flatMap(\.byCategory.keys)).sorted()
        return [
            .init("Grades", [
                .intervals(title: "Mean grade (1-10) with bootstrap 95% interval", xLabel: "grade",
                           rows: ranked.map { .init($0, grades[$0]!.mean, lower: grades[$0]!.lower, upper: grades[$0]!.upper) }),
                .table(headers: ["candidate", "grade", "95% interval", "graded"],
                       rows: ranked.map { [$0, f(grades[$0]!.mean), "[\(f(grades[$0]!.lower)), \(f(grades[$0]!.upper))]", "\(grades[$0]!.n)"] }),
            ]),
            .init("Per category", [.table(headers: ["category"] + ranked,
                                          rows: categories.map { c in [c] + ranked.map { f(grades[$0]!.byCategory[c]) } })]),
        ]
    }

    static func battles(_ r: ArenaRatings, f: (Double?) -> String) -> [ReportDocument.Section] {
        let ranked = r.ranking
        let bt = r.bradleyTerry ?? [:], records = r.records ?? [:]
        var headers = ["candidate", "Bradley-Terry", "95% interval", "Elo", "W/T/L", "win rate", "95% Wilson"]
        if r.lengthControlled != nil { headers.append("LC win rate") }
        let rows = ranked.map { name -> [String] in
            var row = [name, f(bt[name]?.rating), bt[name].map { "[\(f($0.lower)), \(f($0.upper))]" } ?? "–", f(r.elo?[name]),
                       records[name].map { "\($0.wins)/\($0.ties)/\($0.losses)" } ?? "–", f(records[name]?.winRate),
                       records[name].map { "[\(f($0.interval.lowerBound)), \(f($0.interval.upperBound))]" } ?? "–"]
            if let lc = r.lengthControlled { row.append(name == r.baseline ? "baseline" : f(lc[name]?.lengthControlled)) }
            return row
        }
        var leaderboard: [ReportDocument.Block] = [
            .intervals(title: "Bradley-Terry rating with bootstrap 95% interval" + (r.baseline.map { " (\($0) = 1000)" } ?? " (mean = 1000)"),
                       xLabel: "rating", rows: ranked.compactMap { name in bt[name].map { .init(name, $0.rating, lower: $0.lower, upper: $0.upper) } }),
            .table(headers: headers, rows: rows),
        ]
        if r.positionInconsistent > 0 {
            leaderboard.append(.callout("\(r.positionInconsistent) of \(r.battles) battles flipped when the answers swapped places: counted as ties.",
                                        tone: .warning))
        }
        let matrix = r.matrix ?? [:]
        let categories = Set((r.byCategory ?? [:]).keys).sorted()
        return [
            .init("Leaderboard", leaderboard),
            .init("Head to head", [.heatmap(title: "Win rate of the row against the column (ties half)", rows: ranked, columns: ranked,
                                            values: ranked.map { row in ranked.map { matrix[row]?[$0] } }, format: .rate)]),
            .init("Per category", [.table(headers: ["category"] + ranked, rows: categories.map { c in
                [c] + ranked.map { name in r.byCategory?[c]?[name].map { "\(f($0.winRate)) (\($0.battles))" } ?? "–" }
            })]),
        ]
    }

    static func diagnostics(_ d: JudgeDiagnostics, f: (Double?) -> String) -> ReportDocument.Section {
        func rate(_ x: JudgeDiagnostics.Rate) -> String {
            x.rate == nil ? "– (no cases)" : "\(f(x.rate)) [\(f(x.lower)), \(f(x.upper))] (\(x.successes)/\(x.trials))"
        }
        var blocks: [ReportDocument.Block] = [.keyValues([
            .init("position consistency", rate(d.consistency) + ": pairs judged the same in both orders"),
            .init("position bias", rate(d.positionBias) + ": first-position wins among inconsistent pairs"),
            .init("first-position share", rate(d.firstPositionShare) + ": A among decisive verdicts (0.5 is fair)"),
            .init("length bias", rate(d.lengthBias) + ": the longer answer's win rate among decisive verdicts"),
            .init("ties", rate(d.tieRate)), .init("unparsable", "\(d.unparsable) of \(d.judgments)"),
        ])]
        blocks.append(.table(headers: ["length difference", "longer answer wins"], rows: d.lengthBuckets.map { [$0.label, rate($0.longerWins)] }))
        if !d.selfPreference.isEmpty {
            blocks.append(.table(headers: ["judge", "its win rate judged by itself", "by the others", "difference"],
                                 rows: d.selfPreference.map { [$0.judge, f($0.bySelf.winRate), f($0.byOthers.winRate), f($0.difference)] }))
        }
        if !d.robustness.isEmpty {
            blocks.append(.paragraph("Judge robustness: each pair judged again with one answer changed in a way that should not change the verdict; a flip is a different verdict from the unchanged judgment."))
            blocks.append(.table(headers: ["perturbation", "judgments", "flip rate [95% Wilson]", "toward the changed answer", "away"],
                                 rows: d.robustness.map { [$0.perturbation.description, "\($0.judgments)", rate($0.flips), "\($0.towardPerturbed)", "\($0.awayFromPerturbed)"] }))
            blocks.append(.bars(title: "Verdict flip rate per perturbation (95% Wilson)", xLabel: "flip rate",
                                bars: d.robustness.compactMap { r in r.flips.rate.map { .init(r.perturbation.rawValue, $0, low: r.flips.lower, high: r.flips.upper) } }))
        }
        return .init("Judge diagnostics", blocks)
    }
}
