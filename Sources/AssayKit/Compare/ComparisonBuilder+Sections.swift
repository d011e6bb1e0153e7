import Foundation

// The runs list and the sections beside the leaderboard: audits, robustness, attacks, arenas, perf.
extension ComparisonBuilder {
    struct AuditKey: Hashable {
        var model: String
        var benchmark: String
    }

    /// The latest audit of each model and benchmark.
    func latestAudits() -> [AuditKey: AuditSummary] {
        var latest: [AuditKey: (date: String, summary: AuditSummary)] = [:]
        for run in runs {
            guard case .audit(let summary, _) = run.content else { continue }
            let key = AuditKey(model: name(run.model), benchmark: RunIdentity.benchmarkName(summary.manifest.settings.benchmark))
            if latest[key].map({ $0.date <= run.date }) ?? true { latest[key] = (run.date, summary) }
        }
        return latest.mapValues(\.summary)
    }

    func runList() -> [Comparison.Run] {
        runs.map { run in
            var benchmark: String?
            let settings: [String: String]
            switch run.content {
            case .eval(let s):
                benchmark = s.manifest.settings.benchmark
                settings = Self.settings(s.manifest)
            case .audit(let s, _):
                benchmark = s.manifest.settings.benchmark
                settings = ["seed": "\(s.manifest.seed)", "twins": s.manifest.settings.twins.map { ($0 as NSString).lastPathComponent } ?? "generated",
                            "corpus": s.manifest.settings.corpus.isEmpty ? "none"
                                : s.manifest.settings.corpus.map { ($0 as NSString).lastPathComponent }.joined(separator: ", ")]
            case .robust(let s):
                benchmark = s.manifest.settings.benchmark
                settings = Self.settings(s.manifest)
            case .attack(let s):
                settings = ["seed": "\(s.manifest.seed)", "count": "\(s.manifest.settings.count)", "chat": "\(s.manifest.settings.chat)",
                            "language": s.manifest.settings.language]
            case .arena(let f):
                let s = f.manifest.settings
                settings = ["seed": "\(f.manifest.seed)", "mode": s.mode.rawValue, "verdicts": s.method.rawValue, "questions": "\(s.questionCount)"]
            case .perf(let s):
                settings = ["seed": "\(s.manifest.seed)", "api": s.manifest.settings.api, "stream": "\(s.manifest.settings.stream)",
                            "parallel": s.manifest.settings.parallel.map(String.init).joined(separator: ",")]
            }
            let model: String
            if case .arena(let file) = run.content { model = judge(file) } else { model = name(run.model) }
            return Comparison.Run(folder: run.folder, command: run.command, model: model,
                                  benchmark: benchmark.map(RunIdentity.benchmarkName), date: run.date, settings: settings)
        }
    }

    func audits() -> [Comparison.Audit] {
        runs.compactMap { run in
            guard case .audit(let s, _) = run.content else { return nil }
            return Comparison.Audit(model: name(run.model), benchmark: RunIdentity.benchmarkName(s.manifest.settings.benchmark),
                                    folder: run.folder, verdict: s.verdict.rawValue, pValue: s.pValue, effectSize: s.effectSize,
                                    flagged: s.flagged, items: s.items)
        }
    }

    func robustness() -> [Comparison.Robustness] {
        runs.compactMap { run in
            guard case .robust(let s) = run.content else { return nil }
            let estimate = { (interval: EvalSummary.Interval?) in interval.map(Comparison.Estimate.init) }
            return Comparison.Robustness(
                model: name(run.model), benchmark: RunIdentity.benchmarkName(s.manifest.settings.benchmark), folder: run.folder,
                accuracy: estimate(s.original.accuracy),
                kinds: s.kinds.map { .init(kind: $0.kind, n: $0.n, accOriginal: estimate($0.accOriginal), accPerturbed: estimate($0.accPerturbed),
                                           pdr: estimate($0.pdr), consistency: estimate($0.consistency)) },
                circularAccuracy: estimate(s.circular?.circularAccuracy))
        }
    }

    func attacks() -> [Comparison.Attack] {
        runs.compactMap { run in
            guard case .attack(let s) = run.content else { return nil }
            let rate = { (r: AttackRate) in
                Comparison.Rate(n: r.n, asr: .init(r.asr, low: r.asrCI.first, high: r.asrCI.count > 1 ? r.asrCI[1] : nil))
            }
            return Comparison.Attack(model: name(run.model), folder: run.folder, overall: rate(s.overall), categories: s.categories.mapValues(rate))
        }
    }

    func arenas() -> [Comparison.Arena] {
        runs.compactMap { run in
            guard case .arena(let file) = run.content else { return nil }
            let r = file.ratings, s = file.manifest.settings
            return Comparison.Arena(folder: run.folder, mode: r.mode.rawValue, judge: judge(file), battles: r.battles,
                                    candidates: r.ranking.map { candidate in
                let model = s.candidates.first { $0.name == candidate }?.model.map(name)
                let rating: Comparison.Estimate?
                if let grade = r.grades?[candidate] {
                    rating = .init(grade.mean, low: grade.lower, high: grade.upper)
                } else {
                    rating = r.bradleyTerry?[candidate].map { .init($0.rating, low: $0.lower, high: $0.upper) }
                }
                return .init(name: candidate, model: model, rating: rating, elo: r.elo?[candidate], winRate: r.records?[candidate]?.winRate)
            })
        }
    }

    /// Who judged an arena run: the judge model, the peers, or nobody (a dry run).
    func judge(_ file: ArenaRatingsFile) -> String {
        let s = file.manifest.settings
        return s.dryRun ? "dry run" : s.mode == .peer ? "peers: " + s.judges.joined(separator: ", ") : name(file.manifest.model)
    }

    func perf() -> [Comparison.Perf] {
        runs.compactMap { run in
            guard case .perf(let s) = run.content else { return nil }
            return Comparison.Perf(model: name(run.model), folder: run.folder, levels: s.levels.map(\.assay).map { level in
                .init(parallel: level.parallel, rate: level.rate, succeeded: level.succeeded, failed: level.failed,
                      requestThroughput: level.requestThroughput, outputThroughput: level.outputThroughput,
                      ttftP50: level.ttft.percentiles["p50"], ttftP99: level.ttft.percentiles["p99"],
                      tpotP50: level.tpot.percentiles["p50"], tpotP99: level.tpot.percentiles["p99"],
                      latencyP50: level.latency.percentiles["p50"], latencyP99: level.latency.percentiles["p99"])
            })
        }
    }
}
