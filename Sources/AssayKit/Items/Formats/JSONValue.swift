/// A parsed JSON value that keeps what Foundation's `JSONSerialization` loses and the readers
/// need: the order of an object's keys (TruthfulQA's choices are an object) and the line on
/// which every object starts (to report a bad record of a JSON file at its own line).
public indirect enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    /// The number's text as written, so integers and decimals survive unchanged.
    case number(String)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The value as an object, or nil.
    public var object: JSONObject? {
        if case .object(let o) = self { return o }
        return nil
    }

    /// The value as an array, or nil.
    public var array: [JSONValue]? {
        if case .array(let a) = self { return a }
        return nil
    }

    /// The value as a string, or nil.
    public var string: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// A string, or a number's text: for fields written either way (labels, levels, answers).
    public var scalarText: String? {
        switch self {
        case .string(let s), .number(let s): return s
        case .bool(let b): return b ? "true" : "false"
        default: return nil
        }
    }

    /// A short name of the kind of value, for error messages.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "a boolean"
        case .number: return "a number"
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        }
    }
}

/// A JSON object with its keys in file order and the 1-based line of its opening brace.
public struct JSONObject: Sendable, Equatable {
    public var fields: [(key: String, value: JSONValue)]
    public var line: Int

    public init(fields: [(key: String, value: JSONValue)], line: Int) {
        self.fields = fields
        self.line = line
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool {
        a.line == b.line && a.fields.elementsEqual(b.fields) { $0.key == $1.key && $0.value == $1.value }
    }

    /// The value of the last occurrence of `key`, or nil.
    public subscript(key: String) -> JSONValue? {
        fields.last { $0.key == key }?.value
    }

    /// A required string field; a missing or mistyped field throws a reason naming it.
    func requiredString(_ key: String) throws(RecordError) -> String {
        guard let value = self[key] else { throw RecordError("missing field '\(key)'") }
        guard let text = value.string else { throw RecordError("field '\(key)' must be a string, not \(value.kindName)") }
        return text
    }

    /// A required string or number field, as text.
    func requiredScalar(_ key: String) throws(RecordError) -> String {
        guard let value = self[key] else { throw RecordError("missing field '\(key)'") }
        guard let text = value.scalarText else { throw RecordError("field '\(key)' must be a string or a number, not \(value.kindName)") }
        return text
    }

    /// An optional string field (absent or null gives nil; another type throws).
    func optionalString(_ key: String) throws(RecordError) -> String? {
        guard let value = self[key], value != .null else { return nil }
        guard let text = value.string else { throw RecordError("field '\(key)' must be a string, not \(value.kindName)") }
        return text
    }

    /// A required array of strings.
    func requiredStrings(_ key: String) throws(RecordError) -> [String] {
        guard let value = self[key] else { throw RecordError("missing field '\(key)'") }
        guard let items = value.array else { throw RecordError("field '\(key)' must be an array, not \(value.kindName)") }
        var texts: [String] = []
        for (index, item) in items.enumerated() {
            guard let text = item.string else {
                throw RecordError("field '\(key)'[\(index)] must be a string, not \(item.kindName)")
            }
            texts.append(text)
        }
        return texts
    }
}

/// Why one record cannot be read; the reader adds the file and line.
struct RecordError: Error, Sendable {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
