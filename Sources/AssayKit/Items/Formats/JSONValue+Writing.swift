import Foundation

/// Building, reading and writing `JSONValue`s for the JSON that Assay sends and receives (the
/// HTTP backend's requests and responses). Objects keep the order they are written in, so the
/// same request always serializes to the same bytes (the response cache's key depends on it).
extension JSONValue {
    /// An object with its keys in the order given.
    public static func object(_ pairs: KeyValuePairs<String, JSONValue>) -> JSONValue {
        .object(JSONObject(fields: pairs.map { ($0.key, $0.value) }, line: 0))
    }

    public static func int(_ value: Int) -> JSONValue { .number(String(value)) }

    /// A finite number (non-finite values become null, which JSON cannot spell otherwise).
    public static func double(_ value: Double) -> JSONValue { value.isFinite ? .number("\(value)") : .null }

    public static func strings(_ values: [String]) -> JSONValue { .array(values.map(JSONValue.string)) }

    public static func ints(_ values: [Int32]) -> JSONValue { .array(values.map { .number(String($0)) }) }

    /// Parses JSON bytes (a response body).
    public static func parse(_ data: Data) throws -> JSONValue { try JSONParser.parse(data) }

    /// The member `key` of an object, or nil.
    public subscript(key: String) -> JSONValue? { object?[key] }

    public var int: Int? {
        guard case .number(let text) = self else { return nil }
        return Int(text) ?? Double(text).flatMap { $0.rounded() == $0 ? Int(exactly: $0) : nil }
    }

    public var double: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    public var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// Compact JSON text.
    public var serialized: String {
        var out = ""
        write(to: &out)
        return out
    }

    /// Compact JSON as UTF-8 bytes.
    public func data() throws -> Data { Data(serialized.utf8) }

    private func write(to out: inout String) {
        switch self {
        case .null: out += "null"
        case .bool(let value): out += value ? "true" : "false"
        case .number(let text): out += text
        case .string(let text): Self.writeString(text, to: &out)
        case .array(let values):
            out += "["
            for (index, value) in values.enumerated() {
                if index > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case .object(let object):
            out += "{"
            for (index, field) in object.fields.enumerated() {
                if index > 0 { out += "," }
                Self.writeString(field.key, to: &out)
                out += ":"
                field.value.write(to: &out)
            }
            out += "}"
        }
    }

    private static func writeString(_ text: String, to out: inout String) {
        out += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        out += "\""
    }
}
