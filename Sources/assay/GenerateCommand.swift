import AssayKit
import Foundation

/// `assay generate`: fresh items from a template file, a template in `Templates/` or an item family.
enum GenerateCommand: AssayCommand {
    static let spec = CommandSpec(
        name: "generate",
        abstract: "Generate fresh test items from templates or item families (canonical JSONL).",
        options: [
            OptionSpec("template", .value("FILE"), help: "A .tmpl template file."),
            OptionSpec("family", .value("NAME"), help: "A template in Templates/ or an item family, by name (see --list)."),
            OptionSpec("count", .value("N"), help: "How many items (distinct questions).", default: "10"),
            OptionSpec("seed", .value("S"), help: "Seed; the same seed gives the same bytes.", default: "0"),
            OptionSpec("level", .value("L"), help: "Difficulty level (default: the lowest; --list shows each knob per level)."),
            OptionSpec("mc", .flag, help: "Multiple choice: the gold answer among plausible distractors."),
            OptionSpec("output", .value("FILE"), help: "Write here instead of standard output."),
            OptionSpec("list", .flag, help: "List the templates and families with language, levels and knobs."),
        ],
        discussion: "Ids are <name>/<seed>/<index>. Every answer is computed (template arithmetic is exact: integers print as integers, others as exact decimals or a/b; families carry their own solver).",
        examples: [
            "assay generate --family shopping-en --count 100 --seed 7",
            "assay generate --family logical-deduction --level 3 --mc --count 50",
            "assay generate --template my.tmpl --level 2 --mc --output items.jsonl",
            "assay generate --list",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        if arguments.flag("list") {
            print(try FreshItemSource.listing(), terminator: "")
            return 0
        }
        let count = try arguments.intValue("count", in: 1...10_000_000)
        let seed = try arguments.uint64Value("seed")
        let level = try arguments.int("level", in: 1...1000)
        let source = try selectSource(arguments)
        let items = try source.generate(count: count, seed: seed, level: level, multipleChoice: arguments.flag("mc"))
        let writer = try JSONLinesWriter(path: arguments.string("output") ?? "-")
        for item in items { try writer.write(item) }
        return 0
    }

    /// The one place that turns `--template FILE` / `--family NAME` into a generator.
    static func selectSource(_ arguments: ParsedArguments) throws -> FreshItemSource {
        switch (arguments.string("template"), arguments.string("family")) {
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
