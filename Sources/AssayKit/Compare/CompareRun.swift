import Foundation

/// `assay compare`: finds the run folders under the given paths, reads their summaries, and
/// writes `comparison.json`, `comparison.md` and `report.html` into the output folder.
public struct CompareRun: Sendable {
    /// Folders under a given path are searched this deep for run folders.
    public static let searchDepth = 3

    public var paths: [String]
    public var output: String
    public var layout: ComparisonReport.Layout

    public init(paths: [String], output: String, layout: ComparisonReport.Layout = .model) {
        self.paths = paths
        self.output = output
        self.layout = layout
    }

    public struct Outcome: Sendable {
        public var comparison: Comparison
        public var jsonPath: String
        public var reportPath: String
    }

    /// Reads, compares and writes; a folder that cannot be used is listed as skipped (and
    /// reported through `warn`), and only no usable folder at all is an error.
    public func run(warn: (String) -> Void = { _ in }) throws -> Outcome {
        let (runs, skipped) = Self.discover(paths)
        for entry in skipped { warn("skipped \(entry.folder): \(entry.reason)") }
        guard !runs.isEmpty else { throw CompareError.noRuns(skipped: skipped.count) }
        let comparison = ComparisonBuilder(runs: runs).build(skipped: skipped)
        let document = ComparisonReport.document(comparison, layout: layout)
        let folder = URL(fileURLWithPath: output, isDirectory: true)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw InputError.unwritable(path: output, reason: error.localizedDescription)
        }
        let json = folder.appendingPathComponent("comparison.json").path
        try JSONLinesWriter.writeDocument(comparison, to: json)
        let report = folder.appendingPathComponent("report.html")
        do {
            try Data(document.renderMarkdown().utf8).write(to: folder.appendingPathComponent("comparison.md"), options: .atomic)
            try Data(document.renderHTML().utf8).write(to: report, options: .atomic)
        } catch {
            throw InputError.unwritable(path: output, reason: error.localizedDescription)
        }
        return Outcome(comparison: comparison, jsonPath: json, reportPath: report.path)
    }

    /// The runs in or under `paths` (a folder with `summary.json` or `ratings.json` is a run;
    /// other folders are searched `searchDepth` levels down), each read once, and what could
    /// not be used.
    public static func discover(_ paths: [String]) -> (runs: [ComparedRun], skipped: [Comparison.Skipped]) {
        var runs: [ComparedRun] = [], skipped: [Comparison.Skipped] = [], seen: Set<String> = []
        func visit(_ path: String, depth: Int, given: Bool) -> Bool {
            let resolved = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            let isRun = ["summary.json", "ratings.json"].contains { FileManager.default.fileExists(atPath: (path as NSString).appendingPathComponent($0)) }
            if isRun || given && !isDirectory(path) {
                guard seen.insert(resolved).inserted else { return true }
                do { runs.append(try ComparedRun.load(folder: path)) } catch { skipped.append(.init(folder: path, reason: error.description)) }
                return true
            }
            guard depth < searchDepth, let children = try? FileManager.default.contentsOfDirectory(atPath: path) else { return false }
            var found = false
            for child in children.sorted() where !child.hasPrefix(".") {
                let childPath = (path as NSString).appendingPathComponent(child)
                if isDirectory(childPath), visit(childPath, depth: depth + 1, given: false) { found = true }
            }
            return found
        }
        for path in paths where !visit(path, depth: 0, given: true) {
            skipped.append(.init(folder: path, reason: CompareError.notARunFolder(path).description))
        }
        return (runs, skipped)
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}
