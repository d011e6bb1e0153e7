/// One way to perturb a benchmark item while keeping its gold answer correct. Written on the
/// command line and in `provenance.perturbations` as `name` or `name:parameter`
/// ("shuffle_options", "relabel_options:numeric", "typos:0.05", "rename:names").
public enum PerturbationKind: Sendable, Hashable, CustomStringConvertible {
    /// Multiple-choice options reordered; the gold label moves with its option.
    case shuffleOptions
    /// Option labels rewritten to another scheme; `answer` holds the new gold label.
    case relabelOptions(LabelScheme)
    /// An irrelevant but plausible sentence inserted before the question (GSM-NoOp style).
    case distractor
    /// People's names and/or objects replaced consistently.
    case rename(RenameScope)
    /// Character noise at a per-character rate, never inside numbers or answer words.
    case typos(rate: Double)
    /// Whitespace and line-break noise.
    case whitespace
    /// Light synonym substitution.
    case paraphrase
    /// The numbers of a math item re-drawn from the template that matches its question, the
    /// answer recomputed (items no template matches are left alone).
    case resampleNumbers

    /// What `rename` replaces.
    public enum RenameScope: String, Sendable, CaseIterable {
        case all, names, objects
    }

    /// The kind names with a one-line description each, in the order `--list` prints them.
    public static let catalog: [(name: String, summary: String)] = [
        ("shuffle_options", "reorder multiple-choice options; the gold label moves with its option"),
        ("relabel_options[:numeric|lower|letters]", "relabel options A-D as 1-4 (default) or a-d; answer holds the new label"),
        ("distractor", "insert an irrelevant but plausible sentence before the question (GSM-NoOp style)"),
        ("rename[:names|objects]", "replace people's names and objects consistently from the names-*/objects-* lexicons"),
        ("typos[:RATE]", "typos, swapped letters, case flips at RATE per character (default 0.05); numbers and answer words kept"),
        ("whitespace", "whitespace and line-break noise, never inside a word or number"),
        ("paraphrase", "light synonym substitution from the synonyms-en / synonyms-zh lexicons"),
        ("resample_numbers", "re-draw the numbers of an item a template in Templates/ matches; the answer is recomputed"),
    ]

    /// Parses `name` or `name:parameter`.
    public init(parsing text: String) throws(PerturbationError) {
        let parts = text.split(separator: ":", maxSplits: 1).map(String.init)
        let name = parts.first ?? ""
        let parameter = parts.count > 1 ? parts[1] : nil
        func noParameter(_ kind: PerturbationKind) throws(PerturbationError) -> PerturbationKind {
            guard parameter == nil else { throw .badParameter(kind: name, value: parameter!, reason: "takes no parameter") }
            return kind
        }
        switch name {
        case "shuffle_options": self = try noParameter(.shuffleOptions)
        case "distractor": self = try noParameter(.distractor)
        case "whitespace": self = try noParameter(.whitespace)
        case "paraphrase": self = try noParameter(.paraphrase)
        case "resample_numbers": self = try noParameter(.resampleNumbers)
        case "relabel_options":
            guard let scheme = LabelScheme(rawValue: parameter ?? "numeric") else {
                throw .badParameter(kind: name, value: parameter!, reason: "expected numeric, lower or letters")
            }
            self = .relabelOptions(scheme)
        case "rename":
            guard let scope = RenameScope(rawValue: parameter ?? "all") else {
                throw .badParameter(kind: name, value: parameter!, reason: "expected names or objects")
            }
            self = .rename(scope)
        case "typos":
            guard let rate = Double(parameter ?? "0.05"), rate > 0, rate <= 0.5 else {
                throw .badParameter(kind: name, value: parameter!, reason: "expected a rate in (0, 0.5]")
            }
            self = .typos(rate: rate)
        default:
            throw .unknownKind(text, known: Self.catalog.map(\.name))
        }
    }

    /// Parses a comma-separated list ("shuffle_options,typos:0.1").
    public static func parseList(_ text: String) throws(PerturbationError) -> [PerturbationKind] {
        var kinds: [PerturbationKind] = []
        for part in text.split(separator: ",") {
            kinds.append(try PerturbationKind(parsing: String(part).trimmingSpaces()))
        }
        guard !kinds.isEmpty else { throw .unknownKind(text, known: catalog.map(\.name)) }
        return kinds
    }

    /// The text recorded in `provenance.perturbations` and appended to ids.
    public var description: String {
        switch self {
        case .shuffleOptions: return "shuffle_options"
        case .relabelOptions(let scheme): return "relabel_options:\(scheme.rawValue)"
        case .distractor: return "distractor"
        case .rename(let scope): return scope == .all ? "rename" : "rename:\(scope.rawValue)"
        case .typos(let rate): return "typos:\(rate)"
        case .whitespace: return "whitespace"
        case .paraphrase: return "paraphrase"
        case .resampleNumbers: return "resample_numbers"
        }
    }
}

/// How multiple-choice options are labelled. Items start with letters; `relabel_options`
/// records the new scheme in `provenance.perturbations` ("relabel_options:numeric"), and the
/// item's `answer` holds the gold label in that scheme ("2").
public enum LabelScheme: String, Sendable, CaseIterable {
    case letters, numeric, lower

    /// The labels of `count` options in this scheme ("A", "1" or "a" first).
    public func labels(count: Int) -> [String] {
        switch self {
        case .letters: return BenchmarkItem.labels(count: count)
        case .numeric: return (0..<count).map { String($0 + 1) }
        case .lower: return BenchmarkItem.labels(count: count).map { $0.lowercased() }
        }
    }

    /// The scheme an item's labels are in: the last `relabel_options` it went through, else letters.
    public static func current(of item: BenchmarkItem) -> LabelScheme {
        let prefix = "relabel_options:"
        guard let last = item.provenance?.perturbations?.last(where: { $0.hasPrefix(prefix) }) else { return .letters }
        return LabelScheme(rawValue: String(last.dropFirst(prefix.count))) ?? .letters
    }
}

/// A perturbation request that cannot be carried out.
public enum PerturbationError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownKind(String, known: [String])
    case badParameter(kind: String, value: String, reason: String)

    public var description: String {
        switch self {
        case .unknownKind(let text, let known):
            return "unknown perturbation '\(text)'; known: \(known.joined(separator: ", ")) (see --list)"
        case .badParameter(let kind, let value, let reason):
            return "perturbation '\(kind)': bad parameter '\(value)': \(reason)"
        }
    }
}
