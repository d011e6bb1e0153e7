import AssayCLI
import AssayKit
import Foundation

/// `assay overlap merge`: combines the partials of `assay overlap --shard I/N` runs.
enum OverlapMergeCommand: AssayCommand {
    static let out = Option<String>("out", "DIR", default: "assay-overlap", help: "Output folder.")

    static let spec = CommandSpec(
        name: "overlap merge",
        abstract: "Merge the shard folders of `assay overlap --shard I/N` into one run's output.",
        options: [OptionSpec]([out]),
        positionals: ["SHARD_DIR..."],
        discussion: """
        Writes DIR/overlap.jsonl, byte for byte what one run over the whole corpus writes, and
        DIR/overlap-summary.json, the same except statistics.seconds (the sum of the shards'
        seconds) and mb_per_second (bytes / that sum: one shard's throughput). Refuses folders of
        different runs (options, benchmark, corpus files and sizes), a missing, duplicate or
        interrupted shard, naming the folder.
        """,
        examples: ["assay overlap merge shards/* --out out/overlap"])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let folder = try arguments[out]
        let summary = try OverlapMerge.merge(folders: arguments.positionals, outputFolder: folder)
        printError("merged \(arguments.positionals.count) shards: items: \(summary.items), matched: \(summary.itemsMatched), "
              + "overlap >= \(summary.threshold): \(summary.itemsOverThreshold)")
        printError("wrote \(folder)/overlap.jsonl and overlap-summary.json")
        return summary.statistics.skippedLines > 0 ? 1 : 0
    }
}
