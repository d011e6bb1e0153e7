import Foundation
@testable import AssayKit

/// A brute-force overlap check written independently of the engine: `String` and
/// `Unicode.Scalar` APIs instead of bytes, n-grams as arrays of strings in a `Set`, documents
/// split with `components(separatedBy:)`, JSON read by `JSONSerialization`, and the longest
/// span by a dynamic-programming longest common substring.
enum OverlapReference {
    struct ItemResult: Equatable, CustomStringConvertible {
        var ngrams: Int
        var matched: Int
        var longestSpan: Int
        var description: String { "(\(ngrams), \(matched), \(longestSpan))" }
    }

    static let unsegmented: [ClosedRange<UInt32>] = [
        0x0E00...0x0EFF, 0x1000...0x109F, 0x1100...0x11FF, 0x1780...0x17FF, 0x2E80...0x2FDF,
        0x3040...0x30FF, 0x3130...0x318F, 0x31F0...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
        0xAC00...0xD7AF, 0xF900...0xFAFF, 0xFF66...0xFF9F, 0x20000...0x3FFFF,
    ]

    /// Word tokens, or character tokens when `characters`.
    static func tokens(_ text: String, characters: Bool) -> [String] {
        var result: [String] = []
        var word = ""
        func flush() { if !word.isEmpty { result.append(word); word = "" } }
        for scalar in text.unicodeScalars {
            if scalar.properties.isWhitespace { flush(); continue }
            let category = "\(scalar.properties.generalCategory)"
            if category.hasSuffix("Punctuation") || category.hasSuffix("Symbol")
                || ["control", "format", "surrogate", "privateUse", "unassigned"].contains(category) { continue }
            let lower = String(scalar).lowercased()
            if characters {
                result.append(contentsOf: lower.unicodeScalars.map { String($0) })
            } else if unsegmented.contains(where: { $0.contains(scalar.value) }) {
                flush()
                result.append(lower)
            } else {
                word += lower
            }
        }
        flush()
        return result
    }

    static func itemText(_ item: BenchmarkItem) -> String {
        ([item.question] + (item.choices ?? []) + [item.answer]).joined(separator: "\n")
    }

    /// Paragraphs of a plain text: groups of lines between blank lines.
    static func paragraphs(_ text: String) -> [String] {
        var result: [String] = []
        var current: [String] = []
        for line in text.components(separatedBy: "\n") {
            if line.trimmingCharacters(in: CharacterSet(charactersIn: " \t\r")).isEmpty {
                if !current.isEmpty { result.append(current.joined(separator: "\n")); current = [] }
            } else {
                current.append(line)
            }
        }
        if !current.isEmpty { result.append(current.joined(separator: "\n")) }
        return result
    }

    /// Documents of a JSONL text: the "text" field of each line.
    static func jsonDocuments(_ text: String) -> [String] {
        text.components(separatedBy: "\n").compactMap { line in
            guard let data = line.data(using: .utf8), !line.isEmpty,
                  let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return nil }
            return object["text"] as? String
        }
    }

    static func grams(_ tokens: [String], _ n: Int) -> Set<[String]> {
        guard tokens.count >= n else { return [] }
        return Set((0...(tokens.count - n)).map { Array(tokens[$0..<($0 + n)]) })
    }

    /// The longest common run of tokens (0 when shorter than n).
    static func longestCommon(_ a: [String], _ b: [String], atLeast n: Int) -> Int {
        var best = 0
        var previous = [Int](repeating: 0, count: b.count + 1)
        for i in a.indices {
            var current = [Int](repeating: 0, count: b.count + 1)
            for j in b.indices where a[i] == b[j] {
                current[j + 1] = previous[j] + 1
                best = max(best, current[j + 1])
            }
            previous = current
        }
        return best >= n ? best : 0
    }

    /// Per item: distinct n-grams (those in more than `maxDocFreq` documents left out),
    /// how many occur in a document, and the longest common run with a document.
    static func check(items: [BenchmarkItem], documents: [String], n: Int, characters: Bool = false,
                      maxDocFreq: Int? = nil) -> [ItemResult] {
        let documentTokens = documents.map { tokens($0, characters: characters) }
        let documentGrams = documentTokens.map { grams($0, n) }
        return items.map { item in
            let itemTokens = tokens(itemText(item), characters: characters)
            var wanted = grams(itemTokens, n)
            if let maxDocFreq {
                wanted = wanted.filter { gram in documentGrams.filter { $0.contains(gram) }.count <= maxDocFreq }
            }
            let matched = wanted.filter { gram in documentGrams.contains { $0.contains(gram) } }.count
            let longest = maxDocFreq == nil ? documentTokens.map { longestCommon(itemTokens, $0, atLeast: n) }.max() ?? 0 : -1
            return ItemResult(ngrams: wanted.count, matched: matched, longestSpan: longest)
        }
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "assay-overlap-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
