import Foundation

/// The word lists the perturbations draw from, per language, loaded from `Corpora/lexicons`.
public struct PerturbationLexicons: Sendable {
    /// One language's lists.
    public struct Language: Sendable {
        /// People's names (`names-en` / `names-zh`).
        public var names: [String] = []
        /// Objects as (name, second field): English singular/plural, Chinese name/measure word.
        public var objects: [(String, String)] = []
        /// Groups of interchangeable words or phrases (`synonyms-*`, one group per line, `|`-separated).
        public var synonymGroups: [[String]] = []
        /// Irrelevant sentences with `{name}`, `{object}` and `{objects}` placeholders (`distractors-*`).
        public var distractors: [String] = []

        public init() {}
    }

    /// Lists for English text.
    public var english = Language()
    /// Lists for Chinese text (any text with CJK characters).
    public var chinese = Language()

    public init() {}

    /// Loads the lexicons the given kinds need from `folder` (default `Corpora/lexicons`).
    public static func load(for kinds: [PerturbationKind], from folder: URL? = nil) throws -> PerturbationLexicons {
        var lexicons = PerturbationLexicons()
        func pairs(_ name: String) throws -> [(String, String)] {
            try Lexicon.load(name, from: folder).entries.map { entry in
                let parts = entry.split(separator: "|", maxSplits: 1).map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : parts[0])
            }
        }

        func groups(_ name: String) throws -> [[String]] {
            try Lexicon.load(name, from: folder).entries.map { $0.split(separator: "|").map { String($0).trimmingSpaces() } }
        }
        let names = kinds.contains { if case .rename = $0 { return true } else { return $0 == .distractor } }
        if names {
            lexicons.english.names = try Lexicon.load("names-en", from: folder).entries
            lexicons.chinese.names = try Lexicon.load("names-zh", from: folder).entries
            lexicons.english.objects = try pairs("objects-en")
            // A one-character Chinese object (书) also stands inside other words (图书馆): left out.
            lexicons.chinese.objects = try pairs("objects-zh").filter { $0.0.count >= 2 }
        }
        if kinds.contains(.paraphrase) {
            lexicons.english.synonymGroups = try groups("synonyms-en")
            lexicons.chinese.synonymGroups = try groups("synonyms-zh")
        }
        if kinds.contains(.distractor) {
            lexicons.english.distractors = try Lexicon.load("distractors-en", from: folder).entries
            lexicons.chinese.distractors = try Lexicon.load("distractors-zh", from: folder).entries
        }
        return lexicons
    }

    /// The lists for a text's language.
    func language(chinese isChinese: Bool) -> Language { isChinese ? chinese : english }
}

/// Applies a list of perturbation kinds to items, deterministically: item number `index` draws
/// from its own random stream of `seed`, so one item's output does not depend on the others.
///
/// A perturbed item gets the id `<id>~<kind>~<kind>...`, `provenance.original` = the input id,
/// and each applied kind appended to `provenance.perturbations`. Kinds that do not apply to an
/// item (options kinds on open-answer items, `rename` with no known name or object) are skipped.
public struct Perturber: Sendable {
    /// The kinds applied, in order.
    public let kinds: [PerturbationKind]
    /// The seed whose stream `index` perturbs item `index`.
    public let seed: UInt64
    let lexicons: PerturbationLexicons
    /// The templates `resample_numbers` matches items against.
    let templates: TemplateLibrary?

    public init(kinds: [PerturbationKind], seed: UInt64, lexicons: PerturbationLexicons, templates: TemplateLibrary? = nil) {
        self.kinds = kinds
        self.seed = seed
        self.lexicons = lexicons
        self.templates = templates
    }

    /// Loads the needed lexicons from `lexiconFolder` (default `Corpora/lexicons`), and the
    /// templates of `Templates/` when `resample_numbers` is asked for.
    public init(kinds: [PerturbationKind], seed: UInt64, lexiconFolder: URL? = nil) throws {
        let templates = kinds.contains(.resampleNumbers) ? try TemplateLibrary.load(lexiconFolder: lexiconFolder) : nil
        self.init(kinds: kinds, seed: seed, lexicons: try PerturbationLexicons.load(for: kinds, from: lexiconFolder),
                  templates: templates)
    }

    /// The perturbed item, or nil when none of the kinds applies to it.
    public func perturb(_ item: BenchmarkItem, index: Int) -> BenchmarkItem? {
        var rng = SeededGenerator(seed: seed, stream: UInt64(index) &+ 1)
        var result = item
        var applied: [String] = []
        for kind in kinds where apply(kind, to: &result, using: &rng) {
            applied.append(kind.description)
            var provenance = result.provenance ?? Provenance()
            provenance.perturbations = (provenance.perturbations ?? []) + [kind.description]
            result.provenance = provenance
        }
        guard !applied.isEmpty else { return nil }
        result.id = item.id + applied.map { "~" + $0 }.joined()
        result.provenance?.original = item.id
        return result
    }

    /// Applies one kind; false when it does not apply to this item.
    func apply(_ kind: PerturbationKind, to item: inout BenchmarkItem, using rng: inout SeededGenerator) -> Bool {
        switch kind {
        case .shuffleOptions: return shuffleOptions(&item, using: &rng)
        case .relabelOptions(let scheme): return relabelOptions(&item, to: scheme)
        case .distractor: return insertDistractor(&item, using: &rng)
        case .rename(let scope): return renameEntities(&item, scope: scope, using: &rng)
        case .typos(let rate): return addTypos(&item, rate: rate, using: &rng)
        case .whitespace: return addWhitespaceNoise(&item, using: &rng)
        case .paraphrase: return paraphrase(&item, using: &rng)
        case .resampleNumbers: return resampleNumbers(&item, using: &rng)
        }
    }

    /// New numbers from the matching template; the item keeps its id and provenance here
    /// (`perturb` records the kind), only the texts and the answer change.
    func resampleNumbers(_ item: inout BenchmarkItem, using rng: inout SeededGenerator) -> Bool {
        guard let templates, let twin = try? templates.resample(item: item, seed: rng.next()) else { return false }
        item.question = twin.question
        item.answer = twin.answer
        item.solution = twin.solution
        item.choices = twin.choices
        return true
    }

    /// Words and characters of the answer and options, capitalized words the question repeats
    /// (the people and things it refers back to), and the families' answer words: noise and
    /// synonyms leave these alone so the gold answer stays right.
    static func protectedTokens(of item: BenchmarkItem) -> Set<String> {
        var texts = item.choices ?? []
        if !item.isMultipleChoice { texts.append(item.answer) }
        var capitalized: [String: Int] = [:]
        for word in item.question.split(whereSeparator: { !TextScript.isWordLetter($0) }) where word.first!.isUppercase {
            capitalized[word.lowercased(), default: 0] += 1
        }
        return TextScript.protectedTokens(texts)
            .union(capitalized.filter { $0.value > 1 }.keys)
            .union(["true", "false", "yes", "no", "not", "and", "or", "真", "假"])
    }
}

// MARK: Multiple-choice perturbations: reordering and relabelling options.

extension Perturber {
    /// The gold option's index, read in the item's current label scheme.
    static func goldIndex(of item: BenchmarkItem) -> Int? {
        guard let choices = item.choices, choices.count >= 2 else { return nil }
        return LabelScheme.current(of: item).labels(count: choices.count).firstIndex(of: item.answer)
    }

    /// Reorders the options so the gold option lands at a different place.
    func shuffleOptions(_ item: inout BenchmarkItem, using rng: inout SeededGenerator) -> Bool {
        guard let gold = Self.goldIndex(of: item), let choices = item.choices else { return false }
        var order = Array(choices.indices)
        repeat { rng.shuffle(&order) } while order.firstIndex(of: gold) == gold
        item.choices = order.map { choices[$0] }
        item.answer = LabelScheme.current(of: item).labels(count: choices.count)[order.firstIndex(of: gold)!]
        return true
    }

    /// Rewrites the gold label in `scheme` (the caller records the scheme in provenance).
    func relabelOptions(_ item: inout BenchmarkItem, to scheme: LabelScheme) -> Bool {
        guard let gold = Self.goldIndex(of: item), LabelScheme.current(of: item) != scheme else { return false }
        item.answer = scheme.labels(count: item.choices!.count)[gold]
        return true
    }
}
