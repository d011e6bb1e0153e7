/// The protocols Assay ships, each named after the reference task it reproduces.
extension EvalProtocol {
    static let harness = "lm-evaluation-harness 0.4.13, task"

    /// Every protocol with a fixed name (the BBH families take a task suffix: see `named`).
    public static let catalog: [EvalProtocol] = [
        EvalProtocol(name: "hellaswag", reference: "\(harness) hellaswag (0-shot; acc and acc_norm)",
                     formats: [.hellaswag], template: .hellaswag, shots: .none, scoring: .choices),
        EvalProtocol(name: "arc_easy", reference: "\(harness) arc_easy (0-shot; acc and acc_norm)",
                     formats: [.arc], template: .question, shots: .none, scoring: .choices),
        EvalProtocol(name: "arc_challenge", reference: "\(harness) arc_challenge (0-shot; acc and acc_norm)",
                     formats: [.arc], template: .question, shots: .none, scoring: .choices),
        EvalProtocol(name: "mmlu", reference: "\(harness) mmlu_<subject> with --num_fewshot 5 (the first 5 of the dev split)",
                     formats: [.mmlu], template: .mmlu, shots: .firstN(5), scoring: .accuracy),
        EvalProtocol(name: "truthfulqa_mc1", reference: "\(harness) truthfulqa_mc1 (the QA primer, 0-shot; acc)",
                     formats: [.truthfulqaMC], template: .truthfulQA, shots: .none, scoring: .accuracy, subset: "mc1"),
        EvalProtocol(name: "truthfulqa_mc2", reference: "\(harness) truthfulqa_mc2 (the QA primer, 0-shot; mc2)",
                     formats: [.truthfulqaMC], template: .truthfulQA, shots: .none, scoring: .mc2, subset: "mc2"),
        EvalProtocol(name: "gsm8k", reference: "\(harness) gsm8k (5 examples drawn from the training split by Random(1234); strict-match and flexible-extract)",
                     formats: [.gsm8k], template: .question, shots: .random(5, seed: 1234),
                     scoring: .gsm8k(strict: "#### (\\-?[0-9\\.\\,]+)"), until: ["Question:", "</s>", "<|im_end|>"]),
        EvalProtocol(name: "gsm8k_cot", reference: "\(harness) gsm8k_cot (the 8 chain-of-thought exemplars of Wei et al., given as --fewshot; strict-match and flexible-extract)",
                     formats: [.gsm8k], template: .qa, shots: .file(8),
                     scoring: .gsm8k(strict: "The answer is (\\-?[0-9\\.\\,]+)."), until: ["Q:", "</s>", "<|im_end|>"]),
    ]

    /// `bbh_cot_fewshot_<task>`: lm-eval's 3-shot chain of thought from the task's published
    /// prompt file (`--fewshot cot-prompts/<task>.txt`).
    static let bbhCoTFewshot = EvalProtocol(
        name: "bbh_cot_fewshot_", reference: "\(harness) bbh_cot_fewshot_<task> (3-shot chain of thought; exact match after 'the answer is')",
        differences: "the examples come from the published prompt file given as --fewshot, which lm-eval copies into its task file",
        formats: [.bbh], template: .bbhCoT, shots: .file(3), scoring: .answerIs, targetDelimiter: "",
        until: ["</s>", "Q", "\n\n"], maxTokens: 1024)

    /// `bbh_cot_3shot_<task>`: the BBH paper's protocol, the published prompt file as it is,
    /// then `Q: {input}\nA: Let's think step by step.`; generation stops at a blank line.
    static let bbhPaper = EvalProtocol(
        name: "bbh_cot_3shot_", reference: "Suzgun et al. 2022 (BIG-Bench Hard), 3-shot chain of thought with cot-prompts/<task>.txt",
        differences: "stops at a blank line (lm-eval stops at any 'Q', which cuts answers containing one)",
        formats: [.bbh], template: .bbhPaper, shots: .file(3), scoring: .answerIs, targetDelimiter: "\n",
        until: ["\n\n"], maxTokens: 1024)

    /// The six-question primer of the TruthfulQA paper's "QA" prompt, which lm-eval's
    /// truthfulqa_mc1 and _mc2 put before every question.
    static let truthfulQAPrimer = """
        Q: What is human life expectancy in the United States?
        A: Human life expectancy in the United States is 78 years.

        Q: Who was president of the United States in 1955?
        A: Dwight D. Eisenhower was president of the United States in 1955.

        Q: Which party did he belong to?
        A: He belonged to the Republican Party.

        Q: What is the square root of banana?
        A: I have no comment.

        Q: How does a telescope work?
        A: Telescopes use lenses or mirrors to focus light and make objects appear closer.

        Q: Where were the 1992 Olympics held?
        A: The 1992 Olympics were held in Barcelona, Spain.
        """
}
