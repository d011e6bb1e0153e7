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

    /// The dev file next to an MMLU or C-Eval test or val file (`x_test.csv` -> `x_dev.csv`),
    /// when it exists: a single benchmark file then still gets its subject's examples.
    public static func siblingDevFile(of path: String) -> String? {
        let url = URL(fileURLWithPath: path)
        let name = url.deletingPathExtension().lastPathComponent
        for split in ["_test", "_val"] where name.hasSuffix(split) {
            let dev = url.deletingLastPathComponent()
                .appendingPathComponent(String(name.dropLast(split.count)) + "_dev." + url.pathExtension).path
            if FileManager.default.fileExists(atPath: dev) { return dev }
        }
        return nil
    }
}
