import Foundation

/// Folds run folders into a `Comparison`: the leaderboard cells (a model on a benchmark by its
/// headline metric, the latest run shown), ranks on the originals and on the twins, reorderings,
/// settings that differ within a cell or across a column, and the robustness, attack, arena and
/// perf sections (`ComparisonBuilder+Sections`).
public struct ComparisonBuilder: Sendable {
    let runs: [ComparedRun]
    /// Short model names by `RunIdentity.modelKey`.
    let names: [String: String]

    public init(runs: [ComparedRun]) {
        self.runs = runs
        var models = runs.filter { if case .arena = $0.content { false } else { true } }.map(\.model)
        for run in runs {
            if case .arena(let file) = run.content { models += file.manifest.settings.candidates.compactMap(\.model) }
        }
        names = RunIdentity.modelNames(models)
    }

    /// The comparison, with the folders that could not be read listed as skipped.
    public func build(skipped: [Comparison.Skipped] = []) -> Comparison {
        let (cells, mismatches) = leaderboard()
        let provenances = Dictionary(runs.map { (RunIdentity.modelKey($0.model), $0.model) }, uniquingKeysWith: { first, _ in first })
            .merging(arenaCandidateModels().map { (RunIdentity.modelKey($0), $0) }, uniquingKeysWith: { first, _ in first })
        let models = names.map { Comparison.Model(name: $0.value, provenance: provenances[$0.key]!) }.sorted { $0.name < $1.name }
        return Comparison(models: models, runs: runList(), leaderboard: cells, reorderings: reorderings(cells),
                          mismatches: mismatches, audits: audits(), robustness: robustness(), attacks: attacks(),
                          arenas: arenas(), perf: perf(), skipped: skipped)
    }

    func name(_ model: ModelProvenance) -> String { names[RunIdentity.modelKey(model)] ?? RunIdentity.modelName(model) }

    func arenaCandidateModels() -> [ModelProvenance] {
        runs.flatMap { run -> [ModelProvenance] in
            guard case .arena(let file) = run.content else { return [] }
            return file.manifest.settings.candidates.compactMap(\.model)
        }
    }

    /// An evaluation that can fill a leaderboard cell: an eval run, or the evaluation inside an
    /// audit run (used only where no eval run covers the cell).
    struct Evaluation {
        var run: ComparedRun
        var summary: EvalSummary
        var fromAudit: Bool

        /// The benchmark's name; a reference protocol's run is a cell of its own ("mmlu
        /// (protocol mmlu)"), never mixed with runs of Assay's own prompts.
        var benchmark: String {
            let name = RunIdentity.benchmarkName(summary.manifest.settings.benchmark)
            return summary.manifest.settings.evalProtocol.map { "\(name) (protocol \($0))" } ?? name
        }
        var metric: String? { summary.original?.primaryMetric }
        var date: String { summary.manifest.date }
    }

    struct CellKey: Hashable, Comparable {
        var benchmark: String
        var metric: String
        var model: String

        static func < (a: CellKey, b: CellKey) -> Bool { (a.benchmark, a.metric, a.model) < (b.benchmark, b.metric, b.model) }
    }

    /// The settings that make two evaluations comparable, as text.
    static func settings(_ manifest: EvalManifest) -> [String: String] {
        let s = manifest.settings
        var settings = ["format": s.format, "mode": s.mode, "shots": "\(s.shots)", "fewshot": s.fewshotSource,
                        "cot": "\(s.chainOfThought)", "chat": "\(s.chat)", "seed": "\(manifest.seed)",
                        "twins": s.twins.map { ($0 as NSString).lastPathComponent } ?? "none"]
        if let system = s.system { settings["system"] = system }
        if let evalProtocol = s.evalProtocol { settings["protocol"] = evalProtocol }
        return settings
    }

    /// Whether a higher value of `metric` is better.
    static func higherIsBetter(_ metric: String) -> Bool { !metric.contains("perplexity") }

    func leaderboard() -> (cells: [Comparison.Cell], mismatches: [Comparison.Mismatch]) {
        var evaluations: [CellKey: [Evaluation]] = [:]
        for run in runs {
            let found: [Evaluation]
            switch run.content {
            case .eval(let summary): found = [Evaluation(run: run, summary: summary, fromAudit: false)]
            case .audit(_, let summary?): found = [Evaluation(run: run, summary: summary, fromAudit: true)]
            default: found = []
            }
            for evaluation in found {
                guard let metric = evaluation.metric, evaluation.summary.original?.metrics[metric] != nil else { continue }
                evaluations[CellKey(benchmark: evaluation.benchmark, metric: metric, model: name(run.model)), default: []].append(evaluation)
            }
        }
        let verdicts = latestAudits()
        var cells: [Comparison.Cell] = [], mismatches: [Comparison.Mismatch] = [], shown: [CellKey: Evaluation] = [:]
        for key in evaluations.keys.sorted() {
            let all = evaluations[key]!
            let candidates = all.contains { !$0.fromAudit } ? all.filter { !$0.fromAudit } : all
            let ordered = candidates.sorted { ($0.date, $0.run.folder) < ($1.date, $1.run.folder) }
            let latest = ordered.last!
            shown[key] = latest
            mismatches += Self.differences(ordered.map { ($0.run.folder, Self.settings($0.summary.manifest)) }).map {
                Comparison.Mismatch(benchmark: key.benchmark, metric: key.metric, model: key.model, setting: $0.setting, values: $0.values)
            }
            let summary = latest.summary
            let verdict = verdicts[AuditKey(model: key.model, benchmark: key.benchmark)]?.verdict.rawValue
            let original = Comparison.Estimate(summary.original!.metrics[key.metric]!.weighted)
            let twin = summary.twin?.metrics[key.metric].map { Comparison.Estimate($0.weighted) }
            let (adjusted, basis) = Self.adjusted(original: original, twin: twin, verdict: verdict)
            cells.append(Comparison.Cell(model: key.model, benchmark: key.benchmark, metric: key.metric,
                                         higherIsBetter: Self.higherIsBetter(key.metric), original: original, twin: twin,
                                         gap: summary.gap.map { Comparison.Estimate($0.difference) }, audit: verdict,
                                         adjusted: adjusted, adjustedBasis: basis, originalRank: 0, twinRank: nil,
                                         folder: latest.run.folder, runs: candidates.count))
        }
        let columns = Dictionary(grouping: cells.indices) { ColumnKey(benchmark: cells[$0].benchmark, metric: cells[$0].metric) }
        for (column, indices) in columns.sorted(by: { ($0.key.benchmark, $0.key.metric) < ($1.key.benchmark, $1.key.metric) }) {
            let better = Self.higherIsBetter(column.metric)
            let originalRanks = Self.ranks(indices.map { (cells[$0].model, cells[$0].original.value) }, higherIsBetter: better)
            let twinRanks = Self.ranks(indices.compactMap { i in cells[i].twin.map { (cells[i].model, $0.value) } }, higherIsBetter: better)
            for i in indices {
                cells[i].originalRank = originalRanks[cells[i].model]!
                cells[i].twinRank = twinRanks[cells[i].model]
            }
            let runsByModel = indices.map { i in
                (cells[i].model, Self.settings(shown[CellKey(benchmark: column.benchmark, metric: column.metric, model: cells[i].model)]!.summary.manifest))
            }
            mismatches += Self.differences(runsByModel).map {
                Comparison.Mismatch(benchmark: column.benchmark, metric: column.metric, model: nil, setting: $0.setting, values: $0.values)
            }
        }
        return (cells, mismatches)
    }

    struct ColumnKey: Hashable {
        var benchmark: String
        var metric: String
    }

    /// The contamination-adjusted score: the twin score where the audit found evidence
    /// (suspicious, contaminated); the original where it is clean or had too few items to judge.
    static func adjusted(original: Comparison.Estimate, twin: Comparison.Estimate?, verdict: String?) -> (Double?, String) {
        guard let verdict else { return (original.value, "original (not audited)") }
        if verdict == AuditVerdict.clean.rawValue || verdict == AuditVerdict.insufficient.rawValue {
            return (original.value, "original (audit \(verdict))")
        }
        guard let twin else { return (nil, "none: audit \(verdict), no twin score") }
        return (twin.value, "twin (audit \(verdict))")
    }

    /// Competition ranks ("1224"): 1 + the number of strictly better values.
    static func ranks(_ values: [(String, Double)], higherIsBetter: Bool) -> [String: Int] {
        Dictionary(values.map { entry in
            (entry.0, 1 + values.filter { higherIsBetter ? $0.1 > entry.1 : $0.1 < entry.1 }.count)
        }, uniquingKeysWith: { first, _ in first })
    }

    /// Each setting whose value is not the same in every one of `settings` (a missing setting
    /// counts as "–"), with who had which value.
    static func differences(_ settings: [(who: String, settings: [String: String])]) -> [(setting: String, values: [String: String])] {
        guard settings.count > 1 else { return [] }
        let keys = Set(settings.flatMap(\.settings.keys)).sorted()
        return keys.compactMap { key in
            let values = Dictionary(settings.map { ($0.who, $0.settings[key] ?? "–") }, uniquingKeysWith: { _, last in last })
            return Set(values.values).count > 1 ? (key, values) : nil
        }
    }

    /// Pairs of models in a column whose order on the twins reverses their order on the originals.
    func reorderings(_ cells: [Comparison.Cell]) -> [Comparison.Reordering] {
        var found: [Comparison.Reordering] = []
        for (column, members) in Dictionary(grouping: cells, by: { ColumnKey(benchmark: $0.benchmark, metric: $0.metric) })
            .sorted(by: { ($0.key.benchmark, $0.key.metric) < ($1.key.benchmark, $1.key.metric) }) {
            let withTwins = members.filter { $0.twin != nil }.sorted { $0.model < $1.model }
            for (i, a) in withTwins.enumerated() {
                for b in withTwins[(i + 1)...] {
                    let onOriginal = a.original.value - b.original.value, onTwin = a.twin!.value - b.twin!.value
                    guard onOriginal * onTwin < 0 else { continue }
                    let aFirst = (onOriginal > 0) == a.higherIsBetter
                    found.append(Comparison.Reordering(benchmark: column.benchmark, metric: column.metric,
                                                       aheadOnOriginal: aFirst ? a.model : b.model, aheadOnTwin: aFirst ? b.model : a.model,
                                                       significant: a.twin!.separated(from: b.twin!)))
                }
            }
        }
        return found
    }
}
