import Foundation

/// A protocol bound to a run: the examples each item's prompt shows and the task description,
/// fixed when the plan is made so every prompt is known before the model is called.
public struct ProtocolPlan: Sendable {
    public var evalProtocol: EvalProtocol
    /// The description a chain-of-thought prompt file gives (BBH), or nil.
    public var fileDescription: String?
    /// The examples of every item, by item id.
    private var examples: [String: [BenchmarkItem]]

    /// The examples of each item in `items` (in run order) from `pool` (the benchmark's dev
    /// split or the `--fewshot` file's items, in file order), as the protocol draws them.
    init(_ evalProtocol: EvalProtocol, items: [BenchmarkItem], pool: FewShotPool, fileExamples: [BenchmarkItem]?,
         fileDescription: String?) {
        self.evalProtocol = evalProtocol
        self.fileDescription = fileDescription
        var examples: [String: [BenchmarkItem]] = [:]
        switch evalProtocol.shots {
        case .none: break
        case .firstN(let k):
            for item in items { examples[item.id] = pool.shots(for: item, k: k) }
        case .file(let k):
            let chosen = Array((fileExamples ?? []).prefix(k))
            for item in items { examples[item.id] = chosen }
        case .random(let k, let seed):
            // One generator for the run, drawing for each item in turn, as lm-eval's sampler.
            var random = PythonRandom(seed: seed)
            let population = fileExamples ?? []
            for item in items { examples[item.id] = random.sample(population, k) }
        }
        self.examples = examples
    }

    /// GSM8K's few-shot answers as the file writes them (the rationale, then "#### 15,000" with
    /// any thousands separator), by item id: the reader normalizes the final number, and lm-eval's
    /// examples show the text as it is. Empty for a file that is not GSM8K JSONL.
    static func verbatimGSM8KAnswers(_ path: String) throws -> [String: String] {
        var answers: [String: String] = [:]
        var index = 0
        let stem = BenchmarkReader.stem(path)
        try LineReader(path: path).readLines { line in
            if line.text.allSatisfy(\.isWhitespace) { return }
            defer { index += 1 }    // counted as the reader counts, bad lines too
            if let object = try? JSONSerialization.jsonObject(with: Data(line.text.utf8)) as? [String: Any],
               let answer = object["answer"] as? String, answer.contains("####") {
                answers["gsm8k/\(stem)/\(index)"] = answer
            }
        }
        return answers
    }

    /// The examples `item`'s prompt shows.
    public func examples(for item: BenchmarkItem) -> [BenchmarkItem] { examples[item.id] ?? [] }

    /// The whole prompt of `item`.
    public func context(for item: BenchmarkItem) -> String {
        evalProtocol.context(item, examples: examples(for: item),
                             description: evalProtocol.description(for: item, promptFile: fileDescription))
    }

    /// The settings the protocol fixes, checked against the benchmark and the few-shot file:
    /// a message naming what to give when something is missing.
    static func check(_ evalProtocol: EvalProtocol, format: BenchmarkFormat, pool: FewShotPool,
                      fileExamples: [BenchmarkItem]?) throws(UsageError) {
        guard evalProtocol.formats.contains(format) else {
            throw UsageError.conflict("protocol \(evalProtocol.name) evaluates \(evalProtocol.formats.map(\.rawValue).joined(separator: " or ")) benchmarks; this one is \(format.rawValue)")
        }
        switch evalProtocol.shots {
        case .none: break
        case .firstN(let k):
            if pool.source != .devSplit && pool.source != .file {
                throw UsageError.conflict("protocol \(evalProtocol.name) takes its \(k) examples from the dev split: put <subject>_dev.csv beside the test file, or give --fewshot FILE")
            }
        case .random(let k, _), .file(let k):
            let have = fileExamples?.count ?? 0
            if have < k {
                let what = evalProtocol.template == .question ? "the training split" : "the published chain-of-thought exemplars"
                throw UsageError.conflict("protocol \(evalProtocol.name) needs --fewshot FILE with \(what) (at least \(k) examples; \(fileExamples == nil ? "none given" : "the file holds \(have)"))")
            }
        }
    }
}
