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

    /// The option declared with this long name.
    public func option(named name: String) -> OptionSpec? {
        options.first { $0.name == name }
    }
}

/// One `--option` of a command.
public struct OptionSpec: Sendable {
    public enum Kind: Sendable, Equatable {
        /// `--name` alone: a boolean switch.
        case flag
        /// `--name VALUE` (or `--name=VALUE`); the last occurrence wins.
        case value(String)
        /// `--name VALUE`, repeatable; every occurrence is kept (a comma list is not split).
        case repeated(String)
    }

    public var name: String
    public var kind: Kind
    public var help: String
    public var isRequired: Bool
    public var defaultValue: String?

    public init(_ name: String, _ kind: Kind, help: String, required: Bool = false, default defaultValue: String? = nil) {
        self.name = name
        self.kind = kind
        self.help = help
        self.isRequired = required
        self.defaultValue = defaultValue
    }

    /// `--name VALUE` as shown in usage lines.
    var synopsis: String {
        switch kind {
        case .flag: return "--\(name)"
        case .value(let v), .repeated(let v): return "--\(name) \(v)"
        }
    }
}
