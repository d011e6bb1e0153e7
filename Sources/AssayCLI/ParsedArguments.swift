import AssayKit
/// The options a command was given, read by the declarations themselves (`try arguments[seed]`,
/// `arguments[resume]`; see `Option`, `Flag`, `RepeatedOption`), which apply the declared default
/// and throw `UsageError` on bad values.
public struct ParsedArguments: Sendable {
    public let command: String
    /// The text of each value option given, under the option's own name (not an alias).
    var values: [String: [String]] = [:]
    var flags: Set<String> = []
    public internal(set) var positionals: [String] = []
    public internal(set) var wantsHelp = false

    init(command: String) { self.command = command }

    /// True when the option was given explicitly (not only defaulted).
    func has(_ name: String) -> Bool { values[name] != nil || flags.contains(name) }

    /// All values of a repeatable option; a comma-separated value counts as several when
    /// `splitCommas` is true.
    func strings(_ name: String, splitCommas: Bool) -> [String] {
        let raw = values[name] ?? []
        guard splitCommas else { return raw }
        return raw.flatMap { $0.split(separator: ",").map { String($0).trimmingSpaces() } }.filter { !$0.isEmpty }
    }
}
