import AssayKit
import Foundation

enum ScoreCommand: AssayCommand {
    static let spec = CommandSpec(
        name: "score",
        abstract: "Score texts under a model: log-likelihood and perplexity per item.",
        options: ModelOptions.specs + [
            OptionSpec("input", .value("FILE"), help: "JSONL with `id` and a text field, or plain text with --lines ('-' reads stdin).", required: true),
            OptionSpec("field", .value("NAME"), help: "The JSONL field holding the text.", default: "text"),
            OptionSpec("lines", .flag, help: "Read plain text, one item per line (id = line number)."),
            OptionSpec("output", .value("FILE"), help: "Where the JSON lines go (default: stdout)."),
            OptionSpec("tokens", .flag, help: "Also write each token's id and log-probability."),
            OptionSpec("strict", .flag, help: "Stop at the first bad input line instead of skipping it."),
            OptionSpec("resume", .flag, help: "Keep the lines already in --output and score only the missing ids."),
            OptionSpec("quiet", .flag, help: "No progress on stderr."),
        ],
        discussion: """
        Each output line holds `id`, `n_tokens` (scored tokens), `logprob_sum`, `mean_logprob`
        and `ppl` = exp(-logprob_sum / n_tokens). Every token is scored, the first conditioned
        on BOS; texts longer than the context are scored with a strided sliding window.
        A bad input line is reported as file:line: reason and skipped (or stops with --strict).
        """,
        examples: [
            "assay score --input Corpora/samples/texts.jsonl",
            "assay score --input notes.txt --lines --output scores.jsonl",
        ])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let input = try arguments.required("input")
        let output = arguments.string("output") ?? "-"
        if arguments.flag("resume") && output == "-" { throw UsageError.conflict("--resume needs --output FILE") }
        let source = try ModelOptions.source(from: arguments)
        let kind: TextRecordReader.Kind = arguments.flag("lines") ? .lines : .jsonl(field: try arguments.required("field"))
        let reader = TextRecordReader(path: input, kind: kind)
        try reader.validate()
        try OutputPath.refuseOverwriting([input], with: output)
        let scorer = TextFileScorer(reader: reader, strict: arguments.flag("strict"), includeTokens: arguments.flag("tokens"))
        let model = try await ModelFactory.load(source)
        try model.require(scorer.requirements, for: "score")
        let resume = arguments.flag("resume")
        let skip = resume ? try TextRecordReader.finishedIDs(in: output) : []
        let writer = try JSONLinesWriter(path: output, append: resume)
        let progress = ProgressReporter(label: "score", unit: "items", enabled: !arguments.flag("quiet"))
        InterruptSignal.install()
        let summary = try await scorer.run(model: model, writer: writer, skip: skip, progress: progress) { message in
            printError("warning: \(message)")
        }
        progress.finish()
        printError(summary.line(verb: "scored"))
        return interrupted(summary, output: output) ?? (summary.skipped > 0 ? 1 : 0)
    }
}
