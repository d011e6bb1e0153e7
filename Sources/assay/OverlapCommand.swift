import AssayKit
import Foundation

/// `assay overlap`: n-gram overlap of benchmark items with reference corpora.
enum OverlapCommand: AssayCommand {
    static let spec = CommandSpec(
        name: "overlap",
        abstract: "Find benchmark items in reference corpora by n-gram overlap.",
        options: [
            OptionSpec("benchmark", .value("FILE"), help: "Benchmark items, canonical JSONL.", required: true),
            OptionSpec("corpus", .repeated("PATH"), help: "Corpus file or folder (.txt, .jsonl, .gz).", required: true),
            OptionSpec("n", .value("N"), help: "n-gram length in tokens (13; 50 for gpt4)."),
            OptionSpec("mode", .value("MODE"), help: "What a token is: words, chars or gpt4 (50-character substrings, as in the GPT-4 report).", default: "words"),
            OptionSpec("max-doc-freq", .value("N"), help: "Ignore n-grams found in more than N corpus documents (second pass)."),
            OptionSpec("field", .value("NAME"), help: "Text field of JSONL corpus lines.", default: "text"),
            OptionSpec("threshold", .value("X"), help: "Overlap fraction from which an item counts as contaminated.", default: "0.5"),
            OptionSpec("seed", .value("S"), help: "Seed of the gpt4 substring sampling.", default: "0"),
            OptionSpec("workers", .value("N"), help: "Threads scanning the corpus (no model is loaded).", default: "2", aliases: ["threads"]),
            OptionSpec("out", .value("DIR"), help: "Output folder.", default: "assay-overlap"),
            OptionSpec("quiet", .flag, help: "No progress on stderr."),
        ],
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
        let mode = try arguments.caseValue("mode", as: OverlapOptions.Mode.self)
        let options = OverlapOptions(mode: mode, n: try arguments.int("n", in: 1...1000),
                                     maxDocumentFrequency: try arguments.int("max-doc-freq", in: 1...Int.max),
                                     seed: try arguments.uint64Value("seed"))
        let corpus = CorpusOptions(field: try arguments.required("field"), threads: try arguments.intValue("workers", in: 1...64),
                                   showProgress: !arguments.flag("quiet"))
        let out = try arguments.required("out")
        InterruptSignal.install()
        let summary = try OverlapRun.run(benchmark: try arguments.required("benchmark"), corpus: arguments.strings("corpus"),
                                         options: options, corpusOptions: corpus,
                                         threshold: try arguments.doubleValue("threshold", in: 0...1), outputFolder: out)
        let stats = summary.statistics
        printError("items: \(summary.items), with n-grams: \(summary.itemsWithNgrams), matched: \(summary.itemsMatched), "
              + "overlap >= \(summary.threshold): \(summary.itemsOverThreshold)")
        printError("corpus: \(stats.files) files, \(stats.documents) documents, \(stats.bytes) bytes, "
              + "\(String(format: "%.1f", stats.megabytesPerSecond)) MB/s"
              + (stats.skippedLines > 0 ? ", \(stats.skippedLines) lines skipped" : ""))
        for warning in stats.warnings { printError("warning: \(warning)") }
        printError("wrote \(out)/overlap.jsonl and overlap-summary.json")
        if stats.interrupted == true {
            printError("interrupted (Ctrl-C): the results cover the first \(stats.bytes) bytes of the corpus only; run again to scan all of it")
            return InterruptSignal.exitStatus
        }
        return stats.skippedLines > 0 ? 1 : 0
    }
}
