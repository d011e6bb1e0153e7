import Foundation

/// How `assay compare` tells which runs belong together: a model by its provenance (the GGUF's
/// SHA-256 wherever the file lies, or the served model id at its endpoint), a benchmark by the
/// name of its file or folder.
public enum RunIdentity {
    /// File names that say nothing about the benchmark (TruthfulQA's `mc_task.json` included); the folder's name is used instead.
    static let genericStems: Set<String> = ["test", "tests", "items", "data", "train", "validation", "val", "dev", "eval", "main", "all", "mc_task"]

    /// The key that identifies a model across runs.
    public static func modelKey(_ model: ModelProvenance) -> String {
        if let sha256 = model.sha256 { return "sha256:" + sha256 }
        if let endpoint = model.endpoint { return "\(model.backend) \(endpoint) \(model.model)" }
        return "\(model.backend) \(model.file ?? model.model)"
    }

    /// A short name for tables: the GGUF's file name without `.gguf`, or the served model id's
    /// last path component with " (served)".
    public static func modelName(_ model: ModelProvenance) -> String {
        if let file = model.file { return stem(file, extensions: ["gguf"]) }
        let id = model.model.contains("/") && model.model.hasSuffix(".gguf") ? stem(model.model, extensions: ["gguf"]) : model.model
        return model.endpoint == nil ? id : id + " (served)"
    }

    /// Unique short names for `models` (keyed by `modelKey`): a name two models share gets the
    /// start of the SHA-256, or the endpoint, after it.
    public static func modelNames(_ models: [ModelProvenance]) -> [String: String] {
        var byKey: [String: ModelProvenance] = [:]
        for model in models { byKey[modelKey(model)] = byKey[modelKey(model)] ?? model }
        let counts = Dictionary(byKey.values.map { (modelName($0), 1) }, uniquingKeysWith: +)
        return byKey.mapValues { model in
            let name = modelName(model)
            guard counts[name, default: 0] > 1 else { return name }
            if let sha256 = model.sha256 { return "\(name) #\(sha256.prefix(8))" }
            return "\(name) @\(model.endpoint ?? model.backend)"
        }
    }

    /// The benchmark's name from the path a run recorded, lowercased: `Corpora/samples/mmlu` and
    /// `Corpora/samples/mmlu/` are "mmlu", `data/gsm8k/test.jsonl` is "gsm8k" (a generic file
    /// name gives way to its folder's), `HumanEval.jsonl.gz` is "humaneval".
    public static func benchmarkName(_ path: String) -> String {
        var trimmed = path
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        let name = stem(trimmed, extensions: ["gz", "jsonl", "json", "csv", "tsv", "parquet", "txt"])
        let parent = ((trimmed as NSString).deletingLastPathComponent as NSString).lastPathComponent
        if genericStems.contains(name.lowercased()), !parent.isEmpty, parent != "/" { return parent.lowercased() }
        return name.lowercased()
    }

    /// The last path component without any of `extensions` at its end (repeatedly: `a.jsonl.gz` → `a`).
    static func stem(_ path: String, extensions: Set<String>) -> String {
        var name = (path as NSString).lastPathComponent
        while extensions.contains((name as NSString).pathExtension.lowercased()), !(name as NSString).deletingPathExtension.isEmpty {
            name = (name as NSString).deletingPathExtension
        }
        return name
    }
}
