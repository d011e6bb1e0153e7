import AssayCLI
import AssayKit
import Foundation

/// `assay overlap`: n-gram overlap of benchmark items with reference corpora.
enum OverlapCommand: AssayCommand {
    static let benchmark = Option<String>("benchmark", "FILE", help: "Benchmark items, canonical JSONL.", required: true)
    static let corpus = RepeatedOption<String>("corpus", "PATH", help: "Corpus file or folder (.txt, .jsonl, .gz).", required: true)
    static let n = Option<Int?>("n", in: 1...1000, help: "n-gram length in tokens (13; 50 for gpt4).")
    static let mode = Option<OverlapOptions.Mode>("mode", "MODE", default: .words, help: "What a token is: words, chars or gpt4 (50-character substrings, as in the GPT-4 report).")
    static let maxDocFreq = Option<Int?>("max-doc-freq", in: 1...Int.max, help: "Ignore n-grams found in more than N corpus documents (second pass).")
    static let field = Option<String>("field", "NAME", default: "text", help: "Text field of JSONL corpus lines.")
    static let threshold = Option<Double>("threshold", "X", default: 0.5, in: 0...1, help: "Overlap fraction from which an item counts as contaminated.")
    static let seed = Option<UInt64>("seed", "S", default: 0, help: "Seed of the gpt4 substring sampling.")
    static let workers = Option<Int>("workers", default: 2, in: 1...64, help: "Threads scanning the corpus (no model is loaded).", aliases: ["threads"])
    static let out = Option<String>("out", "DIR", default: "assay-overlap", help: "Output folder.")

    static let spec = CommandSpec(
        name: "overlap",
        abstract: "Find benchmark items in reference corpora by n-gram overlap.",
        options: [OptionSpec]([benchmark, corpus, n, mode, maxDocFreq, field, threshold, seed, workers, out, CommonOptions.quiet]),
        discussion: """
        Writes DIR/overlap.jsonl (per item: id, ngrams, matched, ngram_overlap, longest_span,
        longest_text, evidence [{path, offset, line, span, text}]) and DIR/overlap-summary.json.
        Text is lowercased, punctuation stripped; CJK characters count as one token each.
        Ctrl-C stops the scan between chunks, writes both files for the part scanned
        (statistics.interrupted = true, statistics.bytes = what was read) and exits 130.
        """,
        examples: [
            "assay overlap --benchmark items.jsonl --corpus corpus/ --out out/overlap",
            "assay overlap --benchmark items.jsonl --corpus web.jsonl.gz --max-doc-freq 10 --threshold 0.8",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let options = OverlapOptions(mode: try arguments[mode], n: try arguments[n], maxDocumentFrequency: try arguments[maxDocFreq],
                                     seed: try arguments[seed])
        let scan = CorpusOptions(field: try arguments[field], threads: try arguments[workers],
                                 showProgress: !arguments[CommonOptions.quiet])
        let folder = try arguments[out]
        InterruptSignal.install()
        let summary = try OverlapRun.run(benchmark: try arguments[benchmark], corpus: try arguments[corpus],
                                         options: options, corpusOptions: scan,
                                         threshold: try arguments[threshold], outputFolder: folder)
        let stats = summary.statistics
        printError("items: \(summary.items), with n-grams: \(summary.itemsWithNgrams), matched: \(summary.itemsMatched), "
              + "overlap >= \(summary.threshold): \(summary.itemsOverThreshold)")
        printError("corpus: \(stats.files) files, \(stats.documents) documents, \(stats.bytes) bytes, "
              + "\(String(format: "%.1f", stats.megabytesPerSecond)) MB/s"
              + (stats.skippedLines > 0 ? ", \(stats.skippedLines) lines skipped" : ""))
        for warning in stats.warnings { printError("warning: \(warning)") }
        printError("wrote \(folder)/overlap.jsonl and overlap-summary.json")
        if stats.interrupted == true {
            printError("interrupted (Ctrl-C): the results cover the first \(stats.bytes) bytes of the corpus only; run again to scan all of it")
            return InterruptSignal.exitStatus
        }
        return stats.skippedLines > 0 ? 1 : 0
    }
}
