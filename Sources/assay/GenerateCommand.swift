import AssayCLI
import AssayKit
import Foundation

/// `assay generate`: fresh items from a template file, a template in `Templates/` or an item family.
enum GenerateCommand: AssayCommand {
    static let template = Option<String?>("template", "FILE", help: "A .tmpl template file.")
    static let family = Option<String?>("family", "NAME", help: "A template in Templates/ or an item family, by name (see --list).")
    static let count = Option<Int>("count", default: 10, in: 1...10_000_000, help: "How many items (distinct questions).")
    static let seed = Option<UInt64>("seed", "S", default: 0, help: "Seed; the same seed gives the same bytes.")
    static let level = Option<Int?>("level", "L", in: 1...1000, help: "Difficulty level (default: the lowest; --list shows each knob per level).")
    static let multipleChoice = Flag("mc", help: "Multiple choice: the gold answer among plausible distractors.")
    static let output = Option<String>("output", "FILE", default: "-", help: "Write here instead of standard output.")
    static let list = Flag("list", help: "List the templates and families with language, levels and knobs.")

    static let spec = CommandSpec(
        name: "generate",
        abstract: "Generate fresh test items from templates or item families (canonical JSONL).",
        options: [OptionSpec]([template, family, count, seed, level, multipleChoice, output, list]),
        discussion: "Ids are <name>/<seed>/<index>. Every answer is computed (template arithmetic is exact: integers print as integers, others as exact decimals or a/b; families carry their own solver).",
        examples: [
            "assay generate --family shopping-en --count 100 --seed 7",
            "assay generate --family logical-deduction --level 3 --mc --count 50",
            "assay generate --template my.tmpl --level 2 --mc --output items.jsonl",
            "assay generate --list",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        if arguments[list] {
            print(try FreshItemSource.listing(), terminator: "")
            return 0
        }
        let count = try arguments[count]
        let seed = try arguments[seed]
        let level = try arguments[level]
        let source = try selectSource(arguments)
        let items = try source.generate(count: count, seed: seed, level: level, multipleChoice: arguments[multipleChoice])
        let writer = try JSONLinesWriter(path: try arguments[output])
        for item in items { try writer.write(item) }
        return 0
    }

    /// The one place that turns `--template FILE` / `--family NAME` into a generator.
    static func selectSource(_ arguments: ParsedArguments) throws -> FreshItemSource {
        switch (try arguments[template], try arguments[family]) {
        case (let file?, nil):
            return .template(try Template.load(URL(fileURLWithPath: file)))
        case (nil, let family?):
            return try FreshItemSource.named(family)
        case (.some, .some):
            throw UsageError.conflict("give either --template FILE or --family NAME, not both")
        case (nil, nil):
            throw UsageError.conflict("give --template FILE, --family NAME or --list")
        }
    }
}
