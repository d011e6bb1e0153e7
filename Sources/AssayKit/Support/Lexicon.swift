import Foundation

/// A word list from `Corpora/lexicons/<name>.txt`: one entry per line, blank lines and lines
/// starting with `#` ignored. Lexicons feed templates (names, objects, foods...), perturbations
/// (renaming, synonyms, distractor sentences) and detectors (refusal phrases).
public struct Lexicon: Sendable, Hashable {
    public let name: String
    public let entries: [String]

    public init(name: String, entries: [String]) {
        self.name = name
        self.entries = entries
    }

    /// Parses lexicon text; `source` names the file in errors.
    public static func parse(_ text: String, name: String, source: String) throws -> Lexicon {
        var entries: [String] = []
        var seen = Set<String>()
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard seen.insert(line).inserted else {
                throw InputError.badLine(file: source, line: index + 1, reason: "duplicate entry '\(line)'")
            }
            entries.append(line)
        }
        guard !entries.isEmpty else { throw InputError.unreadable(path: source, reason: "the lexicon is empty") }
        return Lexicon(name: name, entries: entries)
    }

    /// The entries split at `|` into trimmed fields (`singular|plural`, `name|measure word`).
    public var fieldRows: [[String]] {
        entries.map { $0.split(separator: "|", omittingEmptySubsequences: false).map { String($0).trimmingSpaces() } }
    }

    /// Why the entries cannot serve as rows of fields (an empty field, or a different number of
    /// fields than the first entry), or nil when they can.
    public var fieldProblem: String? {
        let rows = fieldRows
        guard let bad = rows.first(where: { $0.count != rows[0].count || $0.contains("") }) else { return nil }
        return "lexicon '\(name)': entry '\(bad.joined(separator: "|"))' has empty fields or a different number of '|' fields than the first entry"
    }

    /// Loads `<folder>/<name>.txt`; the folder defaults to `Corpora/lexicons`.
    public static func load(_ name: String, from folder: URL? = nil) throws -> Lexicon {
        let dir = try folder ?? AssayPaths.corpora().appendingPathComponent("lexicons", isDirectory: true)
        let url = dir.appendingPathComponent("\(name).txt")
        return try parse(InputError.readText(url), name: name, source: url.path)
    }
}
