import AssayKit
/// A small hand-written parser for `assay` subcommands (the project takes no packages, so no
/// swift-argument-parser): long options only, `--name VALUE` or `--name=VALUE`, flags,
/// repeatable options, positionals where declared, and `--help`/`-h`.
public enum ArgumentParser {
    /// Parses the arguments that follow the subcommand's name.
    public static func parse(_ arguments: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments(command: spec.name)
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--help" || argument == "-h" {
                parsed.wantsHelp = true
                continue
            }
            if argument == "--" {
                parsed.positionals.append(contentsOf: arguments[index...])
                break
            }
            guard argument.hasPrefix("--") else {
                if argument.hasPrefix("-") && argument.count > 1 && Double(argument) == nil {
                    throw .unknownOption(argument, command: spec.name)
                }
                // A last positional named "NAME..." takes any number of values.
                guard parsed.positionals.count < spec.positionals.count || spec.positionals.last?.hasSuffix("...") == true else {
                    throw .unexpectedArgument(argument, command: spec.name)
                }
                parsed.positionals.append(argument)
                continue
            }
            var name = String(argument.dropFirst(2))
            var inlineValue: String?
            if let eq = name.firstIndex(of: "=") {
                inlineValue = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            guard let option = spec.option(named: name) else {
                throw .unknownOption("--\(name)", command: spec.name)
            }
            let spelled = name
            name = option.name    // an alias is read under the option's own name
            switch option.kind {
            case .flag:
                if let inlineValue { throw .invalidValue(option: name, value: inlineValue, reason: "it is a flag and takes no value") }
                parsed.flags.insert(name)
            case .value, .repeated:
                let value: String
                if let inlineValue {
                    value = inlineValue
                } else {
                    guard index < arguments.count, !isOptionLike(arguments[index]) else {
                        throw .missingValue(option: name, command: spec.name)
                    }
                    value = arguments[index]
                    index += 1
                }
                if case .value = option.kind {
                    // A single-valued option given twice is a mistake, not a silent override.
                    if let first = parsed.values[name]?.first {
                        let named = spelled == name ? "--\(name)" : "--\(spelled) (the same option as --\(name))"
                        throw .conflict("\(named) was given twice ('\(first)' and '\(value)'); give it once (use a comma list where the option takes one)")
                    }
                    parsed.values[name] = [value]
                } else {
                    parsed.values[name, default: []].append(value)
                }
            }
        }
        if parsed.wantsHelp { return parsed }
        for option in spec.options where option.isRequired && parsed.values[option.name] == nil {
            throw .missingOption(option: option.name, command: spec.name)
        }
        return parsed
    }

    /// A value that starts like an option is not taken as a value (a negative number is).
    private static func isOptionLike(_ text: String) -> Bool {
        text.hasPrefix("--") || (text.hasPrefix("-") && text.count > 1 && Double(text) == nil)
    }

    /// The one-line usage of a command.
    public static func usage(_ spec: CommandSpec) -> String {
        var parts = ["assay", spec.name]
        for option in spec.options {
            parts.append(option.isRequired ? option.synopsis : "[\(option.synopsis)]")
        }
        parts.append(contentsOf: spec.positionals)
        return parts.joined(separator: " ")
    }

    /// The full `--help` text of a command.
    public static func help(_ spec: CommandSpec) -> String {
        var text = "\(spec.abstract)\n\nUSAGE: \(usage(spec))\n"
        if let discussion = spec.discussion { text += "\n\(discussion)\n" }
        if !spec.options.isEmpty {
            text += "\nOPTIONS:\n"
            let width = min(30, (spec.options.map { $0.synopsis.count }.max() ?? 0) + 2)
            for option in spec.options {
                let head = option.synopsis
                let help = option.fullHelp
                let pad = head.count < width ? String(repeating: " ", count: width - head.count) : "\n  " + String(repeating: " ", count: width)
                text += "  \(head)\(pad)\(help)\n"
            }
            text += "  --help" + String(repeating: " ", count: max(1, width - 6)) + "Show this help.\n"
        }
        if !spec.examples.isEmpty {
            text += "\nEXAMPLES:\n" + spec.examples.map { "  \($0)" }.joined(separator: "\n") + "\n"
        }
        return text
    }
}
