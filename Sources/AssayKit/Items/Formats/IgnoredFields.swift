/// The columns or record fields of a file that its reader leaves out, gathered over the file so
/// that they are said once ("TruthfulQA.csv: ignored column 'Notes'").
///
/// `known` holds what the format's reader reads plus what upstream files carry and the reader
/// leaves out on purpose (HellaSwag's `source_id`, say): those are never reported. A name in
/// `notes` is reported with its note, even when known to exist upstream. Column names match in
/// any case (CSV headers vary); JSON field names exactly.
struct IgnoredFields {
    private let known: Set<String>
    private let kind: String
    private let notes: [String: String]
    private let caseless: Bool
    /// The names ignored so far, in order of first appearance.
    private(set) var names: [String] = []

    /// - Parameters:
    ///   - known: the names that are not reported.
    ///   - kind: what a name is, for the message: "field" or "column".
    ///   - notes: why a name is left out, said after it.
    init(known: Set<String>, kind: String = "field", notes: [String: String] = [:]) {
        caseless = kind == "column"
        self.known = caseless ? Set(known.map { $0.lowercased() }) : known
        self.kind = kind
        self.notes = caseless ? Dictionary(notes.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { a, _ in a }) : notes
    }

    /// Notes the names that are neither known nor noted already.
    mutating func note(_ keys: some Sequence<String>) {
        for key in keys where !known.contains(fold(key)) && !names.contains(key) { names.append(key) }
    }

    private func fold(_ name: String) -> String { caseless ? name.lowercased() : name }

    /// Notes the keys of a JSON object.
    mutating func note(_ object: JSONObject) {
        note(object.fields.lazy.map(\.key))
    }

    /// "file: ignored fields 'a', 'b' (note)", or nil when nothing was ignored.
    func message(file: String) -> String? {
        guard !names.isEmpty else { return nil }
        let list = names.map { name in "'\(name)'" + (notes[fold(name)].map { " (\($0))" } ?? "") }
        return "\(file): ignored \(kind)\(names.count == 1 ? "" : "s") \(list.joined(separator: ", "))"
    }
}
