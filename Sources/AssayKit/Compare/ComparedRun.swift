import Foundation

/// One output folder of an Assay command, read for `assay compare`: its summary (`summary.json`,
/// or `ratings.json` for an arena run) decoded with the command's own types. Nothing is re-run.
public struct ComparedRun: Sendable {
    /// What the folder holds.
    public enum Content: Sendable {
        case eval(EvalSummary)
        /// An audit, with the evaluation `audit --evaluate` wrote into its `eval/` folder.
        case audit(AuditSummary, evaluation: EvalSummary?)
        case robust(RobustSummary)
        case attack(AttackSummary)
        case arena(ArenaRatingsFile)
        case perf(PerfSummaryFile)
    }

    /// The folder as given.
    public var folder: String
    public var content: Content

    /// The command that wrote the folder ("eval", "audit", ...).
    public var command: String {
        switch content {
        case .eval: "eval"
        case .audit: "audit"
        case .robust: "robust"
        case .attack: "attack"
        case .arena: "arena"
        case .perf: "perf"
        }
    }

    /// The model the run measured (an arena run's judge).
    public var model: ModelProvenance { header.model }
    /// The manifest's date (ISO 8601, so it sorts as text).
    public var date: String { header.date }

    private var header: (model: ModelProvenance, date: String) {
        switch content {
        case .eval(let s): (s.manifest.model, s.manifest.date)
        case .audit(let s, _): (s.manifest.model, s.manifest.date)
        case .robust(let s): (s.manifest.model, s.manifest.date)
        case .attack(let s): (s.manifest.model, s.manifest.date)
        case .arena(let f): (f.manifest.model, f.manifest.date)
        case .perf(let s): (s.manifest.model, s.manifest.date)
        }
    }

    /// Reads the run in `folder`.
    public static func load(folder: String) throws(CompareError) -> ComparedRun {
        let summary = (folder as NSString).appendingPathComponent("summary.json")
        let ratings = (folder as NSString).appendingPathComponent("ratings.json")
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { throw .missing(folder) }
        guard isDirectory.boolValue else { throw .notARunFolder(folder) }
        let path = FileManager.default.fileExists(atPath: summary) ? summary : ratings
        guard let data = FileManager.default.contents(atPath: path) else {
            throw FileManager.default.fileExists(atPath: path) ? .unreadable(path, reason: "cannot be read") : .notARunFolder(folder)
        }
        let decoder = JSONLinesWriter.makeDecoder()
        struct Peek: Decodable {
            struct Manifest: Decodable { var command: String }
            var manifest: Manifest
        }
        let command: String
        do {
            command = try decoder.decode(Peek.self, from: data).manifest.command
        } catch {
            throw .unreadable(path, reason: (try? JSONSerialization.jsonObject(with: data)) != nil
                              ? "it has no manifest with a command" : "it is not complete JSON (was the run interrupted while writing it?)")
        }
        do {
            let content: Content
            switch (command, path == ratings) {
            case ("eval", false): content = .eval(try decoder.decode(EvalSummary.self, from: data))
            case ("audit", false):
                let evaluation = FileManager.default.contents(atPath: (folder as NSString).appendingPathComponent("eval/summary.json"))
                    .flatMap { try? decoder.decode(EvalSummary.self, from: $0) }
                content = .audit(try decoder.decode(AuditSummary.self, from: data), evaluation: evaluation)
            case ("robust", false): content = .robust(try decoder.decode(RobustSummary.self, from: data))
            case ("attack", false): content = .attack(try decoder.decode(AttackSummary.self, from: data))
            case ("perf", false): content = .perf(try decoder.decode(PerfSummaryFile.self, from: data))
            case ("arena", true): content = .arena(try decoder.decode(ArenaRatingsFile.self, from: data))
            default: throw CompareError.unsupported(path, command: command)
            }
            return ComparedRun(folder: folder, content: content)
        } catch let error as CompareError {
            throw error
        } catch {
            throw .unreadable(path, reason: "it does not match the \(command) summary of this Assay version (\(Self.describe(error)))")
        }
    }

    /// A decoding error as one short clause.
    static func describe(_ error: any Error) -> String {
        switch error as? DecodingError {
        case .keyNotFound(let key, let context)?:
            return "no \"\((context.codingPath + [key]).map(\.stringValue).joined(separator: "."))\""
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?, .dataCorrupted(let context)?:
            return "bad \"\(context.codingPath.map(\.stringValue).joined(separator: "."))\""
        default:
            return "\(error)"
        }
    }
}

/// What `assay compare` reads of a perf run's `summary.json`: the manifest and Assay's figures
/// per level (the peers' tables beside them are left out).
public struct PerfSummaryFile: Decodable, Sendable {
    public struct Level: Decodable, Sendable {
        public var assay: PerfLevelSummary
    }

    public var manifest: RunManifest<PerfSettings>
    public var interrupted: Bool
    public var levels: [Level]
}
