import Foundation
@testable import AssayKit

/// Paths of the checkout's data folders and small helpers shared by the template suites.
enum TemplateFixtures {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let templates = root.appendingPathComponent("Templates")
    static let lexicons = root.appendingPathComponent("Corpora/lexicons")

    static func library() throws -> TemplateLibrary {
        try TemplateLibrary.load(from: templates, lexiconFolder: lexicons)
    }

    static func parse(_ text: String, source: String = "t.tmpl") throws -> Template {
        try Template.parse(text: text, source: source, lexiconFolder: lexicons)
    }

    /// The captured groups of the first match of `pattern` in `text`, as strings.
    static func captures(_ pattern: String, in text: String) -> [String]? {
        let regex = try! NSRegularExpression(pattern: pattern)
        guard let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)) else { return nil }
        return (1..<match.numberOfRanges).map { String(text[Range(match.range(at: $0), in: text)!]) }
    }

    /// The captured groups as integers.
    static func integers(_ pattern: String, in text: String) -> [Int]? {
        captures(pattern, in: text)?.compactMap { Int($0) }
    }
}
