import Testing
@testable import AssayKit

@Suite struct ArgumentParserTests {
    let spec = CommandSpec(
        name: "demo", abstract: "A demo command.",
        options: [
            OptionSpec("model", .value("PATH"), help: "The model.", required: true),
            OptionSpec("count", .value("N"), help: "How many.", default: "3"),
            OptionSpec("corpus", .repeated("PATH"), help: "A corpus."),
            OptionSpec("strict", .flag, help: "Stop at the first bad line."),
            OptionSpec("temp", .value("T"), help: "Temperature."),
            OptionSpec("benchmark", .value("FILE"), help: "Items.", aliases: ["input"]),
        ])

    /// A default is stated once, in the declaration: the value accessors return it when the
    /// option is not given; without a declared default an absent option is a usage error.
    @Test func valuesComeFromTheDeclaredDefault() throws {
        let p = try ArgumentParser.parse(["--model", "m"], spec: spec)
        #expect(try p.intValue("count", in: 1...10) == 3)
        #expect(throws: UsageError.missingOption(option: "temp", command: "demo")) { try p.doubleValue("temp") }
        let given = try ArgumentParser.parse(["--model", "m", "--count", "11"], spec: spec)
        #expect(throws: UsageError.self) { try given.intValue("count", in: 1...10) }
        enum Kind: String, CaseIterable { case words, chars }
        let kinds = CommandSpec(name: "k", abstract: "", options: [OptionSpec("mode", .value("M"), help: "", default: "words")])
        #expect(try ArgumentParser.parse([], spec: kinds).caseValue("mode", as: Kind.self) == .words)
        #expect(try ArgumentParser.parse(["--mode", "chars"], spec: kinds).caseValue("mode", as: Kind.self) == .chars)
        #expect(throws: UsageError.self) { try ArgumentParser.parse(["--mode", "bytes"], spec: kinds).caseValue("mode", as: Kind.self) }
    }

    /// An older name is accepted and read under the option's own name; help shows both, and
    /// the old and the new name together count as the option given twice.
    @Test func anAliasIsReadUnderTheOptionsName() throws {
        let p = try ArgumentParser.parse(["--model", "m", "--input", "items.jsonl"], spec: spec)
        #expect(p.string("benchmark") == "items.jsonl" && p.string("input") == nil && p.has("benchmark"))
        #expect(ArgumentParser.help(spec).contains("--benchmark FILE") && ArgumentParser.help(spec).contains("(also --input)"))
        #expect(spec.markdown.contains("Also `--input`."))
        #expect(throws: UsageError.self) { try ArgumentParser.parse(["--model", "m", "--input", "a", "--benchmark", "b"], spec: spec) }
    }

    @Test func parsesValuesFlagsAndDefaults() throws {
        let p = try ArgumentParser.parse(["--model", "m.gguf", "--strict", "--corpus=a", "--corpus", "b"], spec: spec)
        #expect(p.string("model") == "m.gguf")
        #expect(p.flag("strict"))
        #expect(p.strings("corpus") == ["a", "b"])
        #expect(try p.int("count") == 3)
        #expect(!p.has("count"))
    }

    @Test func negativeNumberIsAValue() throws {
        let p = try ArgumentParser.parse(["--model", "m", "--temp", "-0.5"], spec: spec)
        #expect(try p.double("temp") == -0.5)
    }

    @Test func rejectsASingleValuedOptionGivenTwice() throws {
        #expect(throws: UsageError.self) { try ArgumentParser.parse(["--model", "a", "--model=b"], spec: spec) }
        #expect(throws: UsageError.self) { try ArgumentParser.parse(["--model", "m", "--count", "1", "--count", "1"], spec: spec) }
        #expect(try ArgumentParser.parse(["--model", "m", "--corpus", "a", "--corpus", "a"], spec: spec).strings("corpus") == ["a", "a"])
    }

    @Test func takesAnyNumberOfValuesForAVariadicPositional() throws {
        let variadic = CommandSpec(name: "v", abstract: "", options: [], positionals: ["DIR..."])
        #expect(try ArgumentParser.parse(["a", "b", "c"], spec: variadic).positionals == ["a", "b", "c"])
        let single = CommandSpec(name: "s", abstract: "", options: [], positionals: ["FILE"])
        #expect(throws: UsageError.unexpectedArgument("b", command: "s")) { try ArgumentParser.parse(["a", "b"], spec: single) }
    }

    @Test func rejectsUnknownOption() {
        #expect(throws: UsageError.unknownOption("--bogus", command: "demo")) {
            try ArgumentParser.parse(["--model", "m", "--bogus"], spec: spec)
        }
    }

    @Test func rejectsMissingValue() {
        #expect(throws: UsageError.missingValue(option: "count", command: "demo")) {
            try ArgumentParser.parse(["--model", "m", "--count"], spec: spec)
        }
        #expect(throws: UsageError.missingValue(option: "model", command: "demo")) {
            try ArgumentParser.parse(["--model", "--strict"], spec: spec)
        }
    }

    @Test func rejectsMissingRequired() {
        #expect(throws: UsageError.missingOption(option: "model", command: "demo")) {
            try ArgumentParser.parse([], spec: spec)
        }
    }

    @Test func helpNeedsNoRequiredOptions() throws {
        let p = try ArgumentParser.parse(["--help"], spec: spec)
        #expect(p.wantsHelp)
        let help = ArgumentParser.help(spec)
        #expect(help.contains("--model PATH"))
        #expect(help.contains("(default: 3)"))
    }

    @Test func rejectsBadNumbers() throws {
        let p = try ArgumentParser.parse(["--model", "m", "--count", "x"], spec: spec)
        #expect(throws: UsageError.self) { try p.int("count") }
        let q = try ArgumentParser.parse(["--model", "m", "--count", "0"], spec: spec)
        #expect(throws: UsageError.self) { try q.int("count", in: 1...10) }
    }

    @Test func rejectsStrayPositional() {
        #expect(throws: UsageError.unexpectedArgument("extra", command: "demo")) {
            try ArgumentParser.parse(["--model", "m", "extra"], spec: spec)
        }
    }

    @Test func flagWithValueIsRejected() {
        #expect(throws: UsageError.self) { try ArgumentParser.parse(["--model", "m", "--strict=yes"], spec: spec) }
    }
}
