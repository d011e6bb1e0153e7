import AssayKit

/// A type an option's text can be read as.
public protocol OptionValue: Sendable {
    /// The value the text names, or nil when it names none.
    static func parse(_ text: String) -> Self?
    /// What a valid text looks like, for the error message ("an integer").
    static var expected: String { get }
    /// The placeholder in usage lines (`N`, `X`, `TEXT`).
    static var placeholder: String { get }
    /// The value as `--help` shows a default.
    var optionText: String { get }
    /// What an option of this type reads as when it is neither given nor defaulted: nil for an
    /// optional type; for any other type, none (the option is then a usage error).
    static var absent: Self? { get }
}

extension OptionValue {
    public static var absent: Self? { nil }
}

extension String: OptionValue {
    public static func parse(_ text: String) -> String? { text }
    public static var expected: String { "a text" }
    public static var placeholder: String { "TEXT" }
    public var optionText: String { self }
}

extension Int: OptionValue {
    public static func parse(_ text: String) -> Int? { Int(text) }
    public static var expected: String { "an integer" }
    public static var placeholder: String { "N" }
    public var optionText: String { String(self) }
}

extension UInt64: OptionValue {
    public static func parse(_ text: String) -> UInt64? { UInt64(text) }
    public static var expected: String { "a non-negative integer" }
    public static var placeholder: String { "N" }
    public var optionText: String { String(self) }
}

extension Double: OptionValue {
    public static func parse(_ text: String) -> Double? { Double(text).flatMap { $0.isFinite ? $0 : nil } }
    public static var expected: String { "a number" }
    public static var placeholder: String { "X" }
    public var optionText: String { self == rounded() && abs(self) < 1e15 ? String(Int(self)) : String(self) }
}

extension Optional: OptionValue where Wrapped: OptionValue {
    public static func parse(_ text: String) -> Wrapped?? { Wrapped.parse(text).map { .some($0) } }
    public static var expected: String { Wrapped.expected }
    public static var placeholder: String { Wrapped.placeholder }
    public var optionText: String { self?.optionText ?? "" }
    public static var absent: Wrapped?? { .some(nil) }
}

/// An enumeration read by its raw value; the error lists the cases.
public protocol OptionChoice: OptionValue, RawRepresentable, CaseIterable where RawValue == String {}

extension OptionChoice {
    public static func parse(_ text: String) -> Self? { Self(rawValue: text) }
    public static var expected: String { "one of " + allCases.map(\.rawValue).joined(separator: ", ") }
    public static var placeholder: String { allCases.map(\.rawValue).joined(separator: "|") }
    public var optionText: String { rawValue }
}

/// Anything a command declares as an option: its `OptionSpec` is what the parser and `--help` see.
public protocol OptionDeclaration: Sendable {
    var spec: OptionSpec { get }
}

/// A single-valued option declared once, with its type, default and help, and read by key:
/// `static let seed = Option<UInt64>("seed", default: 0, help: "…")`, then `try arguments[seed]`.
/// An optional `Value` (`Option<Int?>`) reads as nil when not given.
public struct Option<Value: OptionValue>: OptionDeclaration {
    public let spec: OptionSpec
    let defaultValue: Value?
    /// The reason a parsed value is refused (out of range), or nil.
    let check: @Sendable (Value) -> String?
    /// What a valid text looks like, where the option allows less than its type.
    var expected = Value.expected

    public init(_ name: String, _ placeholder: String = Value.placeholder, default defaultValue: Value? = nil, help: String,
                required: Bool = false, aliases: [String] = []) {
        self.init(name, placeholder, defaultValue, help, required, aliases) { _ in nil }
    }

    init(_ name: String, _ placeholder: String, _ defaultValue: Value?, _ help: String, _ required: Bool, _ aliases: [String],
         check: @escaping @Sendable (Value) -> String?) {
        let shown = defaultValue.map(\.optionText).flatMap { $0.isEmpty ? nil : $0 }
        spec = OptionSpec(name, .value(placeholder), help: help, required: required, default: shown, aliases: aliases)
        self.defaultValue = defaultValue
        self.check = check
    }
}

extension Option where Value: Comparable {
    /// An option whose value must lie in `range`.
    public init(_ name: String, _ placeholder: String = Value.placeholder, default defaultValue: Value? = nil, in range: ClosedRange<Value>,
                help: String, required: Bool = false, aliases: [String] = []) {
        self.init(name, placeholder, defaultValue, help, required, aliases) { range.contains($0) ? nil : Self.outside(range) }
    }

    static func outside(_ range: ClosedRange<Value>) -> String {
        "expected \(range.lowerBound.optionText)...\(range.upperBound.optionText)"
    }
}

extension Option {
    /// An optional option whose value, when given, must lie in `range`.
    public init<Wrapped: Comparable & OptionValue>(_ name: String, _ placeholder: String = Value.placeholder, in range: ClosedRange<Wrapped>,
                                                   help: String, aliases: [String] = []) where Value == Wrapped? {
        self.init(name, placeholder, nil, help, false, aliases) { value in
            value.map { range.contains($0) ? nil : Option<Wrapped>.outside(range) } ?? nil
        }
    }
}

extension Option where Value: Equatable {
    /// A choice among some values of the type: a few words (`among: ["en", "zh"]`) or some of an
    /// enumeration's cases; any other value is refused, and the error lists the choices. For an
    /// optional `Value` the option reads as nil when not given.
    public init(_ name: String, _ placeholder: String, default defaultValue: Value? = nil, among choices: [Value], help: String,
                aliases: [String] = []) {
        let listed = "one of " + choices.map(\.optionText).joined(separator: ", ")
        self.init(name, placeholder, defaultValue, help, false, aliases) { choices.contains($0) ? nil : "expected " + listed }
        expected = listed
    }
}

/// A switch: `--name` alone.
public struct Flag: OptionDeclaration {
    public let spec: OptionSpec
    public init(_ name: String, help: String, aliases: [String] = []) {
        spec = OptionSpec(name, .flag, help: help, aliases: aliases)
    }
}

/// An option that may be given several times; every value is kept, in order.
public struct RepeatedOption<Element: OptionValue>: OptionDeclaration {
    public let spec: OptionSpec
    let splitCommas: Bool

    /// With `splitCommas`, `--x a,b` counts as `--x a --x b`.
    public init(_ name: String, _ placeholder: String = Element.placeholder, help: String, required: Bool = false,
                splitCommas: Bool = false, aliases: [String] = []) {
        spec = OptionSpec(name, .repeated(placeholder), help: help, required: required, aliases: aliases)
        self.splitCommas = splitCommas
    }
}

extension ParsedArguments {
    /// The option's value: given, else its default, else nil for an optional type; a usage error
    /// when the text is not a `Value` or out of range, or when a non-optional value is missing.
    public subscript<Value>(_ option: Option<Value>) -> Value {
        get throws(UsageError) {
            let name = option.spec.name
            guard let text = values[name]?.last else {
                if let value = option.defaultValue ?? Value.absent { return value }
                throw .missingOption(option: name, command: command)
            }
            guard let value = Value.parse(text) else { throw .invalidValue(option: name, value: text, reason: "expected \(option.expected)") }
            if let reason = option.check(value) { throw .invalidValue(option: name, value: text, reason: reason) }
            return value
        }
    }

    /// Whether the flag was given.
    public subscript(_ flag: Flag) -> Bool { flags.contains(flag.spec.name) }

    /// Every value given, each read as an `Element`.
    public subscript<Element>(_ option: RepeatedOption<Element>) -> [Element] {
        get throws(UsageError) {
            let name = option.spec.name
            return try strings(name, splitCommas: option.splitCommas).map { (text: String) throws(UsageError) -> Element in
                guard let value = Element.parse(text) else {
                    throw .invalidValue(option: name, value: text, reason: "expected \(Element.expected)")
                }
                return value
            }
        }
    }

    /// Whether the option was given explicitly (not only defaulted).
    public func has(_ option: some OptionDeclaration) -> Bool { has(option.spec.name) }
}

extension Array where Element == OptionSpec {
    /// The specs of declared options, for a `CommandSpec`.
    public init(_ declarations: [any OptionDeclaration]) { self = declarations.map(\.spec) }
}
