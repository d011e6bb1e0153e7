import AssayKit
import Foundation

/// `assay generate`: fresh items from a template file or a named template in `Templates/`.
enum GenerateCommand: AssayCommand {
    static let spec = CommandSpec(
        name: "generate",
        abstract: "Generate fresh test items from templates (canonical JSONL).",
        options: [
            OptionSpec("template", .value("FILE"), help: "A .tmpl template file."),
            OptionSpec("family", .value("NAME"), help: "A template in Templates/, by name (see --list)."),
            OptionSpec("count", .value("N"), help: "How many items (distinct questions).", default: "10"),
            OptionSpec("seed", .value("S"), help: "Seed; the same seed gives the same bytes.", default: "0"),
            OptionSpec("level", .value("L"), help: "Difficulty level (default: the template's lowest)."),
            OptionSpec("mc", .flag, help: "Multiple choice: the answer among the template's distractors."),
            OptionSpec("output", .value("FILE"), help: "Write here instead of standard output."),
            OptionSpec("list", .flag, help: "List the templates with language, levels and description."),
        ],
        discussion: "Ids are <template>/<seed>/<index>. Integer answers print as integers, others as exact decimals or a/b.",
        examples: [
            "assay generate --family shopping-en --count 100 --seed 7",
            "assay generate --template my.tmpl --level 2 --mc --output items.jsonl",
            "assay generate --list",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        if arguments.flag("list") {
            print(try TemplateLibrary.load().listing())
            return 0
        }
        let count = try arguments.int("count", in: 1...10_000_000) ?? 10
        let seed = try arguments.uint64("seed") ?? 0
        let level = try arguments.int("level", in: 1...1000)
        let template = try selectTemplate(arguments)
        let items = try template.generate(count: count, seed: seed, level: level, multipleChoice: arguments.flag("mc"))
        let writer = try JSONLinesWriter(path: arguments.string("output") ?? "-")
        for item in items { try writer.write(item) }
        return 0
    }

    /// The one place that turns `--template FILE` / `--family NAME` into a generator.
    static func selectTemplate(_ arguments: ParsedArguments) throws -> Template {
        switch (arguments.string("template"), arguments.string("family")) {
        case (let file?, nil):
            return try Template.load(URL(fileURLWithPath: file))
        case (nil, let family?):
            return try TemplateLibrary.load().template(named: family)
        case (.some, .some):
            throw UsageError.conflict("give either --template FILE or --family NAME, not both")
        case (nil, nil):
            throw UsageError.conflict("give --template FILE, --family NAME or --list")
        }
    }
}
