import Foundation

/// Where fresh items come from: a template (math word problems in `Templates/`) or an item
/// family (reasoning puzzles with a solver). `assay generate --family NAME` looks a name up in
/// both: templates first, then families (the names do not collide).
public enum FreshItemSource: Sendable {
    case template(Template)
    case family(any ItemFamily)

    /// The template or family called `name`.
    public static func named(_ name: String, library: TemplateLibrary? = nil) throws -> FreshItemSource {
        let library = try library ?? TemplateLibrary.load()
        if let template = try? library.template(named: name) { return .template(template) }
        if let family = FamilyCatalog.all.first(where: { $0.name == name }) { return .family(family) }
        throw FamilyError.unknownFamily(name, known: library.templates.map(\.name) + FamilyCatalog.names)
    }

    public var name: String {
        switch self {
        case .template(let template): return template.name
        case .family(let family): return family.name
        }
    }

    /// `count` distinct items, reproducible from `seed` (`level` nil: the lowest level).
    public func generate(count: Int, seed: UInt64, level: Int?, multipleChoice: Bool) throws -> [BenchmarkItem] {
        switch self {
        case .template(let template):
            return try template.generate(count: count, seed: seed, level: level, multipleChoice: multipleChoice)
        case .family(let family):
            return try family.generate(count: count, seed: seed, level: level ?? family.levels.lowerBound,
                                       multipleChoice: multipleChoice)
        }
    }

    /// The `--list` text: templates, then families, each with its knobs.
    public static func listing(library: TemplateLibrary? = nil) throws -> String {
        let library = try library ?? TemplateLibrary.load()
        return "Templates (math word problems, Templates/):\n" + library.listing()
            + "\nFamilies (generated puzzles with a solver):\n" + FamilyCatalog.listing()
    }
}
