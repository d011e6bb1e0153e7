import AssayCLI
import AssayKit
import Foundation

// The `assay` executable: picks the subcommand, parses its options, calls AssayKit, and maps
// errors to exit codes (0 success, 1 failure of the work, 64 bad usage).



func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

func topLevelHelp() -> String {
    let width = (allCommands.map { $0.spec.name.count }.max() ?? 0) + 2
    var text = """
    assay \(AssayVersion.current): audits LLM benchmarks: fresh items, contamination, evaluation.

    USAGE: assay <command> [options]    (assay <command> --help for its options)

    COMMANDS:

    """
    for command in allCommands {
        let name = command.spec.name
        text += "  \(name)\(String(repeating: " ", count: width - name.count))\(command.spec.abstract)\n"
    }
    return text
}

/// `assay help --markdown [COMMAND]` prints a command's page (or the index);
/// `assay help --markdown --out DIR` writes them all (docs/commands).
func markdownHelp(_ rest: [String]) -> Int32 {
    let specs = allCommands.map { $0.spec }
    switch rest.count {
    case 0:
        print(CommandSpec.markdownIndex(specs), terminator: "")
    case 1:
        guard let spec = specs.first(where: { $0.name == rest[0] || $0.pageName == rest[0] + ".md" }) else {
            printError("assay help: error: unknown command '\(rest[0])'")
            return 64
        }
        print(spec.markdown, terminator: "")
    case 2 where rest[0] == "--out":
        do {
            try CommandSpec.writeMarkdownPages(specs, to: rest[1])
        } catch {
            printError("assay help: error: \(error)")
            return 1
        }
    default:
        printError("usage: assay help --markdown [COMMAND | --out DIR]")
        return 64
    }
    return 0
}

let argv = Array(CommandLine.arguments.dropFirst())
guard let first = argv.first, first != "--help", first != "-h", first != "help" else {
    if argv.first == "help", argv.dropFirst().first == "--markdown" {
        exit(markdownHelp(Array(argv.dropFirst(2))))
    }
    if argv.count >= 2, argv[0] == "help",
       let command = allCommands.first(where: { $0.spec.name == argv.dropFirst().joined(separator: " ") }) {
        print(ArgumentParser.help(command.spec), terminator: "")
    } else {
        print(topLevelHelp(), terminator: "")
    }
    exit(argv.isEmpty ? 64 : 0)
}
if first == "--version" {
    print("assay \(AssayVersion.current)")
    exit(0)
}
// A two-word command (`overlap merge`) wins over the one-word one.
let twoWords = argv.count >= 2 ? allCommands.first(where: { $0.spec.name == "\(first) \(argv[1])" }) : nil
let commandWords = twoWords == nil ? 1 : 2
guard let command = twoWords ?? allCommands.first(where: { $0.spec.name == first }) else {
    printError("assay: error: unknown command '\(first)'")
    printError("usage: assay <command> [options]; commands: \(allCommands.map { $0.spec.name }.joined(separator: ", "))")
    exit(64)
}

do {
    let parsed = try ArgumentParser.parse(Array(argv.dropFirst(commandWords)), spec: command.spec)
    if parsed.wantsHelp {
        print(ArgumentParser.help(command.spec), terminator: "")
        exit(0)
    }
    let code = try await command.run(parsed)
    fflush(nil)
    exit(code)
} catch let error as UsageError {
    printError("assay \(command.spec.name): error: \(error)")
    printError("usage: \(ArgumentParser.usage(command.spec))")
    exit(64)
} catch {
    fflush(nil)
    printError("assay \(command.spec.name): error: \(error)")
    exit(1)
}
