import Foundation

/// The audit's generation probes (`--probes`), each a greedy generation per text:
///
/// - **Completion overlap**: the model gets the first half of the text (by tokens) and continues
///   it greedily for as many tokens as the second half has (at most `maxCompletionTokens`); the
///   score is ROUGE-L F1 of the continuation against the true second half, cut to the same
///   token count. A memorized text is continued as written.
/// - **Option guessing** (TS-Guessing, Deng et al. 2024), multiple-choice items with at least
///   three options: one wrong option, chosen by the seed, is masked and the model is asked to
///   fill it in; the score is 1 when its first line is the hidden option (same `MetricTokenizer`
///   tokens: case, spacing and punctuation ignored), else 0. Guessing a wrong option exactly is
///   hard unless the item was seen.
///
/// Results are cached in `probes.jsonl` like the signals (`JSONLinesCache`).
public struct GenerationProbes: Sendable {
    public var model: any LanguageModel
    public var seed: UInt64
    /// Cap of a completion (and of the compared second half), in tokens.
    public var maxCompletionTokens = 48
    /// Cap of an option guess, in tokens.
    public var maxGuessTokens = 32
    /// Texts probed per generation call (and per appended batch of lines).
    public var batchSize = 32

    public init(model: any LanguageModel, seed: UInt64) {
        self.model = model
        self.seed = seed
    }

    /// What one text's probes found (a line of `probes.jsonl`).
    public struct Result: CachedTextRecord, Hashable {
        public var key: String
        public var text: String
        /// The seed that chose the hidden option: a line of another seed is not reused.
        public var seed: UInt64
        /// The given first half, the true continuation and the model's, and their ROUGE-L F1
        /// (nil when the text is too short to split: fewer than 8 tokens).
        public var prompt: String?
        public var truth: String?
        public var completion: String?
        public var completionRougeL: Double?
        /// The hidden option's label and text, the model's guess, and 1/0 for an exact guess
        /// (nil for items that are not multiple choice with a wrong option to hide).
        public var hiddenLabel: String?
        public var hiddenOption: String?
        public var guess: String?
        public var optionGuessing: Double?

        enum CodingKeys: String, CodingKey {
            case key, text, seed, prompt, truth, completion, guess
            case completionRougeL = "completion_rouge_l", hiddenLabel = "hidden_label"
            case hiddenOption = "hidden_option", optionGuessing = "ts_guessing"
        }
    }

    /// The probes of every target, by key: cached ones from `cached` (same key, text and
    /// seed), the others run and appended to `path` (`probes.jsonl`).
    public func results(for targets: [(key: String, item: BenchmarkItem)], cached: [String: Result], path: String,
                        progress: ProgressReporter? = nil) async throws -> [String: Result] {
        try await Self.cache(path).fill(targets.map { ($0.key, OverlapIndex.text(of: $0.item)) },
                                        cached: cached.filter { $0.value.seed == seed },
                                        batchSize: batchSize, progress: progress) { indices in
            let results = try await run(indices.map { targets[$0] })
            progress?.advance(by: indices.count)
            return results
        }
    }

    /// The cache of probe results in `path`.
    public static func cache(_ path: String) -> JSONLinesCache<Result> { JSONLinesCache(path: path, name: "probes") }

    /// The probes of each `(key, item)`, in order; `text` is the audited text of the item.
    public func run(_ targets: [(key: String, item: BenchmarkItem)]) async throws -> [Result] {
        var results = targets.map { Result(key: $0.key, text: OverlapIndex.text(of: $0.item), seed: seed) }
        var requests: [GenerationRequest] = []
        var owners: [(index: Int, isGuess: Bool)] = []
        for (index, target) in targets.enumerated() {
            if let split = try await completionSplit(results[index].text) {
                results[index].prompt = split.prompt
                results[index].truth = split.truth
                requests.append(GenerationRequest(text: split.prompt, maxTokens: split.tokens))
                owners.append((index, false))
            }
            if let mask = Self.optionMask(target.item, key: target.key, seed: seed) {
                results[index].hiddenLabel = mask.label
                results[index].hiddenOption = mask.option
                requests.append(GenerationRequest(text: mask.prompt, maxTokens: maxGuessTokens, stop: ["\n"]))
                owners.append((index, true))
            }
        }
        let generated = try await model.generate(requests, progress: nil)
        for (owner, output) in zip(owners, generated) {
            if owner.isGuess {
                let guess = output.text.trimmingCharacters(in: .whitespaces)
                results[owner.index].guess = guess
                let hidden = MetricTokenizer.tokens(results[owner.index].hiddenOption ?? "")
                results[owner.index].optionGuessing = !hidden.isEmpty && MetricTokenizer.tokens(guess) == hidden ? 1 : 0
            } else {
                results[owner.index].completion = output.text
                results[owner.index].completionRougeL = Metrics.rouge(
                    candidate: output.text, reference: results[owner.index].truth ?? "").rougeL
            }
        }
        return results
    }

    /// The text split at its middle token into a prompt and the true continuation, cut to
    /// `maxCompletionTokens`. The split moves right until the first half detokenizes to a
    /// prefix of the text (a cut inside a multi-byte character does not); nil below 8 tokens.
    /// Only the prompt must be exact: the truth is compared by ROUGE words, so a leading space
    /// a SentencePiece detokenizer drops does not matter.
    func completionSplit(_ text: String) async throws -> (prompt: String, truth: String, tokens: Int)? {
        let tokens = try await model.tokenize(text)
        guard tokens.count >= 8 else { return nil }
        for middle in tokens.count / 2..<min(tokens.count - 1, tokens.count / 2 + 4) {
            let prompt = try await model.detokenize(Array(tokens[..<middle]))
            guard !prompt.isEmpty, text.hasPrefix(prompt) else { continue }
            let count = min(tokens.count - middle, maxCompletionTokens)
            let truth = try await model.detokenize(Array(tokens[middle..<middle + count]))
            return (prompt, truth, count)
        }
        return nil
    }

    /// The TS-Guessing prompt of a multiple-choice item with one wrong option masked; nil when
    /// the item has fewer than three options or no known gold among them. The hidden option is
    /// drawn from the wrong ones by `seed` and the text's key.
    static func optionMask(_ item: BenchmarkItem, key: String, seed: UInt64) -> (prompt: String, label: String, option: String)? {
        guard let choices = item.choices, choices.count >= 3 else { return nil }
        let labels = BenchmarkItem.labels(count: choices.count)
        let gold = AnswerGrader.gold(item)
        let wrong = labels.indices.filter { !gold.contains(labels[$0]) }
        guard wrong.count < labels.count, !wrong.isEmpty else { return nil }
        var generator = SeededGenerator(seed: seed, stream: OverlapIndex.stableHash(key))
        guard let hidden = generator.pick(wrong) else { return nil }
        let options = labels.indices.map { "\(labels[$0]). \($0 == hidden ? "[MASK]" : choices[$0])" }
        let prompt = """
            Fill in the [MASK] in option \(labels[hidden]) of this multiple-choice question. \
            Reply with the text of option \(labels[hidden]) only.

            Question: \(item.question)
            \(options.joined(separator: "\n"))

            Option \(labels[hidden]):
            """
        return (prompt, labels[hidden], choices[hidden])
    }
}
