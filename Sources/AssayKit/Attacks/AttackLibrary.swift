import Foundation

/// Every attack suite under `Templates/attacks/` (`.attack` files, recursively), with selection
/// by suite or category name and language.
public struct AttackLibrary: Sendable {
    /// The suites, in the order of their file paths.
    public let suites: [AttackSuite]

    /// A library of the given suites (names must be unique).
    public init(suites: [AttackSuite]) throws(AttackLibraryError) {
        var files: [String: [String]] = [:]
        for suite in suites { files[suite.name, default: []].append(suite.source) }
        if let (name, sources) = files.sorted(by: { $0.key < $1.key }).first(where: { $0.value.count > 1 }) {
            throw .duplicateName(name: name, files: sources)
        }
        self.suites = suites
    }

    /// Loads every `.attack` file under `folder` (default `Templates/attacks`).
    public static func load(from folder: URL? = nil, lexiconFolder: URL? = nil) throws -> AttackLibrary {
        let root = try folder ?? AssayPaths.templates().appendingPathComponent("attacks", isDirectory: true)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw InputError.fileNotFound(path: root.path)
        }
        let files = walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "attack" }.sorted { $0.path < $1.path }
        return try AttackLibrary(suites: files.map { try AttackSuite.load($0, lexiconFolder: lexiconFolder) })
    }

    /// The suites named (a suite name such as `goal-hijacking-en`, or a category such as
    /// `goal_hijacking`; none: all) in `language` ("en", "zh" or nil for both), in library order.
    public func select(_ names: [String], language: String?) throws(AttackLibraryError) -> [AttackSuite] {
        for name in names where !suites.contains(where: { $0.name == name || $0.category.rawValue == name }) {
            throw .unknownSuite(name: name, known: suites.map(\.name) + AttackCategory.allCases.map(\.rawValue))
        }
        let chosen = suites.filter { suite in
            (names.isEmpty || names.contains(suite.name) || names.contains(suite.category.rawValue))
                && (language == nil || suite.language == language)
        }
        guard !chosen.isEmpty else { throw .nothingSelected(names: names, language: language ?? "all") }
        return chosen
    }

    /// One line per suite: name, category, language, detector, description.
    public func listing() -> String {
        let width = (suites.map(\.name.count).max() ?? 0) + 2
        let categoryWidth = (AttackCategory.allCases.map(\.rawValue.count).max() ?? 0) + 2
        return suites.map { suite in
            suite.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + suite.category.rawValue.padding(toLength: categoryWidth, withPad: " ", startingAt: 0)
                + "\(suite.language)  \(suite.detector.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0))\(suite.description)"
        }.joined(separator: "\n")
    }
}

/// Problems with choosing attack suites and drawing their items.
public enum AttackLibraryError: Error, Sendable, Equatable, CustomStringConvertible {
    case duplicateName(name: String, files: [String])
    case unknownSuite(name: String, known: [String])
    case nothingSelected(names: [String], language: String)
    /// A planted-answer suite drew its truth as the planted answer `draws` times in a row.
    case plantedEqualsTruth(suite: String, draws: Int)

    public var description: String {
        switch self {
        case .duplicateName(let name, let files):
            return "attack suite name '\(name)' is declared by several files: \(files.joined(separator: ", "))"
        case .unknownSuite(let name, let known):
            return "no attack suite or category named '\(name)'; known: \(known.joined(separator: ", "))"
        case .nothingSelected(let names, let language):
            return "no attack suite matches \(names.isEmpty ? "(all)" : names.joined(separator: ", ")) in language '\(language)'"
        case .plantedEqualsTruth(let suite, let draws):
            return "attack suite '\(suite)': the planted answer equalled the truth in \(draws) draws in a row; plant a different answer"
        }
    }
}
