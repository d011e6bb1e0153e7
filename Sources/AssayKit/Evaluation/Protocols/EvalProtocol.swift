import Foundation

/// A named evaluation protocol that reproduces a reference implementation's task request for
/// request: the prompt template, the task description, the few-shot examples (how many, from
/// where, in which order), the target delimiter, the stop strings and generation length, and
/// the metrics with their answer filters. `assay eval --protocol NAME` selects one; the run's
/// manifest records it. The catalog is in `EvalProtocol+Catalog.swift`.
public struct EvalProtocol: Sendable, Equatable {
    /// How an item is written as the text before its answer.
    public enum Template: String, Sendable {
        /// `{question.strip()}\nA. ...\nB. ...\nAnswer:` (lm-eval `mmlu`).
        case mmlu
        /// `Question: {question}\nAnswer:` (lm-eval `arc_*`, `gsm8k`).
        case question
        /// The question as the reader preprocessed it, `{activity}: {context}` (lm-eval `hellaswag`).
        case hellaswag
        /// TruthfulQA's six-question QA primer, then `\n\nQ: {question}\nA:`.
        case truthfulQA
        /// `Q: {question}\nA:` (lm-eval `gsm8k_cot`).
        case qa
        /// `Q: {input}\nA: Let's think step by step.\n` (lm-eval `bbh_cot_fewshot_*`).
        case bbhCoT
        /// `Q: {input}\nA: Let's think step by step.` (the BBH paper's prompts as published).
        case bbhPaper
    }

    /// Where the few-shot examples come from.
    public enum Shots: Sendable, Equatable {
        /// No examples.
        case none
        /// The first k of the benchmark's dev split (or `--fewshot FILE`), in file order.
        case firstN(Int)
        /// k drawn for each item in turn by CPython's `Random(seed).sample` from `--fewshot
        /// FILE` (the training split), one generator for the whole run.
        case random(Int, seed: UInt64)
        /// Every example of a `--fewshot FILE` that the protocol requires (the published
        /// chain-of-thought exemplars), in file order; k is how many it must hold.
        case file(Int)

        /// How many examples a prompt shows.
        public var count: Int {
            switch self {
            case .none: return 0
            case .firstN(let k), .random(let k, _), .file(let k): return k
            }
        }
    }

    /// How the answers are scored.
    public enum Scoring: Sendable, Equatable {
        /// Log-likelihood of every choice: `accuracy` and `acc_norm`.
        case choices
        /// Log-likelihood of every choice: `accuracy` only (MMLU, TruthfulQA mc1).
        case accuracy
        /// Log-likelihood: the probability mass of the true answers, `mc2`.
        case mc2
        /// Generation, answers filtered as lm-eval's GSM8K tasks: `exact_match_strict` (the
        /// strict regex) and `exact_match_flexible` (the last number).
        case gsm8k(strict: String)
        /// Generation, the text after "the answer is", compared exactly: `exact_match`.
        case answerIs
    }

    /// Its name, as `--protocol` takes it.
    public var name: String
    /// The BBH task of a `bbh_cot_fewshot_<task>` or `bbh_cot_3shot_<task>` protocol.
    public var task: String?
    /// The reference this protocol reproduces ("lm-evaluation-harness 0.4.13, task hellaswag").
    public var reference: String
    /// Deliberate differences from the reference, or nil.
    public var differences: String?
    /// The benchmark formats it applies to.
    public var formats: [BenchmarkFormat]
    /// How items are written.
    public var template: Template
    /// How many examples each prompt shows, and from where.
    public var shots: Shots
    /// How answers are scored.
    public var scoring: Scoring
    /// Between the prompt and the answer (a scored choice, or a few-shot example's target).
    public var targetDelimiter = " "
    /// Generation: stop strings and the most new tokens (lm-eval's `until`, `max_gen_toks`).
    public var until: [String] = []
    public var maxTokens = 256
    /// Only items of this subset are evaluated (TruthfulQA's mc1 and mc2 items).
    public var subset: String?

    /// The mode its requests take.
    public var mode: EvalMode {
        switch scoring {
        case .choices, .accuracy, .mc2: return .loglikelihood
        case .gsm8k, .answerIs: return .generate
        }
    }

    /// The metrics it reports, the headline first.
    public var metrics: [String] {
        switch scoring {
        case .choices: return ["accuracy", "acc_norm"]
        case .accuracy: return ["accuracy"]
        case .mc2: return ["mc2"]
        case .gsm8k: return ["exact_match_strict", "exact_match_flexible"]
        case .answerIs: return ["exact_match"]
        }
    }

    /// A protocol by name (`bbh_cot_fewshot_<task>` and `bbh_cot_3shot_<task>` for any task),
    /// or a usage error listing them.
    public static func named(_ name: String) throws(UsageError) -> EvalProtocol {
        if let found = catalog.first(where: { $0.name == name }) { return found }
        for family in [bbhCoTFewshot, bbhPaper] where name.hasPrefix(family.name) && name.count > family.name.count {
            var found = family
            found.name = name
            found.task = String(name.dropFirst(family.name.count))
            found.reference = family.reference.replacingOccurrences(of: "<task>", with: String(name.dropFirst(family.name.count)))
            return found
        }
        throw UsageError.invalidValue(option: "protocol", value: name,
                                      reason: "expected one of: " + (catalog.map(\.name) + [bbhCoTFewshot.name + "<task>", bbhPaper.name + "<task>"]).joined(separator: ", "))
    }

    /// The text of `item` up to its answer.
    public func text(_ item: BenchmarkItem) -> String {
        switch template {
        case .mmlu:
            let choices = item.choices ?? []
            let options = zip(BenchmarkItem.labels(count: choices.count), choices).map { "\($0). \($1)" }
            return ([item.question.trimmingCharacters(in: .whitespacesAndNewlines)] + options + ["Answer:"]).joined(separator: "\n")
        case .question: return "Question: \(item.question)\nAnswer:"
        case .hellaswag: return item.question
        case .truthfulQA: return Self.truthfulQAPrimer + "\n\nQ: \(item.question)\nA:"
        case .qa: return "Q: \(item.question)\nA:"
        case .bbhCoT: return "Q: \(item.question)\nA: Let's think step by step.\n"
        case .bbhPaper: return "Q: \(item.question)\nA: Let's think step by step."
        }
    }

    /// What a few-shot example shows after the target delimiter: the letter (MMLU), GSM8K's
    /// whole answer (rationale, then `#### n`), or the worked reasoning of a chain-of-thought
    /// exemplar.
    public func target(_ example: BenchmarkItem) -> String {
        switch template {
        case .mmlu: return example.answer
        case .question:   // GSM8K (the other question protocols are 0-shot)
            if let solution = example.solution, solution.contains("####") { return solution }    // as written
            return example.solution.map { "\($0)\n#### \(example.answer)" } ?? example.answer
        case .hellaswag, .truthfulQA, .qa, .bbhCoT, .bbhPaper: return example.solution ?? example.answer
        }
    }

    /// The whole context of `item`: the description, each example as text, delimiter and
    /// target followed by a blank line, then the item's text.
    public func context(_ item: BenchmarkItem, examples: [BenchmarkItem], description: String?) -> String {
        var context = description ?? ""
        for example in examples { context += text(example) + targetDelimiter + target(example) + "\n\n" }
        return context + text(item)
    }

    /// The description that opens every prompt of `item`'s task: MMLU's line naming the
    /// subject, or the one a chain-of-thought prompt file gives (with the blank line after it).
    public func description(for item: BenchmarkItem, promptFile: String?) -> String? {
        switch template {
        case .mmlu:
            let subject = (item.subset ?? "").replacingOccurrences(of: "_", with: " ")
            return "The following are multiple choice questions (with answers) about \(subject).\n\n"
        case .bbhCoT, .bbhPaper: return promptFile.map { $0 + "\n\n" }
        default: return nil
        }
    }

    /// The continuations scored for a multiple-choice item, with the delimiter, and the texts
    /// `acc_norm` divides by (without it): the letters for MMLU, else the choice texts.
    public func continuations(_ item: BenchmarkItem) -> (scored: [String], texts: [String]) {
        let choices = item.choices ?? []
        let texts = template == .mmlu ? BenchmarkItem.labels(count: choices.count) : choices
        return (texts.map { targetDelimiter + $0 }, texts)
    }
}
