import Foundation

/// A protocol bound to a run: the examples each item's prompt shows and the task description,
/// fixed when the plan is made so every prompt is known before the model is called.
public struct ProtocolPlan: Sendable {
    /// The protocol.
    public var evalProtocol: EvalProtocol
    /// The description a chain-of-thought prompt file gives (BBH), or nil.
    public var fileDescription: String?
    /// The examples of every item, by item id.
    private var examples: [String: [BenchmarkItem]]

    /// The examples of each task's item (in run order) from `pool` (the benchmark's dev split
    /// or the `--fewshot` file's items, in file order), as the protocol draws them. A twin shows
    /// its original's examples, so the two differ only in the item. Throws when an item cannot
    /// get what the reference would show it (fewer examples, or another subject's).
    init(_ evalProtocol: EvalProtocol, tasks: [EvalTask], pool: FewShotPool, fileExamples: [BenchmarkItem]?,
         fileDescription: String?) throws(UsageError) {
        self.evalProtocol = evalProtocol
        self.fileDescription = fileDescription
        var examples: [String: [BenchmarkItem]] = [:]
        var random: PythonRandom?
        for task in tasks {
            if task.split == .twin, let original = task.item.provenance?.original, let shown = examples[original] {
                examples[task.item.id] = shown
                continue
            }
            switch evalProtocol.shots {
            case .none: break
            case .firstN(let k):
                let drawn = pool.shots(for: task.item, k: k)
                let subject = task.item.subset ?? ""
                guard drawn.count == k, drawn.allSatisfy({ ($0.subset ?? "") == subject }) else {
                    let have = drawn.filter { ($0.subset ?? "") == subject }.count
                    throw UsageError.conflict("protocol \(evalProtocol.name) shows \(k) examples of the item's own subject from its dev split; '\(subject)' has \(have) (give its <subject>_dev file, or --fewshot FILE with \(k) of each subject)")
                }
                examples[task.item.id] = drawn
            case .file(let k):
                examples[task.item.id] = Array((fileExamples ?? []).prefix(k))
            case .random(let k, let seed):
                // One generator for the run, drawing for each item in turn, as lm-eval's sampler.
                if random == nil { random = PythonRandom(seed: seed) }
                examples[task.item.id] = random!.sample(fileExamples ?? [], k)
            }
        }
        self.examples = examples
    }

    /// The examples `item`'s prompt shows.
    public func examples(for item: BenchmarkItem) -> [BenchmarkItem] { examples[item.id] ?? [] }

    /// The whole prompt of `item`.
    public func context(for item: BenchmarkItem) -> String {
        evalProtocol.context(item, examples: examples(for: item),
                             description: evalProtocol.description(for: item, promptFile: fileDescription))
    }

    /// Checks the benchmark, the few-shot file and the options against what the protocol
    /// fixes; the message names what to give or leave out.
    static func check(_ evalProtocol: EvalProtocol, settings: EvalSettings, format: BenchmarkFormat, items: [BenchmarkItem],
                      fileExamples: [BenchmarkItem]?, promptFile: ChainOfThoughtPromptFile?) throws(UsageError) {
        let name = evalProtocol.name
        guard evalProtocol.formats.contains(format) else {
            throw UsageError.conflict("protocol \(name) evaluates \(evalProtocol.formats.map(\.rawValue).joined(separator: " or ")) benchmarks; this one is \(format.rawValue)")
        }
        // What the protocol fixes; a value set beside it would silently not be the reference's.
        let fixed: [(String, Bool)] = [("shots", settings.shots != 0), ("cot", settings.chainOfThought), ("chat", settings.chat),
                                       ("system", settings.system != nil), ("mode", settings.mode != nil)]
        for (option, set) in fixed where set {
            throw UsageError.conflict("--protocol \(name) fixes what --\(option) sets; leave --\(option) out")
        }
        if evalProtocol.shots == .none, settings.fewshot != nil {
            throw UsageError.conflict("protocol \(name) is 0-shot; leave --fewshot out")
        }
        if let task = evalProtocol.task {
            if let other = items.first(where: { $0.subset != task }) {
                throw UsageError.conflict("protocol \(name) evaluates the BBH task '\(task)'; item \(other.id) is of '\(other.subset ?? "")' (give that task's file, or --protocol for its task)")
            }
            guard let promptFile, promptFile.task == task else {
                throw UsageError.conflict("protocol \(name) needs --fewshot cot-prompts/\(task).txt, the task's published chain-of-thought prompt file")
            }
        }
        if let subset = evalProtocol.subset, items.isEmpty {
            throw UsageError.conflict("protocol \(name) evaluates the \(subset) items; the benchmark holds none")
        }
        switch evalProtocol.shots {
        case .none, .firstN: break
        case .random(let k, _), .file(let k):
            let have = fileExamples?.count ?? 0
            if have < k {
                let what = evalProtocol.template == .question ? "the training split" : "the published chain-of-thought exemplars"
                throw UsageError.conflict("protocol \(name) needs --fewshot FILE with \(what) (at least \(k) examples; \(fileExamples == nil ? "none given" : "the file holds \(have)"))")
            }
        }
    }
}

extension ProtocolPlan {
    /// The `--fewshot` file as the protocol reads it: the published chain-of-thought prompt file
    /// for the BBH protocols (`.txt`), else items in any format, GSM8K's showing their answers as
    /// the file writes them; nil without a file.
    static func fewshot(_ evalProtocol: EvalProtocol, path: String?, format: BenchmarkFormat,
                        read: (String) throws -> [BenchmarkItem]) throws -> ([BenchmarkItem]?, ChainOfThoughtPromptFile?) {
        guard let path else { return (nil, nil) }
        if evalProtocol.task != nil, ChainOfThoughtPromptFile.isPromptFile(path) {
            let file = try ChainOfThoughtPromptFile(path: path)
            return (file.examples, file)
        }
        var items = try read(path)
        if evalProtocol.template == .question, format == .gsm8k {
            let verbatim = try ReasoningReaders.verbatimGSM8KAnswers(file: path)
            items = items.map { item in
                var item = item
                if let answer = verbatim[item.id] { item.solution = answer }
                return item
            }
        }
        return (items, nil)
    }
}
