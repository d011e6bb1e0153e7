import Foundation

/// Every template under `Templates/`, with lookup by name, matching of existing questions to
/// templates, and number re-sampling of matched items.
public struct TemplateLibrary: Sendable {
    /// The templates, in the order of their file paths.
    public let templates: [Template]

    /// A library of the given templates (names must be unique).
    public init(templates: [Template]) throws(TemplateError) {
        var files: [String: [String]] = [:]
        for template in templates { files[template.name, default: []].append(template.source) }
        if let (name, sources) = files.sorted(by: { $0.key < $1.key }).first(where: { $0.value.count > 1 }) {
            throw .duplicateName(name: name, files: sources)
        }
        self.templates = templates
    }

    /// Loads every `.tmpl` file under `folder` (default `Templates/`), recursively.
    public static func load(from folder: URL? = nil, lexiconFolder: URL? = nil) throws -> TemplateLibrary {
        let root = try folder ?? AssayPaths.templates()
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else {
            throw InputError.fileNotFound(path: root.path)
        }
        let files = walker.compactMap { $0 as? URL }.filter { $0.pathExtension == "tmpl" }.sorted { $0.path < $1.path }
        return try TemplateLibrary(templates: files.map { try Template.load($0, lexiconFolder: lexiconFolder) })
    }

    /// The template with this name.
    public func template(named name: String) throws(TemplateError) -> Template {
        guard let template = templates.first(where: { $0.name == name }) else {
            throw .unknownTemplate(name: name, known: templates.map(\.name))
        }
        return template
    }

    /// One line per template: name, language, levels, multiple choice, description.
    public func listing() -> String {
        let width = (templates.map(\.name.count).max() ?? 0) + 2
        return templates.map { template in
            let levels = "levels \(template.levels.lowerBound)..\(template.levels.upperBound)"
            let mc = template.supportsMultipleChoice ? "mc" : "  "
            return template.name.padding(toLength: width, withPad: " ", startingAt: 0)
                + "\(template.language)  \(levels)  \(mc)  \(template.description)"
        }.joined(separator: "\n")
    }

    /// The first template whose question text matches `question` (placeholders as wildcards,
    /// literal text equal after whitespace normalization), with the values the question shows.
    public func match(question: String) -> TemplateMatch? {
        for template in templates {
            if let slots = template.question.bindings(in: question, matcher: template.questionMatcher, variables: template.variables) {
                return TemplateMatch(template: template, slotValues: slots)
            }
        }
        return nil
    }

    /// A twin of `item` with new numbers drawn with `seed`: lexicon entries (names, objects)
    /// are kept unless `keepingNames` is false (then they are drawn again too: a fresh item of
    /// the same template and level), the answer (and solution, choices) recomputed, and
    /// `"resample_numbers"` appended to its perturbations. Throws when no template matches.
    public func resample(item: BenchmarkItem, seed: UInt64, keepingNames: Bool = true) throws(TemplateError) -> BenchmarkItem {
        guard let match = match(question: item.question) else { throw .noMatchingTemplate(itemID: item.id) }
        return try match.template.resample(item, keeping: keepingNames ? match.slotValues : [:], seed: seed)
    }
}

/// A template that matches a question, and the values the question shows.
public struct TemplateMatch: Sendable {
    public let template: Template
    let slotValues: [Int: Rational]

    /// The shown values by variable name: numbers in canonical form, lexicon entries as their
    /// first field.
    public var bindings: [String: String] {
        var result: [String: String] = [:]
        for (slot, value) in slotValues {
            let variable = template.variables[slot]
            result[variable.name] = variable.entries.map { $0[value.numerator][0] } ?? value.canonical
        }
        return result
    }
}

extension Template {
    /// See `TemplateLibrary.resample(item:seed:)`.
    func resample(_ item: BenchmarkItem, keeping slotValues: [Int: Rational], seed: UInt64) throws(TemplateError) -> BenchmarkItem {
        let pins = slotValues.filter { variables[$0.key].entries != nil }
        let level = item.provenance?.level.flatMap { levels.contains($0) ? $0 : nil } ?? levels.lowerBound
        var generator = randomSource(seed: seed)
        var sampler = TemplateSampler(template: self, level: level, pins: pins)
        let original = TextPattern.normalizeWhitespace(item.question)
        var draws = 0
        guard var twin = try makeItem(id: "\(item.id)/resample/\(seed)", seed: seed, sampler: &sampler, generator: &generator,
                                      multipleChoice: item.isMultipleChoice && supportsMultipleChoice, draws: &draws,
                                      accept: { TextPattern.normalizeWhitespace($0) != original }) else {
            throw .spaceTooSmall(template: name, wanted: 1, found: 0, draws: draws)
        }
        var provenance = item.provenance ?? Provenance(source: "template")
        provenance.template = name
        provenance.seed = seed
        provenance.level = level
        provenance.perturbations = (provenance.perturbations ?? []) + ["resample_numbers"]
        provenance.original = item.id
        twin.provenance = provenance
        twin.benchmark = item.benchmark
        twin.subset = item.subset
        return twin
    }
}
