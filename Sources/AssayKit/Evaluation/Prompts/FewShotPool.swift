import Foundation

/// The examples few-shot prompts draw from, and which items are left to evaluate.
///
/// Where shots come from, first match wins:
/// 1. a `--fewshot FILE` (any benchmark format): its items, by subset;
/// 2. the benchmark's own dev split (MMLU `<subject>_dev.csv`, C-Eval `_dev`): items whose id
///    has a `dev` split component; they are never evaluated;
/// 3. otherwise, with k > 0, the first k items of each subset in file order, which are then
///    left out of the evaluation.
/// An item gets the first k examples of its own subset in file order, or, when its subset has
/// none, the first k of the whole pool: the same prompt on every run.
public struct FewShotPool: Sendable, Equatable {
    /// Where the examples came from.
    public enum Source: String, Sendable, Codable {
        case file, devSplit = "dev_split", leadingItems = "leading_items", none
    }

    public private(set) var source: Source
    private var examples: [BenchmarkItem]
    private var bySubset: [String: [BenchmarkItem]]

    public init(source: Source, examples: [BenchmarkItem]) {
        self.source = source
        self.examples = examples
        self.bySubset = Dictionary(grouping: examples) { $0.subset ?? "" }
    }

    /// The first `k` examples for `item` (never the item itself).
    public func shots(for item: BenchmarkItem, k: Int) -> [BenchmarkItem] {
        guard k > 0 else { return [] }
        let own = bySubset[item.subset ?? ""] ?? []
        let candidates = own.isEmpty ? examples : own
        return Array(candidates.lazy.filter { $0.id != item.id }.prefix(k))
    }

    /// Splits a benchmark's items into the shot pool and the items to evaluate (see the type's
    /// documentation for the rules).
    public static func split(_ items: [BenchmarkItem], shots k: Int,
                             fewshotFile: [BenchmarkItem]? = nil) -> (pool: FewShotPool, evaluate: [BenchmarkItem]) {
        let dev = items.filter(isDevSplit)
        // A file holding only dev items is evaluated as it is.
        let evaluate = dev.count == items.count ? items : items.filter { !isDevSplit($0) }
        if let fewshotFile { return (FewShotPool(source: .file, examples: fewshotFile), evaluate) }
        if !dev.isEmpty && dev.count < items.count { return (FewShotPool(source: .devSplit, examples: dev), evaluate) }
        guard k > 0 else { return (FewShotPool(source: .none, examples: []), evaluate) }
        var taken: [String: Int] = [:]
        var pool: [BenchmarkItem] = [], rest: [BenchmarkItem] = []
        for item in evaluate {
            let subset = item.subset ?? ""
            if taken[subset, default: 0] < k {
                taken[subset, default: 0] += 1
                pool.append(item)
            } else {
                rest.append(item)
            }
        }
        return (FewShotPool(source: .leadingItems, examples: pool), rest)
    }

    /// True for items of a dev split: an id component "dev" (`mmlu/<subject>/dev/3`).
    static func isDevSplit(_ item: BenchmarkItem) -> Bool {
        item.id.split(separator: "/").dropLast().contains("dev")
    }

    /// The dev file next to an MMLU or C-Eval test or val file (`x_test.csv` -> `x_dev.csv`,
    /// `x_test.csv.gz` -> `x_dev.csv.gz` or `x_dev.csv`), when it exists: a single benchmark
    /// file then still gets its subject's examples.
    public static func siblingDevFile(of path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let plain = BenchmarkReader.plainName(path)
        let name = (plain as NSString).deletingPathExtension, ext = (plain as NSString).pathExtension
        for split in ["_test", "_val"] where name.hasSuffix(split) {
            let stem = String(name.dropLast(split.count)) + "_dev." + ext
            for candidate in [stem + ".gz", stem] {
                let dev = url.deletingLastPathComponent().appendingPathComponent(candidate).path
                if FileManager.default.fileExists(atPath: dev) { return dev }
            }
        }
        return nil
    }
}

/// Worked examples written for Assay (not taken from any benchmark), used as chain-of-thought
/// shots when the shot pool has no worked solutions (BBH, generated items). Each solution
/// reasons step by step; `PromptStyle.shotAnswer` ends it with "The answer is X."
public enum ChainOfThoughtExemplars {
    /// The exemplars for a style, in the order they are used.
    public static func exemplars(for style: PromptStyle) -> [BenchmarkItem] {
        switch style {
        case .question: return wordProblems
        case .problem: return algebra
        case .shortQA: return reasoning
        case .lettered, .completion, .code: return []
        }
    }

    private static func item(_ id: String, _ question: String, _ solution: String, _ answer: String) -> BenchmarkItem {
        BenchmarkItem(id: "assay-cot/\(id)", benchmark: "assay-cot", question: question, answer: answer,
                      solution: solution, provenance: Provenance(source: "written for Assay"))
    }

    static let wordProblems = [
        item("word/0", "A librarian shelves 18 books an hour for 3 hours, then 11 more books. How many books does she shelve?",
             "In 3 hours she shelves 18 * 3 = 54 books. With 11 more she shelves 54 + 11 = 65 books.", "65"),
        item("word/1", "Tomas has 90 stickers. He gives a third of them to his sister and then buys 7 more. How many stickers does he have now?",
             "A third of 90 is 90 / 3 = 30, so he keeps 90 - 30 = 60. After buying 7 he has 60 + 7 = 67.", "67"),
        item("word/2", "A bus ticket costs $2.50. How much do 4 adults and 2 children pay if children pay half price?",
             "The adults pay 4 * 2.50 = 10 dollars. A child pays 2.50 / 2 = 1.25, so the children pay 2 * 1.25 = 2.50 dollars. Together 10 + 2.50 = 12.50 dollars.", "12.5"),
    ]

    static let algebra = [
        item("algebra/0", "Solve for $x$: $3x + 7 = 22$.",
             "Subtract 7 from both sides: $3x = 15$. Divide by 3: $x = 5$. So $x = \\boxed{5}$.", "5"),
        item("algebra/1", "What is the sum of the interior angles of a hexagon, in degrees?",
             "A polygon with $n$ sides has interior angles summing to $(n-2) \\cdot 180$. For $n = 6$ this is $4 \\cdot 180 = \\boxed{720}$.", "720"),
        item("algebra/2", "How many ways can 3 different books be arranged on a shelf?",
             "The first place has 3 choices, the second 2, the last 1: $3 \\cdot 2 \\cdot 1 = \\boxed{6}$.", "6"),
    ]

    static let reasoning = [
        item("reason/0", "not ( False or True ) and True is",
             "Inside the brackets, False or True is True. not True is False. False and True is False.", "False"),
        item("reason/1", "Ann is taller than Ben, and Ben is taller than Cleo. Who is the shortest?\nOptions:\n(A) Ann\n(B) Ben\n(C) Cleo",
             "Ann is above Ben and Ben is above Cleo, so the order from tallest is Ann, Ben, Cleo. The shortest is Cleo, option (C).", "(C)"),
        item("reason/2", "Today is Monday. What day of the week will it be 10 days from now?",
             "Every 7 days it is Monday again, so 7 days from now is Monday. 3 more days gives Thursday.", "Thursday"),
    ]
}
