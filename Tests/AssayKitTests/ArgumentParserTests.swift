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
        ])

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
