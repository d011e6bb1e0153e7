import Foundation

/// Reads benchmark files in any `BenchmarkFormat` into canonical `BenchmarkItem`s, streaming
/// line-oriented formats; a file whose name ends in `.gz` is inflated on the fly. A malformed
/// record is an `InputError.badLine(file:line:reason)`: thrown when `strict`, otherwise passed
/// to `onSkip` and skipped. Columns or fields a reader does not know are said once per file
/// through `onWarning` ("file.csv: ignored column 'Notes'").
public enum BenchmarkReader {
    /// What a read produced.
    public struct Summary: Sendable, Equatable {
        /// The formats read, in order of first appearance.
        public var formats: [BenchmarkFormat]
        public var items = 0
        public var skipped = 0
    }

    /// Reads a file or a folder of files, calling `body` with every item in file order
    /// (a folder's files in sorted path order). `format` nil detects it for each file, so a
    /// folder may mix formats (TruthfulQA's JSON and CSV). `onWarning` hears what was read
    /// but ignored, once per file.
    @discardableResult
    public static func read(_ path: String, format: BenchmarkFormat? = nil, strict: Bool = true,
                            onSkip: (InputError) -> Void = { _ in }, onWarning: (String) -> Void = { _ in },
                            _ body: (BenchmarkItem) throws -> Void) throws -> Summary {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw InputError.fileNotFound(path: path)
        }
        let files = isDirectory.boolValue ? dataFiles(in: path) : [path]
        if files.isEmpty { throw FormatDetectionError(path: path, reason: noDataFiles) }
        return try withoutActuallyEscaping(body) { body in
            try withoutActuallyEscaping(onSkip) { onSkip in
                try withoutActuallyEscaping(onWarning) { onWarning in
                    let sink = ItemSink(strict: strict, emit: body, skip: onSkip, warn: onWarning)
                    var formats: [BenchmarkFormat] = []
                    for file in files {
                        try LineReader(path: file).validate()
                        let fileFormat = try format ?? BenchmarkFormat.detect(path: file)
                        if !formats.contains(fileFormat) { formats.append(fileFormat) }
                        sink.start(file: file, given: format)
                        do { try read(file: file, format: fileFormat, into: sink) } catch let error as InputError { throw sink.hinted(error) }
                    }
                    return Summary(formats: formats, items: sink.items, skipped: sink.skipped)
                }
            }
        }
    }

    /// Reads everything into an array (strict unless told otherwise).
    public static func readAll(_ path: String, format: BenchmarkFormat? = nil, strict: Bool = true) throws -> [BenchmarkItem] {
        var items: [BenchmarkItem] = []
        try read(path, format: format, strict: strict) { items.append($0) }
        return items
    }

    /// Converts a file or folder to canonical JSONL at `output` ("-" for standard output).
    /// Skipped records (when not `strict`) are reported to `onSkip`, ignored columns or fields
    /// to `onWarning`.
    @discardableResult
    public static func convert(_ path: String, format: BenchmarkFormat? = nil, output: String, strict: Bool,
                               onWarning: (String) -> Void = { _ in }, onSkip: (InputError) -> Void) throws -> Summary {
        let writer = try JSONLinesWriter(path: output)
        return try read(path, format: format, strict: strict, onSkip: onSkip, onWarning: onWarning) { try writer.write($0) }
    }

    private static func read(file: String, format: BenchmarkFormat, into sink: ItemSink) throws {
        switch format {
        case .mmlu: try MultipleChoiceCSV.readMMLU(file: file, into: sink)
        case .ceval: try MultipleChoiceCSV.readCEval(file: file, into: sink)
        case .truthfulqaGen: try TruthfulQAReader.readGeneration(file: file, into: sink)
        case .truthfulqaMC: try TruthfulQAReader.readMultipleChoice(file: file, into: sink)
        case .gsm8k, .math, .bbh: try ReasoningReaders.read(file: file, format: format, into: sink)
        case .arc, .hellaswag: try ChoiceReaders.read(file: file, format: format, into: sink)
        case .humaneval, .qa, .canonical: try OpenEndedReaders.read(file: file, format: format, into: sink)
        }
    }

    /// Why a folder cannot be read: it holds no data file.
    static let noDataFiles = "the folder holds no .csv, .json or .jsonl file (or .gz of one)"

    /// The data files of a folder (recursively), sorted: `.csv`, `.json` and `.jsonl`, each
    /// possibly gzipped (`.jsonl.gz`).
    static func dataFiles(in folder: String) -> [String] {
        let root = URL(fileURLWithPath: folder)
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil,
                                                         options: [.skipsHiddenFiles]) else { return [] }
        var files: [String] = []
        for case let url as URL in walker where ["csv", "json", "jsonl"].contains(dataExtension(url.path)) {
            files.append(url.path)
        }
        return files.sorted()
    }

    /// The provenance of an item read from `file`: its file name (not the full path, so the
    /// output does not depend on where the input sat).
    static func provenance(_ file: String) -> Provenance {
        Provenance(source: (file as NSString).lastPathComponent)
    }

    /// A file's name without folder and without a `.gz` suffix ("HumanEval.jsonl").
    static func plainName(_ file: String) -> String {
        let name = (file as NSString).lastPathComponent
        return LineReader.isGzipped(name) ? String(name.dropLast(3)) : name
    }

    /// The lower-cased extension of the data under a possible `.gz` ("jsonl" for "x.JSONL.gz").
    static func dataExtension(_ file: String) -> String {
        (plainName(file) as NSString).pathExtension.lowercased()
    }

    /// A file's name without folder and extension, `.gz` included ("abstract_algebra_test").
    static func stem(_ file: String) -> String {
        (plainName(file) as NSString).deletingPathExtension
    }
}

/// Where readers put items and bad records; counts both and applies the strict/skip policy.
final class ItemSink {
    private let strict: Bool
    private let emitItem: (BenchmarkItem) throws -> Void
    private let skipRecord: (InputError) -> Void
    private let warn: (String) -> Void
    private(set) var items = 0
    private(set) var skipped = 0
    /// The line each id was first read at, in the file being read (ids repeat across files of a
    /// folder legitimately, e.g. a split in two formats).
    private var firstLine: [String: (file: String, line: Int)] = [:]
    /// The file being read, its `--format` (nil: detected) and the items before it (`hinted`).
    private var current: (file: String, given: BenchmarkFormat?, itemsBefore: Int)?
    private var hintSaid = false

    init(strict: Bool, emit: @escaping (BenchmarkItem) throws -> Void, skip: @escaping (InputError) -> Void,
         warn: @escaping (String) -> Void) {
        self.strict = strict
        self.emitItem = emit
        self.skipRecord = skip
        self.warn = warn
    }

    /// Says what a file's records held that the reader ignored, if anything (once per file).
    func report(_ ignored: IgnoredFields, file: String) {
        if let message = ignored.message(file: file) { warn(message) }
    }

    /// Emits `item` read at `file:line`, or rejects it when it cannot be evaluated as given:
    /// a repeated id, an empty `choices`, more choices than labels, a gold label that names no choice.
    func emit(_ item: BenchmarkItem, file: String, line: Int) throws {
        if let first = firstLine[item.id], first.file == file {
            return try reject(file: file, line: line, reason: "duplicate id '\(item.id)' (first at line \(first.line))")
        }
        if let problem = Self.problem(item) { return try reject(file: file, line: line, reason: problem) }
        firstLine[item.id] = (file, line)
        items += 1
        try emitItem(item)
    }

    /// What makes a multiple-choice item unusable, or nil.
    static func problem(_ item: BenchmarkItem) -> String? {
        guard let choices = item.choices else { return nil }
        if choices.isEmpty { return "'choices' is empty (leave it out for an open question)" }
        if choices.count > 26 { return "\(choices.count) choices; at most 26 can be labelled" }
        let labels = LabelScheme.current(of: item).labels(count: choices.count)
        // Several true options (TruthfulQA's mc2 targets) are a comma list of labels.
        guard item.answer.split(separator: ",", omittingEmptySubsequences: false).allSatisfy({ labels.contains(String($0)) }) else {
            return "answer '\(item.answer)' is not one of the choice labels \(labels.first!)–\(labels.last!)"
        }
        return nil
    }

    /// Notes that `file` is read next, in the format the user named (nil: detected).
    func start(file: String, given: BenchmarkFormat?) {
        current = (file, given, items)
        hintSaid = false
    }

    /// `error` with, when the user named a format and the file failed before any item of it was
    /// read, the format the file looks like (by detection), if another: said once per file.
    func hinted(_ error: InputError) -> InputError {
        guard case .badLine(let file, let line, let reason) = error, !hintSaid, let current, current.file == file,
              let given = current.given, items == current.itemsBefore,
              let looks = try? BenchmarkFormat.detect(path: file), looks != given else { return error }
        hintSaid = true
        return .badLine(file: file, line: line, reason: reason + "; the file is read as `\(given.rawValue)` (--format) but looks like `\(looks.rawValue)` (\(looks.summary)): try --format \(looks.rawValue)")
    }

    /// A bad record: thrown when strict, else reported and counted.
    func reject(file: String, line: Int, reason: String) throws {
        let error = hinted(InputError.badLine(file: file, line: line, reason: reason))
        if strict { throw error }
        skipped += 1
        skipRecord(error)
    }

    /// Runs `make` for one record, emitting its item or rejecting the record at `line`.
    func record(file: String, line: Int, _ make: () throws(RecordError) -> BenchmarkItem) throws {
        do {
            try emit(try make(), file: file, line: line)
        } catch let error as RecordError {
            try reject(file: file, line: line, reason: error.reason)
        }
    }

    /// Streams a JSON Lines file, handing each non-blank line's object and 0-based record index
    /// to `make`; syntax errors and non-objects are rejected at their line. Keys outside
    /// `known` (nil: any key) are said once, after the file.
    /// A file holding one JSON array of such objects instead (a `.json` export) is read the
    /// same way, each element at the line of its opening brace.
    func jsonLines(file: String, known: IgnoredFields? = nil, _ make: (JSONObject, Int) throws(RecordError) -> BenchmarkItem) throws {
        var ignored = known
        if try JSONDocument.holdsArray(file) {
            let elements = try JSONDocument.load(path: file).array ?? []
            for (index, element) in elements.enumerated() {
                guard let object = element.object else {
                    try reject(file: file, line: 1, reason: "element \(index) of the array is \(element.kindName), not an object")
                    continue
                }
                try record(file: file, line: object.line) { () throws(RecordError) in
                    ignored?.note(object)
                    return try make(object, index)
                }
            }
            if let ignored { report(ignored, file: file) }
            return
        }
        var index = 0
        try LineReader(path: file).readLines { line in
            if line.text.allSatisfy(\.isWhitespace) { return }
            // Every non-blank line counts, bad or not, so ids do not shift when a line is skipped.
            defer { index += 1 }
            try record(file: file, line: line.number) { () throws(RecordError) in
                let object = try jsonLineObject(line)
                ignored?.note(object)
                return try make(object, index)
            }
        }
        if let ignored { report(ignored, file: file) }
    }
}

extension ItemSink {
    /// Streams a CSV file, handing each record's fields, the position of each header column
    /// (lower-cased names; empty without a header) and the 0-based record index to `make`.
    /// With `header`, the first record must start with those columns, or with `inAnyOrder`
    /// hold them anywhere (else the file is refused at line 1); every record must have as many
    /// fields as the header row, and columns outside `header` and `known` are said once.
    func csv(file: String, header: [String]?, inAnyOrder: Bool = false, known: IgnoredFields? = nil,
             _ make: ([String], [String: Int], Int) throws(RecordError) -> BenchmarkItem) throws {
        var records = CSVReader(path: file).makeIterator()
        var columns: [String: Int] = [:]
        var count = 0
        if let header, let first = records.next() {
            let names = first.fields.map { $0.trimmingSpaces() }
            let lowered = names.map { $0.lowercased() }, wanted = header.map { $0.lowercased() }
            let fits = inAnyOrder ? Set(lowered).isSuperset(of: wanted) : Array(lowered.prefix(header.count)) == wanted
            guard first.problem == nil, fits else {
                // Without its header nothing else in the file can be trusted: stop here.
                let layout = inAnyOrder ? "to have the columns" : "to start with"
                throw InputError.badLine(file: file, line: first.line, reason: "expected the header \(layout) \(header.joined(separator: ","))")
            }
            for (position, name) in lowered.enumerated() where columns[name] == nil { columns[name] = position }
            count = names.count
            if var ignored = known {
                ignored.note(names.filter { !wanted.contains($0.lowercased()) })
                report(ignored, file: file)
            }
        }
        var index = 0
        while let record = records.next() {
            try self.record(file: file, line: record.line) { () throws(RecordError) in
                if let problem = record.problem { throw RecordError(problem) }
                if count > 0 && record.fields.count != count {
                    throw RecordError("expected \(count) fields, found \(record.fields.count)")
                }
                return try make(record.fields, columns, index)
            }
            index += 1
        }
        if let failure = records.failure { throw failure }
    }
}

/// A line's text without the UTF-8 byte-order mark some tools put at the start of a file.
func withoutByteOrderMark(_ line: LineReader.Line) -> String {
    line.number == 1 && line.text.hasPrefix("\u{FEFF}") ? String(line.text.dropFirst()) : line.text
}

/// The JSON object on one line of a JSON Lines file; invalid JSON or another kind of value is
/// a `RecordError` the caller reports at the line.
func jsonLineObject(_ line: LineReader.Line) throws(RecordError) -> JSONObject {
    guard line.isValidUTF8 else { throw RecordError("not valid UTF-8 (re-encode the file as UTF-8)") }
    let value: JSONValue
    do { value = try JSONParser.parse(withoutByteOrderMark(line), firstLine: line.number) } catch {
        throw RecordError("invalid JSON: \(error.message)")
    }
    guard let object = value.object else { throw RecordError("expected a JSON object, found \(value.kindName)") }
    return object
}

/// Whole-file JSON (not JSON Lines, possibly gzipped): a syntax error is reported at its line.
enum JSONDocument {
    /// True when the file's first character (after a byte order mark and white space) opens an
    /// array: a whole-file JSON export rather than JSON Lines.
    static func holdsArray(_ path: String) throws -> Bool {
        let source = try ByteSource(path: path)
        let head = try source.read(upTo: 4096)
        let text = head.starts(with: [0xEF, 0xBB, 0xBF]) ? head.dropFirst(3) : head[...]
        return text.first { ![0x20, 0x09, 0x0A, 0x0D].contains($0) } == UInt8(ascii: "[")
    }

    static func load(path: String) throws -> JSONValue {
        // Compression is recognized by its magic bytes, as `holdsArray` and the line readers do.
        let data = Data(try ByteSource(path: path).readAll())
        do {
            return try JSONParser.parse(data.starts(with: [0xEF, 0xBB, 0xBF]) ? data.dropFirst(3) : data)
        } catch {
            throw InputError.badLine(file: path, line: error.line, reason: "invalid JSON: \(error.message)")
        }
    }
}
