import AssayCLI
import AssayKit
import Foundation

enum ScoreCommand: AssayCommand {
    static let input = Option<String>("input", "FILE", help: "JSONL with `id` and a text field, or plain text with --lines ('-' reads stdin).", required: true)
    static let field = Option<String>("field", "NAME", default: "text", help: "The JSONL field holding the text.")
    static let lines = Flag("lines", help: "Read plain text, one item per line (id = line number).")
    static let output = Option<String>("output", "FILE", default: "-", help: "Where the JSON lines go ('-': stdout).")
    static let tokens = Flag("tokens", help: "Also write each token's id and log-probability.")
    static let resume = Flag("resume", help: "Keep the lines already in --output and score only the missing ids.")

    static let spec = CommandSpec(
        name: "score",
        abstract: "Score texts under a model: log-likelihood and perplexity per item.",
        options: ModelOptions.specs + [OptionSpec]([input, field, lines, output, tokens, CommonOptions.strictLines, resume, CommonOptions.quiet]),
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
        let input = try arguments[input], output = try arguments[output], resume = arguments[resume]
        if resume && output == "-" { throw UsageError.conflict("--resume needs --output FILE") }
        let source = try ModelOptions.source(from: arguments)
        let kind: TextRecordReader.Kind = arguments[lines] ? .lines : .jsonl(field: try arguments[field])
        let reader = TextRecordReader(path: input, kind: kind)
        try reader.validate()
        try OutputPath.refuseOverwriting([input], with: output)
        let scorer = TextFileScorer(reader: reader, strict: arguments[CommonOptions.strictLines], includeTokens: arguments[tokens])
        let model = try await ModelFactory.load(source)
        try model.require(scorer.requirements, for: "score")
        let skip = resume ? try TextRecordReader.finishedIDs(in: output) : []
        let writer = try JSONLinesWriter(path: output, append: resume)
        let progress = ProgressReporter(label: "score", unit: "items", enabled: !arguments[CommonOptions.quiet])
        InterruptSignal.install()
        let summary = try await scorer.run(model: model, writer: writer, skip: skip, progress: progress) { message in
            printError("warning: \(message)")
        }
        progress.finish()
        printError(summary.line(verb: "scored"))
        return interrupted(summary, output: output) ?? (summary.skipped > 0 ? 1 : 0)
    }
}
