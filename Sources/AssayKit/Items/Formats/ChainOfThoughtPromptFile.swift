import Foundation

/// A published chain-of-thought prompt file, as BIG-Bench Hard ships them
/// (`cot-prompts/<task>.txt`): the task's description, a blank line, then worked examples
/// separated by blank lines, each `Q: <input>\nA: Let's think step by step.\n<reasoning ending
/// in "So the answer is X.">`. Leading separator lines of dashes are skipped.
public struct ChainOfThoughtPromptFile: Sendable, Equatable {
    /// The task, from the file's name (`cot-prompts/navigate.txt`: "navigate").
    public var task: String
    /// The task description (without the blank line after it).
    public var description: String
    /// The worked examples: `question` the input, `solution` the reasoning (without "Let's
    /// think step by step."), `answer` what follows its last "the answer is".
    public var examples: [BenchmarkItem]

    static let cue = "Let's think step by step."

    /// Reads `path` (plain text or `.gz`).
    public init(path: String) throws {
        let text = String(decoding: try ByteSource(path: path).readAll(), as: UTF8.self)
        try self.init(text: text, file: path)
    }

    /// Parses the text of `file` (named in errors; its name gives the task).
    public init(text: String, file: String) throws {
        task = BenchmarkReader.stem(file)
        let text = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        var lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var skipped = 0
        while let first = lines.first, first.allSatisfy({ $0 == "-" || $0 == " " }) { lines.removeFirst(); skipped += 1 }
        let body = lines.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        var blocks = body.components(separatedBy: "\n\nQ: ")
        if body.hasPrefix("Q: ") {
            description = ""
            blocks[0].removeFirst(3)
        } else {
            description = blocks.removeFirst()
        }
        var examples: [BenchmarkItem] = []
        var line = skipped + 1 + (description.isEmpty ? 0 : description.split(separator: "\n", omittingEmptySubsequences: false).count + 1)
        for block in blocks {
            guard let answerCue = block.range(of: "\nA:") else {
                throw InputError.badLine(file: file, line: line, reason: "an example without its 'A:' line (expected 'Q: ...' then 'A: ...')")
            }
            var reasoning = block[answerCue.upperBound...].trimmingCharacters(in: .whitespaces)
            if reasoning.hasPrefix(Self.cue) { reasoning = String(reasoning.dropFirst(Self.cue.count)).trimmingCharacters(in: .newlines) }
            let answer = Self.finalAnswer(reasoning)
            examples.append(BenchmarkItem(id: "bbh-cot/\(task)/\(examples.count)", benchmark: "bbh", subset: task,
                                          question: String(block[..<answerCue.lowerBound]), answer: answer, solution: reasoning,
                                          provenance: BenchmarkReader.provenance(file)))
            line += block.split(separator: "\n", omittingEmptySubsequences: false).count + 1
        }
        guard !examples.isEmpty else {
            throw InputError.badLine(file: file, line: 1, reason: "no example: a chain-of-thought prompt file holds 'Q: ...' / 'A: ...' examples after the task description")
        }
        self.examples = examples
    }

    /// The text after the last "the answer is", without the final period.
    static func finalAnswer(_ reasoning: String) -> String {
        guard let cue = reasoning.range(of: "the answer is ", options: [.backwards, .caseInsensitive]) else { return "" }
        var answer = reasoning[cue.upperBound...].trimmingCharacters(in: .whitespacesAndNewlines)
        if answer.hasSuffix(".") { answer.removeLast() }
        return answer
    }

    /// True for a file that looks like one: plain text (or `.txt.gz`).
    public static func isPromptFile(_ path: String) -> Bool {
        BenchmarkReader.plainName(path).lowercased().hasSuffix(".txt")
    }
}
