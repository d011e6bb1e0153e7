import Testing
@testable import AssayCLI
@testable import AssayKit

@Suite struct ArgumentParserTests {
    static let model = Option<String>("model", "PATH", help: "The model.", required: true)
    static let count = Option<Int>("count", default: 3, help: "How many.")
    static let corpus = RepeatedOption<String>("corpus", "PATH", help: "A corpus.")
    static let strict = Flag("strict", help: "Stop at the first bad line.")
    static let temp = Option<Double?>("temp", "T", help: "Temperature.")
    static let benchmark = Option<String?>("benchmark", "FILE", help: "Items.", aliases: ["input"])
    let spec = CommandSpec(name: "demo", abstract: "A demo command.",
                           options: [OptionSpec]([model, count, corpus, strict, temp, benchmark]))

    /// An older name is accepted and read under the option's own name; help shows both, and
    /// the old and the new name together count as the option given twice.
    @Test func anAliasIsReadUnderTheOptionsName() throws {
        let p = try ArgumentParser.parse(["--model", "m", "--input", "items.jsonl"], spec: spec)
        #expect(try p[Self.benchmark] == "items.jsonl" && p.values["input"] == nil && p.has(Self.benchmark))
        #expect(ArgumentParser.help(spec).contains("--benchmark FILE") && ArgumentParser.help(spec).contains("(also --input)"))
        #expect(spec.markdown.contains("Also `--input`."))
        #expect(throws: UsageError.self) { try ArgumentParser.parse(["--model", "m", "--input", "a", "--benchmark", "b"], spec: spec) }
    }

    @Test func parsesValuesFlagsAndDefaults() throws {
        let p = try ArgumentParser.parse(["--model", "m.gguf", "--strict", "--corpus=a", "--corpus", "b"], spec: spec)
        #expect(try p[Self.model] == "m.gguf")
        #expect(p[Self.strict])
        #expect(try p[Self.corpus] == ["a", "b"])
        #expect(try p[Self.count] == 3)
        #expect(!p.has(Self.count) && !p.has(Self.temp))
    }

    @Test func negativeNumberIsAValue() throws {
        let p = try ArgumentParser.parse(["--model", "m", "--temp", "-0.5"], spec: spec)
        #expect(try p[Self.temp] == -0.5)
    }

    @Test func rejectsASingleValuedOptionGivenTwice() throws {
        #expect(throws: UsageError.self) { try ArgumentParser.parse(["--model", "a", "--model=b"], spec: spec) }
        #expect(throws: UsageError.self) { try ArgumentParser.parse(["--model", "m", "--count", "1", "--count", "1"], spec: spec) }
        #expect(try ArgumentParser.parse(["--model", "m", "--corpus", "a", "--corpus", "a"], spec: spec)[Self.corpus] == ["a", "a"])
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

    @Test func rejectsStrayPositional() {
        #expect(throws: UsageError.unexpectedArgument("extra", command: "demo")) {
            try ArgumentParser.parse(["--model", "m", "extra"], spec: spec)
        }
    }

    @Test func flagWithValueIsRejected() {
        #expect(throws: UsageError.self) { try ArgumentParser.parse(["--model", "m", "--strict=yes"], spec: spec) }
    }
}
