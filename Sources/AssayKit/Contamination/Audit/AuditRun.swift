import Foundation

/// The `assay audit` job: scores a benchmark and its fresh twins, calibrates the items'
/// likelihood signals against the twins, adds n-gram overlap with reference corpora, runs the
/// difference-in-differences test and writes `signals.jsonl` (cache), `items.jsonl`,
/// `summary.json`, `report.md` and `report.html` to the output folder.
public struct AuditRun: Sendable {
    public var benchmark: String
    public var format: BenchmarkFormat?
    /// Canonical JSONL twins; nil builds them with `TwinBuilder`.
    public var twins: String?
    public var corpus: [String] = []
    public var overlapThreshold = 0.5
    /// Run the generation probes (`GenerationProbes`) on items and twins.
    public var probes = false
    /// Also evaluate the answers of items and twins (`EvalRunner`, each item's default mode,
    /// zero-shot, into `DIR/eval/`) and report the accuracy gap original - twin.
    public var evaluate = false
    /// Generation budget of that evaluation.
    public var evaluationMaxTokens = 64
    public var seed: UInt64 = 0
    /// A benchmark file whose items are scored with their text in the model's context
    /// (`InContextModel`): a positive control, which a working audit flags.
    public var positiveControl: String?
    public var outputFolder: String
    /// Keep `signals.jsonl` and score only the missing texts.
    public var resume = false
    /// For the manifest.
    public var commandLine: [String] = []

    public init(benchmark: String, outputFolder: String) {
        self.benchmark = benchmark
        self.outputFolder = outputFolder
    }

    /// The signals a model's backend cannot give, each with the reason, in a fixed order.
    public static func skippedSignals(for capabilities: ModelCapabilities) -> [String] {
        var skipped: [String] = []
        if !capabilities.contains(.fullDistribution) {
            skipped.append("min_k_pp: needs the full next-token distribution (a GGUF model run in-process)")
        }
        if !capabilities.contains(.greedyTokens) {
            skipped.append("ngram_acc: needs the greedy token at each position (a GGUF model or llama-server)")
        }
        return skipped
    }

    /// What the audit needs of its model(s), checked before any work.
    public func check(_ store: SignalStore) throws {
        try store.model.require(.tokenLogProbs, for: "audit (likelihood signals)")
        try store.reference?.require(.tokenLogProbs, for: "audit --reference-model")
        if probes { try store.model.require([.generate, .tokenize], for: "audit --probes") }
        if evaluate { try store.model.require(.generate, for: "audit --evaluate") }
    }

    /// Runs the audit with `store` scoring the texts.
    public func run(store: SignalStore, progress: ProgressReporter? = nil) async throws -> AuditSummary {
        try check(store)
        let items = try BenchmarkReader.readAll(benchmark, format: format)
        var store = store
        var controlMark: String?
        if let positiveControl {
            let control = try InContextModel(model: store.model, benchmark: positiveControl)
            guard items.contains(where: { control.seen.contains(OverlapIndex.text(of: $0)) }) else {
                throw AuditError.controlOutsideBenchmark(control: positiveControl, benchmark: benchmark)
            }
            store.model = control
            controlMark = "\(positiveControl)\n" + SHA256.hex(Data(control.seen.sorted().joined(separator: "\u{0}").utf8)) + "\n"
        }
        let givenTwins = try twins.map { try BenchmarkReader.readAll($0, format: .canonical) }
        let population = try AuditPopulation(items: items, twins: givenTwins, seed: seed)
        let folder = URL(fileURLWithPath: outputFolder)
        // The reference population, for inspection and for the evaluation.
        let twinsPath = folder.appendingPathComponent("twins.jsonl").path
        let twinWriter = try JSONLinesWriter(path: twinsPath)
        for twin in population.twins { try twinWriter.write(twin) }
        let signalsPath = folder.appendingPathComponent("signals.jsonl").path
        let probesPath = folder.appendingPathComponent("probes.jsonl").path
        if !resume {
            try? FileManager.default.removeItem(atPath: signalsPath)
            try? FileManager.default.removeItem(atPath: probesPath)
        }
        try markControl(controlMark, signalsPath: signalsPath)
        var signals = try await store.signals(for: population.entries, cached: try SignalStore.cache(signalsPath).load(),
                                              path: signalsPath, progress: progress)
        if probes {
            let prober = GenerationProbes(model: store.model, seed: seed)
            let targets = population.items.map { (AuditPopulation.key("item", $0.id), $0) }
                + population.twins.map { (AuditPopulation.key("twin", $0.id), $0) }
            let results = try await prober.results(for: targets, cached: try GenerationProbes.cache(probesPath).load(),
                                                   path: probesPath, progress: progress)
            for (key, result) in results {
                signals[key]?.completionRougeL = result.completionRougeL
                signals[key]?.optionGuessing = result.optionGuessing
            }
        }
        // A verdict needs every text: after Ctrl-C, stop with what is cached and say how to go on.
        if InterruptSignal.isRaised { throw AuditError.interrupted(folder: outputFolder) }
        func texts(_ role: String, _ entries: [BenchmarkItem]) -> [SignalCalibration.Text] {
            entries.compactMap { entry in
                let key = AuditPopulation.key(role, entry.id)
                return signals[key].map { (key, $0) }
            }
        }
        guard let calibration = SignalCalibration(twins: texts("twin", population.twins), items: texts("item", items))
        else { throw AuditError.noTwins(benchmark) }
        let overlaps = try overlap(items)
        // A scan stopped by Ctrl-C is partial: no verdict from it (the scan is redone on resume).
        if InterruptSignal.isRaised { throw AuditError.interrupted(folder: outputFolder) }

        func gap(_ role: String, _ id: String) -> Double? {
            guard let original = signals[AuditPopulation.key(role, id)],
                  let perturbed = signals[AuditPopulation.key(role + "~", id)] else { return nil }
            return DifferenceInDifferences.familiarity(original) - DifferenceInDifferences.familiarity(perturbed)
        }
        var results: [AuditItemResult] = []
        for item in items {
            let key = AuditPopulation.key("item", item.id)
            guard let itemSignals = signals[key] else { continue }
            let percentiles = calibration.percentiles(of: itemSignals)
            let suspicion = calibration.suspicion(of: (key, itemSignals))
            let overlap = overlaps[item.id]
            var reasons: [String] = []
            if calibration.isFlagged(suspicion: suspicion) { reasons.append("likelihood") }
            if let overlap, overlap.ngrams > 0, overlap.fraction >= overlapThreshold { reasons.append("overlap") }
            results.append(AuditItemResult(
                id: item.id, signals: itemSignals,
                percentiles: Dictionary(uniqueKeysWithValues: percentiles.map { ($0.key.rawValue, $0.value) }),
                suspicion: suspicion, drivenBy: calibration.drivingSignal(of: (key, itemSignals))?.rawValue,
                flaggedBy: reasons, gap: gap("item", item.id),
                ngramOverlap: overlap?.fraction, evidence: overlap?.evidence ?? []))
        }
        let test = DifferenceInDifferences(itemGaps: results.compactMap(\.gap),
                                           twinGaps: population.twins.compactMap { gap("twin", $0.id) }, seed: seed)
        var summary = makeSummary(results: results, population: population, calibration: calibration, test: test, store: store)
        if evaluate {
            summary.accuracyGap = try await evaluateAnswers(model: store.model, twinsPath: twinsPath)
            // The evaluation keeps what it finished in eval/ for --resume; a partial gap is no summary.
            if InterruptSignal.isRaised { throw AuditError.interrupted(folder: outputFolder) }
        }
        let writer = try JSONLinesWriter(path: folder.appendingPathComponent("items.jsonl").path)
        for result in results { try writer.write(result) }
        try JSONLinesWriter.writeDocument(summary, to: folder.appendingPathComponent("summary.json").path)
        let report = AuditReport(summary: summary, results: results, calibration: calibration, test: test)
        _ = try report.document().write(to: outputFolder)
        return summary
    }

    /// Evaluates items and twins like `assay eval --twins` into `DIR/eval/`; the gap original -
    /// twin of the primary metric (nil when either side has no evaluable item).
    func evaluateAnswers(model: any LanguageModel, twinsPath: String) async throws -> EvalSummary.Gap? {
        var settings = EvalSettings(benchmark: benchmark)
        settings.format = format
        settings.twins = twinsPath
        settings.seed = seed
        settings.maxTokens = evaluationMaxTokens
        let plan = try EvalPlan(settings) { FileHandle.standardError.write(Data("warning: \($0)\n".utf8)) }
        let manifest = EvalManifest(command: "audit", settings: settings, plan: plan, model: model.provenance,
                                    commandLine: commandLine)
        let folder = URL(fileURLWithPath: outputFolder).appendingPathComponent("eval").path
        return try await EvalRunner(settings: settings, plan: plan)
            .run(model: model, folder: folder, resume: resume, manifest: manifest).summary.gap
    }

    /// Keeps `positive-control.txt` (the control's path and a digest of its texts) beside the
    /// signals, so that `--resume` never mixes signals scored with and without the control, or
    /// with another one: cached signals from a different setting are an error.
    func markControl(_ mark: String?, signalsPath: String) throws {
        let path = URL(fileURLWithPath: outputFolder).appendingPathComponent("positive-control.txt").path
        let previous = try? String(contentsOfFile: path, encoding: .utf8)
        if resume, FileManager.default.fileExists(atPath: signalsPath),
           previous?.split(separator: "\n").last != mark?.split(separator: "\n").last {
            throw AuditError.resumeAcrossControl(folder: outputFolder)
        }
        if let mark { try mark.write(toFile: path, atomically: true, encoding: .utf8) } else { try? FileManager.default.removeItem(atPath: path) }
    }

    /// Per item id, its n-gram overlap with the corpora (empty without corpora).
    func overlap(_ items: [BenchmarkItem]) throws -> [String: ItemOverlap] {
        guard !corpus.isEmpty else { return [:] }
        let scanner = OverlapScanner(index: OverlapIndex(items: items))
        let report = try scanner.scan(paths: corpus)
        return Dictionary(report.items.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    func makeSummary(results: [AuditItemResult], population: AuditPopulation, calibration: SignalCalibration,
                     test: DifferenceInDifferences?, store: SignalStore) -> AuditSummary {
        let flagged = results.filter(\.flagged).count
        let byLikelihood = results.filter { $0.flaggedBy.contains("likelihood") }.count
        let byOverlap = results.filter { $0.flaggedBy.contains("overlap") }.count
        let thresholds = AuditVerdict.Thresholds(items: results.count, twins: calibration.twinCount)
        let manifest = AuditSummary.Manifest(
            command: "audit", model: store.model.provenance, referenceModel: store.reference?.provenance, seed: seed,
            commandLine: commandLine,
            settings: AuditRunSettings(benchmark: benchmark, twins: twins, corpus: corpus,
                                       skippedSignals: Self.skippedSignals(for: store.model.capabilities),
                                       positiveControl: positiveControl))
        let decision = AuditVerdict.decision(likelihood: byLikelihood, overlap: byOverlap, items: results.count,
                                             twins: calibration.twinCount, test: test, thresholds: thresholds)
        return AuditSummary(
            verdict: decision.verdict, verdictReason: decision.reason,
            shortfall: AuditVerdict.shortfall(items: results.count, twins: calibration.twinCount),
            power: AuditVerdict.power(items: results.count, twins: calibration.twinCount, thresholds: thresholds),
            pValue: test?.pValue, effectSize: test?.effectSize, meanGapDifference: test?.meanDifference,
            ci: test.map { [$0.ciLower, $0.ciUpper] }, items: results.count, twins: population.twins.count,
            itemsWithoutTwin: population.itemsWithoutTwin, itemGaps: test?.itemGaps.count ?? 0,
            twinGaps: test?.twinGaps.count ?? 0, flagged: flagged,
            flaggedByLikelihood: byLikelihood, flaggedByOverlap: byOverlap,
            flaggedShare: results.isEmpty ? 0 : Double(flagged) / Double(results.count),
            signals: calibration.signals.map(\.rawValue),
            signalWeights: Dictionary(uniqueKeysWithValues: calibration.weights.map { ($0.key.rawValue, $0.value) }),
            suspicionThreshold: calibration.threshold,
            overlapThreshold: corpus.isEmpty ? nil : overlapThreshold, verdictThresholds: thresholds, manifest: manifest)
    }
}

/// Why an audit cannot run.
public enum AuditError: Error, CustomStringConvertible, Sendable {
    case noTwins(String)
    /// None of the positive control's items is an item of the benchmark.
    case controlOutsideBenchmark(control: String, benchmark: String)
    /// `--resume` in a folder whose signals were scored with another positive control (or none).
    case resumeAcrossControl(folder: String)
    /// Ctrl-C (or SIGTERM) stopped the scoring; what was scored is in the folder's caches.
    case interrupted(folder: String)

    public var description: String {
        switch self {
        case .noTwins(let path):
            return "\(path): no twin could be made or scored, so there is no reference population; pass --twins FILE"
        case .controlOutsideBenchmark(let control, let benchmark):
            return "\(control): none of its items is an item of \(benchmark) (same question, choices and answer), "
                + "so the positive control would control nothing; take its items from the benchmark file"
        case .resumeAcrossControl(let folder):
            return "\(folder): its signals were scored with another --positive-control setting (see positive-control.txt), "
                + "so --resume would mix them; resume with the same setting, or audit into another --out"
        case .interrupted(let folder):
            return "interrupted (Ctrl-C): the texts scored so far are kept in \(folder)/signals.jsonl (and probes.jsonl); "
                + "the verdict needs them all, so no summary was written: run the same command with --resume to finish"
        }
    }
}
