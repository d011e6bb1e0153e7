import AssayKit
/// The declaration of one subcommand: its name, options and help text. The `assay` executable
/// declares one per command; `ArgumentParser` parses against it and renders its `--help`.
public struct CommandSpec: Sendable {
    public var name: String
    public var abstract: String
    public var options: [OptionSpec]
    /// Names of positional arguments, for the usage line (most commands take none).
    public var positionals: [String]
    public var discussion: String?
    public var examples: [String]

    public init(name: String, abstract: String, options: [OptionSpec], positionals: [String] = [],
                discussion: String? = nil, examples: [String] = []) {
        self.name = name
        self.abstract = abstract
        self.options = options
        self.positionals = positionals
        self.discussion = discussion
        self.examples = examples
    }

    /// The option declared with this long name, or with it as an alias (an older name).
    public func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name } ?? options.first { $0.aliases.contains(name) }
    }
}

/// One `--option` of a command.
public struct OptionSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `--name` alone: a boolean switch.
        case flag
        /// `--name VALUE` (or `--name=VALUE`), given at most once (twice is a usage error).
        case value(String)
        /// `--name VALUE`, repeatable; every occurrence is kept (a comma list is not split).
        case repeated(String)
    }

    public var name: String
    public var kind: Kind
    public var help: String
    public var isRequired: Bool
    public var defaultValue: String?
    /// Older names still accepted (`--input` where the option is now `--benchmark`); the value is
    /// read under `name`.
    public var aliases: [String]

    /// Commands declare options through `Option`, `Flag` and `RepeatedOption`, which make this.
    init(_ name: String, _ kind: Kind, help: String, required: Bool = false, default defaultValue: String? = nil,
         aliases: [String] = []) {
        self.name = name
        self.kind = kind
        self.help = help
        self.isRequired = required
        self.defaultValue = defaultValue
        self.aliases = aliases
    }

    /// The help text with what the usage line does not show: default, required, repeatable, aliases.
    var fullHelp: String {
        var help = self.help
        if let defaultValue { help += " (default: \(defaultValue))" }
        if isRequired { help += " (required)" }
        if case .repeated = kind { help += " (repeatable)" }
        if !aliases.isEmpty { help += " (also " + aliases.map { "--\($0)" }.joined(separator: ", ") + ")" }
        return help
    }

    /// `--name VALUE` as shown in usage lines.
    var synopsis: String {
        switch kind {
        case .flag: return "--\(name)"
        case .value(let v), .repeated(let v): return "--\(name) \(v)"
        }
    }
}
