import Foundation

/// The `otherFormatting` perturbation: an answer rewritten in another answer's presentation,
/// its words kept. Code blocks (fenced or indented) and table rows are never touched.
///
/// The style of a text is: whether it uses lists (`- `, `* `, `+ `, `• ` bullets, or `1.` /
/// `1)` numbers), markdown headings (`#` lines) and bold (`**...**`). The answer takes the
/// other answer's style, one feature at a time:
/// - lists: paragraphs become lists (one item per sentence; numbered when the other answer
///   numbers its items), or list items are joined into one paragraph per list (an item
///   without closing punctuation gets "." / "。"); bullets and numbers are converted into each
///   other when both use lists of different kinds;
/// - headings: a `## Answer` (`## 回答`) heading is put on top, or `#` marks are removed;
/// - bold: the first sentence is made bold, or `**` marks are removed.
/// When the two answers already share a style, the answer's layout is flipped anyway (lists ↔
/// paragraphs), so the perturbation always changes an answer that has prose.
enum AnswerRestyler {
    /// What a text's presentation uses.
    struct Style: Equatable {
        var bullets = false
        var numbers = false
        var headings = false
        var bold = false

        var lists: Bool { bullets || numbers }
    }

    /// A line of the text and whether it is protected (code or table).
    private struct Line {
        var text: String
        var code: Bool
    }

    /// `answer` in the presentation of `other`.
    static func restyle(_ answer: String, like other: String, chinese: Bool) -> String {
        let mine = style(of: answer), theirs = style(of: other)
        var lines = split(answer)
        if theirs.lists && !mine.lists {
            lines = toLists(lines, numbered: theirs.numbers && !theirs.bullets, chinese: chinese)
        } else if !theirs.lists && mine.lists {
            lines = toParagraphs(lines, chinese: chinese)
        } else if theirs.lists && mine.lists && (theirs.numbers && !theirs.bullets) != (mine.numbers && !mine.bullets) {
            lines = toLists(toParagraphs(lines, chinese: chinese), numbered: theirs.numbers && !theirs.bullets, chinese: chinese)
        }
        if theirs.headings && !mine.headings {
            lines.insert(Line(text: chinese ? "## 回答" : "## Answer", code: false), at: 0)
            lines.insert(Line(text: "", code: false), at: 1)
        } else if !theirs.headings && mine.headings {
            lines = lines.map { $0.code || heading($0.text) == nil ? $0 : Line(text: heading($0.text)!, code: false) }
        }
        if theirs.bold && !mine.bold {
            lines = boldFirstSentence(lines, chinese: chinese)
        } else if !theirs.bold && mine.bold {
            lines = lines.map { $0.code ? $0 : Line(text: $0.text.replacingOccurrences(of: "**", with: ""), code: false) }
        }
        var result = join(lines)
        if result == answer {
            result = join(mine.lists ? toParagraphs(lines, chinese: chinese) : toLists(lines, numbered: false, chinese: chinese))
        }
        return result
    }

    /// The presentation features of a text's prose lines.
    static func style(of text: String) -> Style {
        var style = Style()
        for line in split(text) where !line.code {
            if let marker = listMarker(line.text) {
                if marker.numbered { style.numbers = true } else { style.bullets = true }
            }
            if heading(line.text) != nil { style.headings = true }
            if let open = line.text.range(of: "**"), line.text[open.upperBound...].contains("**") { style.bold = true }
        }
        return style
    }

    // MARK: Lines

    /// The lines of a text, code fences (through the closing fence), indented code and table
    /// rows marked as protected.
    private static func split(_ text: String) -> [Line] {
        var inFence = false
        return text.split(separator: "\n", omittingEmptySubsequences: false).map { raw in
            let line = String(raw)
            let trimmed = line.drop(while: { $0 == " " })
            let fence = trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~")
            let code = inFence || fence || line.hasPrefix("    ") || line.hasPrefix("\t") || trimmed.hasPrefix("|")
            if fence { inFence.toggle() }
            return Line(text: line, code: code)
        }
    }

    private static func join(_ lines: [Line]) -> String { lines.map(\.text).joined(separator: "\n") }

    /// A list line's marker length and kind, or nil.
    private static func listMarker(_ line: String) -> (length: Int, numbered: Bool)? {
        let indent = line.prefix(while: { $0 == " " }).count
        let rest = line.dropFirst(indent)
        if let first = rest.first, "-*+•".contains(first), rest.dropFirst().first == " ",
           rest.dropFirst(2).contains(where: { !$0.isWhitespace }) {
            return (indent + 2, false)
        }
        let digits = rest.prefix(while: { $0.isASCII && $0.isNumber }).count
        if (1...3).contains(digits), let mark = rest.dropFirst(digits).first, mark == "." || mark == ")",
           rest.dropFirst(digits + 1).first == " " {
            return (indent + digits + 2, true)
        }
        return nil
    }

    /// A heading's text without its `#` marks, or nil for other lines.
    private static func heading(_ line: String) -> String? {
        let hashes = line.prefix(while: { $0 == "#" }).count
        guard (1...6).contains(hashes), line.dropFirst(hashes).first == " " else { return nil }
        return line.dropFirst(hashes + 1).trimmingCharacters(in: .whitespaces)
    }

    // MARK: Conversions

    /// Prose paragraphs as lists, one item per sentence (headings, code and existing list lines
    /// are kept); one list per paragraph.
    private static func toLists(_ lines: [Line], numbered: Bool, chinese: Bool) -> [Line] {
        var out: [Line] = []
        var paragraph: [String] = []
        func flush() {
            guard !paragraph.isEmpty else { return }
            let text = paragraph.joined(separator: chinese ? "" : " ")
            for (index, sentence) in sentences(text).enumerated() {
                out.append(Line(text: (numbered ? "\(index + 1). " : "- ") + sentence, code: false))
            }
            paragraph = []
        }
        for line in lines {
            if line.code || line.text.allSatisfy(\.isWhitespace) || heading(line.text) != nil || listMarker(line.text) != nil {
                flush()
                out.append(line)
            } else {
                paragraph.append(line.text.trimmingCharacters(in: .whitespaces))
            }
        }
        flush()
        return out
    }

    /// Each run of list lines joined into one paragraph (other lines kept).
    private static func toParagraphs(_ lines: [Line], chinese: Bool) -> [Line] {
        var out: [Line] = []
        var items: [String] = []
        func flush() {
            guard !items.isEmpty else { return }
            out.append(Line(text: items.joined(separator: chinese ? "" : " "), code: false))
            items = []
        }
        for line in lines {
            if !line.code, let marker = listMarker(line.text) {
                var item = String(line.text.dropFirst(marker.length)).trimmingCharacters(in: .whitespaces)
                if let last = item.last, !".!?。！？:：;；".contains(last) { item += chinese ? "。" : "." }
                items.append(item)
            } else {
                flush()
                out.append(line)
            }
        }
        flush()
        return out
    }

    /// The first prose sentence in bold (after a list marker, if any).
    private static func boldFirstSentence(_ lines: [Line], chinese: Bool) -> [Line] {
        var lines = lines
        guard let index = lines.firstIndex(where: { !$0.code && heading($0.text) == nil && $0.text.contains(where: { !$0.isWhitespace }) })
        else { return lines }
        let text = lines[index].text
        let markerLength = listMarker(text)?.length ?? 0
        let prefix = String(text.prefix(markerLength)), body = String(text.dropFirst(markerLength))
        let first = sentences(body).first ?? body
        guard let range = body.range(of: first) else { return lines }
        lines[index].text = prefix + body.replacingCharacters(in: range, with: "**" + first + "**")
        return lines
    }

    /// The sentences of a paragraph: split after `.`, `!`, `?` followed by a space, and after
    /// `。`, `！`, `？`; each sentence trimmed, the punctuation kept.
    static func sentences(_ text: String) -> [String] {
        var result: [String] = []
        var current = ""
        let chars = Array(text)
        for (i, character) in chars.enumerated() {
            current.append(character)
            let ends = "。！？".contains(character) || (".!?".contains(character) && (i + 1 == chars.count || chars[i + 1] == " "))
            if ends {
                let sentence = current.trimmingCharacters(in: .whitespaces)
                if !sentence.isEmpty { result.append(sentence) }
                current = ""
            }
        }
        let rest = current.trimmingCharacters(in: .whitespaces)
        if !rest.isEmpty { result.append(rest) }
        return result
    }
}
