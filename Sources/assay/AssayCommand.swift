import AssayCLI
import AssayKit

/// One `assay` subcommand: its declaration and the call into AssayKit that does the work.
/// Commands parse nothing themselves beyond reading `ParsedArguments`.
protocol AssayCommand: Sendable {
    static var spec: CommandSpec { get }
    /// Runs the command; returns the process exit code (0 success, 1 failure of the work).
    static func run(_ arguments: ParsedArguments) async throws -> Int32
}

extension AssayCommand {
    /// After a resumable run: when Ctrl-C stopped it, says what was kept and how to finish, and
    /// gives the interrupted exit status; nil when it ran to the end.
    static func finished(_ interrupted: Bool, done: Int, of total: Int) -> Int32? {
        guard interrupted else { return nil }
        printError("interrupted (Ctrl-C): \(done) of \(total) done, the summary and report cover them; run again with --resume to finish")
        return InterruptSignal.exitStatus
    }

    /// For a file job (score, generate-text) stopped by Ctrl-C: says what was kept and how to
    /// finish, and gives the exit status (130); nil when it was not interrupted.
    static func interrupted(_ summary: FileJobSummary, output: String) -> Int32? {
        guard summary.interrupted else { return nil }
        let next = output == "-" ? "the lines written so far are complete" : "run again with --resume to finish \(output)"
        printError("interrupted (Ctrl-C): \(summary.processed) items done; \(next)")
        return InterruptSignal.exitStatus
    }
}
