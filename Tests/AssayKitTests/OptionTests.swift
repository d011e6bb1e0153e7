import Testing
@testable import AssayCLI
@testable import AssayKit

/// Typed options: each declared once with its type, default, range or choices and help, then
/// read by key (`try arguments[option]`).
@Suite struct OptionTests {
    /// A test enumeration read by its raw values.
    enum Shape: String, OptionChoice { case round, square }

    /// The arguments of a `demo` command that declares `options`.
    func parse(_ arguments: [String], _ options: [any OptionDeclaration]) throws -> ParsedArguments {
        try ArgumentParser.parse(arguments, spec: CommandSpec(name: "demo", abstract: "", options: [OptionSpec](options)))
    }

    @Test func theDefaultIsAppliedAndShownInHelpAndPages() throws {
        let count = Option<Int>("count", default: 3, in: 1...10, help: "How many.")
        #expect(count.spec.defaultValue == "3" && count.spec.kind == .value("N"))
        #expect(try parse([], [count])[count] == 3)
        #expect(try parse(["--count", "7"], [count])[count] == 7)
        let spec = CommandSpec(name: "demo", abstract: "", options: [count.spec])
        #expect(ArgumentParser.help(spec).contains("How many. (default: 3)"))
        #expect(spec.markdown.contains("| `--count N` | How many. | `3` |"))
        let out = Option<String>("out", "DIR", default: "out", help: "Folder.")
        #expect(try parse([], [out])[out] == "out" && out.spec.defaultValue == "out")
    }

    @Test func aRequiredOptionMissingIsAUsageError() throws {
        let model = Option<String>("model", "PATH", help: "The model.", required: true)
        #expect(model.spec.isRequired)
        #expect(throws: UsageError.missingOption(option: "model", command: "demo")) { try parse([], [model]) }
        // Not required in the spec (another option may make it unneeded) but read without a default.
        let benchmark = Option<String>("benchmark", "FILE", help: "Items.")
        let parsed = try parse([], [benchmark])
        #expect(throws: UsageError.missingOption(option: "benchmark", command: "demo")) { try parsed[benchmark] }
    }

    @Test func anOptionalOptionAbsentIsNil() throws {
        let limit = Option<Int?>("limit", in: 1...Int.max, help: "First N.")
        let name = Option<String?>("name", "NAME", help: "A name.")
        let parsed = try parse([], [limit, name])
        #expect(try parsed[limit] == nil && parsed[name] == nil)
        #expect(limit.spec.defaultValue == nil && !parsed.has(limit))
        #expect(try parse(["--limit", "5"], [limit])[limit] == 5)
    }

    /// Expects `--NAME text` to be refused, when read, as an invalid value for `reason`.
    func expectRefused<Value>(_ option: Option<Value>, _ text: String, _ reason: String,
                              sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let parsed = try parse(["--\(option.spec.name)", text], [option])
        #expect(throws: UsageError.invalidValue(option: option.spec.name, value: text, reason: reason), sourceLocation: sourceLocation) {
            try parsed[option]
        }
    }

    @Test func outOfRangeAndUnparsableValuesSayWhatIsExpected() throws {
        let count = Option<Int>("count", default: 3, in: 1...10, help: "")
        try expectRefused(count, "11", "expected 1...10")
        try expectRefused(count, "x", "expected an integer")
        try expectRefused(Option<Int?>("limit", in: 1...100, help: ""), "0", "expected 1...100")
        let threshold = Option<Double>("threshold", "X", default: 0.5, in: 0...1, help: "")
        try expectRefused(threshold, "1.5", "expected 0...1")
        try expectRefused(threshold, "inf", "expected a number")
        try expectRefused(Option<Double?>("duration", "S", in: 0.001...1e7, help: ""), "0", "expected 0.001...10000000")
        try expectRefused(Option<UInt64>("seed", "S", default: 0, help: ""), "-1", "expected a non-negative integer")
    }

    @Test func amongRefusesAValueOutsideTheChoices() throws {
        let mode = Option<EvalMode?>("mode", "MODE", among: [.loglikelihood, .generate], help: "")
        #expect(try parse([], [mode])[mode] == nil)
        #expect(try parse(["--mode", "generate"], [mode])[mode] == .generate)
        try expectRefused(mode, "perplexity", "expected one of loglikelihood, generate")
        try expectRefused(mode, "bogus", "expected one of loglikelihood, generate")
        let language = Option<String>("language", "en|zh|all", default: "all", among: ["en", "zh", "all"], help: "")
        #expect(language.spec.defaultValue == "all" && language.spec.kind == .value("en|zh|all"))
        #expect(try parse([], [language])[language] == "all" && parse(["--language", "zh"], [language])[language] == "zh")
        try expectRefused(language, "fr", "expected one of en, zh, all")
    }

    @Test func anOptionChoiceEnumIsReadByItsRawValue() throws {
        let shape = Option<Shape>("shape", default: .round, help: "")
        #expect(shape.spec.kind == .value("round|square") && shape.spec.defaultValue == "round")
        #expect(try parse([], [shape])[shape] == .round && parse(["--shape", "square"], [shape])[shape] == .square)
        try expectRefused(shape, "oval", "expected one of round, square")
        let format = Option<BenchmarkFormat?>("format", "NAME", help: "")
        #expect(try parse(["--format", "mmlu"], [format])[format] == .mmlu && parse([], [format])[format] == nil)
    }

    @Test func aRepeatedOptionKeepsEveryValueAndSplitsCommasWhenAsked() throws {
        let category = RepeatedOption<String>("category", "NAME", help: "", splitCommas: true)
        let stop = RepeatedOption<String>("stop", "TEXT", help: "")
        let parsed = try parse(["--category", "math, code", "--stop", "a,b", "--category", "zh,,", "--stop", "c"], [category, stop])
        #expect(try parsed[category] == ["math", "code", "zh"])
        #expect(try parsed[stop] == ["a,b", "c"])
        #expect(try parse([], [category])[category].isEmpty)
        #expect(category.spec.kind == .repeated("NAME"))
        let sizes = RepeatedOption<Int>("size", help: "")
        #expect(try parse(["--size", "1", "--size", "2"], [sizes])[sizes] == [1, 2])
        #expect(throws: UsageError.invalidValue(option: "size", value: "x", reason: "expected an integer")) {
            try parse(["--size", "1", "--size", "x"], [sizes])[sizes]
        }
    }

    @Test func anAliasIsReadUnderTheOptionsOwnName() throws {
        let benchmark = Option<String>("benchmark", "FILE", help: "", aliases: ["input"])
        let parsed = try parse(["--input", "items.jsonl"], [benchmark])
        #expect(try parsed[benchmark] == "items.jsonl")
        #expect(parsed.has(benchmark) && parsed.values["input"] == nil)
        let workers = Option<Int>("workers", default: 2, in: 1...64, help: "", aliases: ["threads"])
        #expect(try parse(["--threads", "4"], [workers])[workers] == 4)
        #expect(throws: UsageError.invalidValue(option: "workers", value: "99", reason: "expected 1...64")) {
            try parse(["--threads", "99"], [workers])[workers]
        }
    }

    @Test func aDoubleDefaultIsShownWithoutATrailingZero() {
        #expect(Option<Double>("timeout", "S", default: 600, help: "").spec.defaultValue == "600")
        #expect(Option<Double>("threshold", "X", default: 0.5, help: "").spec.defaultValue == "0.5")
        #expect(Option<Double>("top-p", "P", default: 0.95, help: "").spec.defaultValue == "0.95")
        #expect(Option<Double>("temperature", "T", default: 0, help: "").spec.defaultValue == "0")
        #expect(Option<Double>("rate", "R", default: -1, help: "").spec.defaultValue == "-1")
    }

    @Test func aFlagIsTrueOnlyWhenGiven() throws {
        let resume = Flag("resume", help: "")
        #expect(try parse(["--resume"], [resume])[resume] && !parse([], [resume])[resume])
        #expect(resume.spec.kind == .flag)
    }
}
