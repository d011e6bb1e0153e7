import Foundation

/// The audit's human-readable report: the verdict, the test, the signal distributions of the
/// items against the twins, and the flagged items with their evidence. All item text goes
/// through `ReportDocument`, which escapes it.
public struct AuditReport: Sendable {
    public var summary: AuditSummary
    public var results: [AuditItemResult]
    public var calibration: SignalCalibration
    public var test: DifferenceInDifferences?

    /// The report as a document (`write(to:)` renders report.html and report.md).
    public func document() -> ReportDocument {
        let tone: ReportDocument.Tone = switch summary.verdict {
        case .clean: .good
        case .suspicious: .warning
        case .contaminated: .bad
        case .insufficient: .neutral
        }
        let f = { (value: Double?) in ReportDocument.format(value) }
        let accuracyRow: [ReportDocument.KeyValue] = summary.accuracyGap.map { gap in
            [.init("\(gap.metric): originals / twins, gap (95% CI)",
                   "\(f(gap.original)) / \(f(gap.twin)), \(f(gap.difference.value)) "
                   + "[\(f(gap.difference.ciLow)), \(f(gap.difference.ciHigh))]")]
        } ?? []
        var sections = [ReportDocument.Section("Verdict", [
            .callout(summary.overview, tone: tone),
        ] + (summary.referenceCaution.map { [.callout("Caution: " + $0 + ".", tone: .warning)] } ?? [])
          + (summary.positiveControlNote.map { [.callout("Positive control: " + $0 + ".", tone: .neutral)] } ?? []) + [
            .keyValues([
                .init("Items / twins", "\(summary.items) / \(summary.twins)"),
                .init("Flagged by likelihood / overlap", "\(summary.flaggedByLikelihood) / \(summary.flaggedByOverlap)"),
                .init("Suspicion threshold (twins' conformal 95%; 0 = a typical twin)", f(summary.suspicionThreshold)),
                .init("Flags chance explains (beta-binomial 95%)", "\(summary.verdictThresholds.chanceFlagged)"),
                .init("Smallest contaminated share detected at 80% power, if every / half of the contaminated items are flagged",
                      (summary.power ?? []).map { $0.minimumShare.map { f($0 * 100) + "%" } ?? "–" }.joined(separator: " / ")),
                .init("Gap test: Mann-Whitney p", f(summary.pValue)),
                .init("Cliff's delta", f(summary.effectSize)),
                .init("Mean gap difference (95% CI)",
                      "\(f(summary.meanGapDifference)) [\(f(summary.ci?.first)), \(f(summary.ci?.last))]"),
                .init("Model", summary.manifest.modelLine),
            ] + accuracyRow),
        ])]
        var distributions: [ReportDocument.Block] = calibration.signals.map { signal in
            .histogram(title: signal.rawValue + " (oriented: higher = more familiar)", xLabel: signal.rawValue,
                       series: [.init("items", results.compactMap { signal.familiarity($0.signals) }),
                                .init("twins", calibration.referenceValues(signal))])
        }
        if let test {
            distributions.append(.histogram(title: "gap: original - perturbed (mean log p per token)", xLabel: "gap",
                                            series: [.init("items", test.itemGaps), .init("twins", test.twinGaps)]))
        }
        let mean = { (values: [Double]) in values.isEmpty ? nil : Descriptive.mean(values) }
        distributions.insert(.table(
            headers: ["signal (raw)", "items: mean", "twins: mean", "items measured", "weight in the suspicion"],
            rows: calibration.signals.map { signal in
                let items = results.compactMap { signal.raw($0.signals) }
                // Raw twin values: undo the orientation of the reference (familiarity).
                let twins = calibration.referenceValues(signal).map { signal.raw(fromFamiliarity: $0) }
                return [signal.rawValue, f(mean(items)), f(mean(twins)), "\(items.count)",
                        f(summary.signalWeights?[signal.rawValue])]
            }), at: 0)
        sections.append(.init("Signal distributions: items vs twins", distributions))
        let flagged = results.filter(\.flagged).sorted { $0.suspicion > $1.suspicion }
        var flaggedBlocks: [ReportDocument.Block] = [.table(
            headers: ["id", "suspicion", "driven by", "ppl", "min_k_pp", "ngram_overlap", "flagged by"],
            rows: flagged.map { [$0.id, f($0.suspicion), $0.drivenBy ?? "–", f($0.signals.perplexity),
                                 f($0.signals.minKPlusPlus), f($0.ngramOverlap), $0.flaggedBy.joined(separator: ", ")] })]
        for result in flagged where !result.evidence.isEmpty {
            flaggedBlocks.append(.paragraph("Evidence for \(result.id):"))
            flaggedBlocks.append(.preformatted(result.evidence.map { "\($0.path):\($0.line): \($0.text)" }
                .joined(separator: "\n")))
        }
        sections.append(.init("Flagged items", flagged.isEmpty ? [.paragraph("No item is flagged.")] : flaggedBlocks))
        return ReportDocument(title: "Contamination audit", subtitle: summary.manifest.settings.benchmark, sections: sections)
    }
}

extension AuditSummary {
    /// The verdict in one line: the verdict, the rule that gave it, the flags, the gap test and
    /// the power (printed by `assay audit` and at the top of the report).
    public var overview: String {
        let f = { (value: Double?) in ReportDocument.format(value) }
        var line = verdict.rawValue + (verdictReason.map { " (\($0))" } ?? "")
        line += ": \(flagged) of \(items) items flagged, difference-in-differences p = \(f(pValue))"
        if verdictReason == nil, let shortfall { line += "; the likelihood evidence \(shortfall)" }
        if let share = power?.first?.minimumShare {
            line += "; at this size the likelihood flags detect \(f(share * 100))% or more contaminated items (80% power)"
        }
        return line
    }

    /// What a positive-control audit did (`AuditRun.positiveControl`), nil for a plain audit.
    public var positiveControlNote: String? {
        manifest.settings.positiveControl.map { path in
            "the items of \(path) were scored with their text in the model's context, as if memorized; "
                + "a working audit flags them"
        }
    }

    /// A caution when the reference ratio weighs negatively: the reference model finds the
    /// items easier, relative to the twins, than the audited model does, so the flags it drives
    /// say the texts are familiar to the reference model (public, widely copied text), not that
    /// the audited model memorized them. Nil otherwise.
    public var referenceCaution: String? {
        guard let weight = signalWeights?[AuditSignal.referenceRatio.rawValue], weight < 0 else { return nil }
        return "the reference ratio weighs \(ReportDocument.format(weight)): the reference model finds the items "
            + "easier than the audited model does, so flags driven by it point to texts the reference model knows "
            + "(public or widely copied), not to memorization by the audited model"
    }
}
