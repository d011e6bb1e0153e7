import Foundation

/// One prompt of a perf run.
public struct PerfPrompt: Sendable, Hashable {
    public var id: String
    public var text: String
    /// The prompt's tokens as counted when it was made (random prompts), else nil.
    public var tokens: Int?

    public init(id: String, text: String, tokens: Int? = nil) {
        self.id = id
        self.text = text
        self.tokens = tokens
    }
}

/// Where a perf run's prompts come from.
public enum PerfPromptSet {
    /// The bundled set (`Corpora/perf/prompts.jsonl`): short English questions, long passages
    /// with a task, Chinese prompts; `categories` picks some ("short", "long", "zh"; all when empty).
    public static func bundled(categories: [String] = []) throws -> [PerfPrompt] {
        let path = try AssayPaths.corpora().appendingPathComponent("perf/prompts.jsonl").path
        var prompts: [PerfPrompt] = []
        let text = try String(contentsOfFile: path, encoding: .utf8)
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.isEmpty {
            guard let value = try? JSONValue.parse(Data(line.utf8)), let id = value["id"]?.string,
                  let prompt = value["prompt"]?.string, let category = value["category"]?.string else {
                throw InputError.badLine(file: path, line: number + 1, reason: "expected {\"id\", \"category\", \"prompt\"}")
            }
            if categories.isEmpty || categories.contains(category) { prompts.append(PerfPrompt(id: id, text: prompt)) }
        }
        guard !prompts.isEmpty else {
            throw PerfError.noPrompts(source: path, reason: "no prompt of the categories \(categories.joined(separator: ", ")) (short, long, zh)")
        }
        return prompts
    }

    /// One prompt per non-empty line of a text file (evalscope's `line_by_line`).
    public static func lines(path: String) throws -> [PerfPrompt] {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw InputError.fileNotFound(path: path)
        }
        var prompts: [PerfPrompt] = []
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let prompt = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if !prompt.isEmpty { prompts.append(PerfPrompt(id: "line-\(number + 1)", text: prompt)) }
        }
        guard !prompts.isEmpty else { throw PerfError.noPrompts(source: path, reason: "the file has no non-empty line") }
        return prompts
    }

    /// The questions of `count` fresh items of a template or family (`assay generate --list`).
    public static func fresh(family: String, count: Int, seed: UInt64) throws -> [PerfPrompt] {
        let items = try FreshItemSource.named(family).generate(count: count, seed: seed, level: nil, multipleChoice: false)
        return items.map { PerfPrompt(id: $0.id, text: $0.question) }
    }

    /// `count` prompts of random words whose token counts are drawn uniformly from
    /// `tokens − spread ... tokens + spread` (seeded) and made exact with `countTokens` (the
    /// server's `/tokenize` or a local GGUF tokenizer): words are added or removed until the
    /// text has the drawn count, then single-token filler closes a gap of a token or two.
    /// A prompt that cannot be made exact keeps its nearest count, recorded in `tokens`.
    public static func random(tokens: Int, spread: Int, count: Int, seed: UInt64,
                              countTokens: (String) async throws -> Int) async throws -> [PerfPrompt] {
        guard tokens > 0, spread >= 0, spread < tokens else {
            throw PerfError.badOption(name: "input-tokens", value: "\(tokens)±\(spread)", reason: "needs N > 0 and 0 ≤ M < N")
        }
        let vocabulary = try ["objects-en", "goods-en", "places-en", "names-en"].flatMap { name in
            try Lexicon.load(name).entries.flatMap { $0.split(separator: "|").map(String.init) }
        }.filter { !$0.contains(" ") }
        var generator = SeededGenerator(seed: seed, stream: 0x7065_7266)    // "perf"
        var prompts: [PerfPrompt] = []
        for index in 0..<count {
            let target = generator.int(in: (tokens - spread)...(tokens + spread))
            var words: [String] = []
            func text() -> String { words.joined(separator: " ") }
            // Grow past the target, then shrink to at most it (tokens are nearly additive).
            var current = 0
            while current < target {
                let add = max(1, (target - current) * 2 / 3)
                for _ in 0..<add { words.append(generator.pick(vocabulary)!) }
                current = try await countTokens(text())
            }
            while current > target, !words.isEmpty {
                let remove = max(1, (current - target) / 3)
                words.removeLast(min(remove, words.count))
                current = try await countTokens(text())
            }
            var attempts = 0
            while current < target && attempts < 8 {
                words.append("a")
                let next = try await countTokens(text())
                if next > target { words.removeLast(); break }
                current = next
                attempts += 1
            }
            prompts.append(PerfPrompt(id: "random-\(index + 1)", text: text(), tokens: current))
        }
        return prompts
    }
}
