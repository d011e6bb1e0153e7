import Foundation

/// The prompt source `assay perf` was asked for.
public enum PerfDataset: Sendable, Equatable {
    /// `Corpora/perf/prompts.jsonl`, optionally some categories (short, long, zh).
    case bundled(categories: [String])
    /// One prompt per non-empty line of a file.
    case lines(path: String)
    /// Random words of an exact token count (N ± M), counted by the server's `/tokenize` or a
    /// local GGUF tokenizer.
    case random(tokens: Int, spread: Int, tokenizer: String?)
    /// The questions of fresh items of a template or family.
    case fresh(family: String)

    /// From `--dataset NAME[:CATEGORIES]`, `--dataset-path`, `--input-tokens`, `--tokenizer`, `--family`.
    public static func parse(name: String?, path: String?, inputTokens: String?, tokenizer: String?, family: String?) throws(PerfError) -> PerfDataset {
        let name = name ?? (path != nil ? "line_by_line" : inputTokens != nil ? "random" : family != nil ? "fresh" : "bundled")
        let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
        switch parts[0] {
        case "bundled":
            let categories = parts.count > 1 ? parts[1].split(separator: ",").map(String.init) : []
            if let bad = categories.first(where: { !["short", "long", "zh"].contains($0) }) {
                throw .badOption(name: "dataset", value: name, reason: "unknown category \(bad) (short, long, zh)")
            }
            return .bundled(categories: categories)
        case "line_by_line":
            guard let path else { throw .badOption(name: "dataset", value: name, reason: "line_by_line needs --dataset-path FILE") }
            return .lines(path: path)
        case "random":
            let text = inputTokens ?? "128"
            let pieces = text.replacingOccurrences(of: "±", with: "+-").components(separatedBy: "+-")
            guard let tokens = Int(pieces[0]), tokens > 0, pieces.count <= 2, let spread = pieces.count == 2 ? Int(pieces[1]) : 0, spread >= 0, spread < tokens else {
                throw .badOption(name: "input-tokens", value: text, reason: "expected N or N±M (or N+-M) with 0 ≤ M < N, e.g. 512±64")
            }
            return .random(tokens: tokens, spread: spread, tokenizer: tokenizer)
        case "fresh":
            guard let family else { throw .badOption(name: "dataset", value: name, reason: "fresh needs --family NAME (see assay generate --list)") }
            return .fresh(family: family)
        default:
            throw .badOption(name: "dataset", value: name, reason: "unknown dataset (bundled[:short,long,zh], line_by_line, random, fresh)")
        }
    }

    /// How the manifest names it.
    public var label: String {
        switch self {
        case .bundled(let categories): return categories.isEmpty ? "bundled" : "bundled:" + categories.joined(separator: ",")
        case .lines(let path): return "line_by_line \(path)"
        case .random(let tokens, let spread, let tokenizer):
            return "random \(tokens)±\(spread) tokens (counted by \(tokenizer ?? "the server's /tokenize"))"
        case .fresh(let family): return "fresh \(family)"
        }
    }

    /// The prompts: `count` of them for random and fresh sets (others as they are).
    /// `server` tokenizes random prompts when no GGUF tokenizer was given.
    public func prompts(count: Int, seed: UInt64, server: (any LanguageModel)?) async throws -> [PerfPrompt] {
        switch self {
        case .bundled(let categories): return try PerfPromptSet.bundled(categories: categories)
        case .lines(let path): return try PerfPromptSet.lines(path: path)
        case .fresh(let family): return try PerfPromptSet.fresh(family: family, count: count, seed: seed)
        case .random(let tokens, let spread, let tokenizer):
            let model: any LanguageModel
            if let tokenizer {
                model = try LlamaModel(ModelConfiguration(path: tokenizer, contextSize: 512, batchSize: 512, sequences: 1))
            } else if let server, server.capabilities.contains(.tokenize) {
                model = server
            } else {
                throw PerfError.badOption(name: "dataset", value: "random",
                                          reason: "the server has no /tokenize (llama.cpp's server has); give --tokenizer MODEL.gguf to count tokens locally")
            }
            return try await PerfPromptSet.random(tokens: tokens, spread: spread, count: count, seed: seed) { text in
                try await model.tokenize(text).count
            }
        }
    }
}
