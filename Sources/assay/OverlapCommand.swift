import AssayCLI
import AssayKit
import Foundation

/// `assay overlap`: n-gram overlap of benchmark items with reference corpora.
enum OverlapCommand: AssayCommand {
    static let benchmark = Option<String>("benchmark", "FILE", help: "Benchmark items, canonical JSONL.", required: true)
    static let corpus = RepeatedOption<String>("corpus", "PATH", help: "Corpus file or folder (.txt, .jsonl, either .gz or .zst).", required: true)
    static let n = Option<Int?>("n", in: 1...1000, help: "n-gram length in tokens (13; 50 for gpt4).")
    static let mode = Option<OverlapOptions.Mode>("mode", "MODE", default: .words, help: "What a token is: words, chars or gpt4 (50-character substrings, as in the GPT-4 report).")
    static let maxDocFreq = Option<Int?>("max-doc-freq", in: 1...Int.max, help: "Ignore n-grams found in more than N corpus documents (second pass).")
    static let field = Option<String>("field", "NAME", default: "text", help: "Text field of JSONL corpus lines.")
    static let threshold = Option<Double>("threshold", "X", default: 0.5, in: 0...1, help: "Overlap fraction from which an item counts as contaminated.")
    static let seed = Option<UInt64>("seed", "S", default: 0, help: "Seed of the gpt4 substring sampling.")
    static let workers = Option<Int>("workers", default: 2, in: 1...64, help: "Threads scanning the corpus (no model is loaded).", aliases: ["threads"])
    static let out = Option<String>("out", "DIR", default: "assay-overlap", help: "Output folder.")
    static let shard = Option<String?>("shard", "I/N", help: "Scan only shard I of N (I from 1; bytes balanced, compressed files whole) "
                                       + "and write DIR/overlap-partial.json; combine with `assay overlap merge`.")

    static let spec = CommandSpec(
        name: "overlap",
        abstract: "Find benchmark items in reference corpora by n-gram overlap.",
        options: [OptionSpec]([benchmark, corpus, n, mode, maxDocFreq, field, threshold, seed, workers, out, shard, CommonOptions.quiet]),
        discussion: """
        Writes DIR/overlap.jsonl (per item: id, ngrams, matched, ngram_overlap, longest_span,
        longest_text, evidence [{path, offset, line, span, text}]) and DIR/overlap-summary.json.
        Text is lowercased, punctuation stripped; CJK characters count as one token each.
        Ctrl-C stops the scan between chunks, writes both files for the part scanned
        (statistics.interrupted = true, statistics.bytes = what was read) and exits 130.
        With --shard I/N (I from 1, as Slurm's array index; Kubernetes' JOB_COMPLETION_INDEX + 1)
        only that slice of the corpus is scanned and DIR/overlap-partial.json written; run all N,
        then `assay overlap merge DIR...` gives exactly one run's output. Not with --max-doc-freq.
        """,
        examples: [
            "assay overlap --benchmark items.jsonl --corpus corpus/ --out out/overlap",
            "assay overlap --benchmark items.jsonl --corpus web.jsonl.gz --max-doc-freq 10 --threshold 0.8",
            "assay overlap --benchmark items.jsonl --corpus corpus/ --shard 3/8 --out shards/3",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let options = OverlapOptions(mode: try arguments[mode], n: try arguments[n], maxDocumentFrequency: try arguments[maxDocFreq],
                                     seed: try arguments[seed])
        let scan = CorpusOptions(field: try arguments[field], threads: try arguments[workers],
                                 showProgress: !arguments[CommonOptions.quiet])
        let folder = try arguments[out]
        InterruptSignal.install()
        if let text = try arguments[shard] {
            return try runShard(try ShardSpec(parsing: text), arguments, options: options, scan: scan, folder: folder)
        }
        let summary = try OverlapRun.run(benchmark: try arguments[benchmark], corpus: try arguments[corpus],
                                         options: options, corpusOptions: scan,
                                         threshold: try arguments[threshold], outputFolder: folder)
        let stats = summary.statistics
        printError("items: \(summary.items), with n-grams: \(summary.itemsWithNgrams), matched: \(summary.itemsMatched), "
              + "overlap >= \(summary.threshold): \(summary.itemsOverThreshold)")
        printError("corpus: \(stats.files) files, \(stats.documents) documents, \(stats.bytes) bytes, "
              + "\(String(format: "%.1f", stats.megabytesPerSecond)) MB/s"
              + (stats.skippedLines > 0 ? ", \(stats.skippedLines) lines skipped" : ""))
        return finish(stats, wrote: "\(folder)/overlap.jsonl and overlap-summary.json",
                      interrupted: "the results cover the first \(stats.bytes) bytes of the corpus only; run again to scan all of it")
    }

    /// Warnings, what was written, and the exit status (130 after Ctrl-C, 1 with skipped lines).
    private static func finish(_ stats: OverlapStatistics, wrote: String, interrupted: String) -> Int32 {
        for warning in stats.warnings { printError("warning: \(warning)") }
        printError("wrote \(wrote)")
        if stats.interrupted == true {
            printError("interrupted (Ctrl-C): \(interrupted)")
            return InterruptSignal.exitStatus
        }
        return stats.skippedLines > 0 ? 1 : 0
    }

    private static func runShard(_ spec: ShardSpec, _ arguments: ParsedArguments, options: OverlapOptions,
                                 scan: CorpusOptions, folder: String) throws -> Int32 {
        let stats = try OverlapRun.runShard(spec, benchmark: try arguments[benchmark], corpus: try arguments[corpus],
                                            options: options, corpusOptions: scan, threshold: try arguments[threshold],
                                            outputFolder: folder)
        printError("shard \(spec): \(stats.files) file ranges, \(stats.documents) documents, \(stats.bytes) bytes")
        return finish(stats, wrote: "\(folder)/overlap-partial.json; when all \(spec.count) shards are done: assay overlap merge DIR... --out OUT",
                      interrupted: "this shard is incomplete and cannot be merged; run it again")
    }
}
