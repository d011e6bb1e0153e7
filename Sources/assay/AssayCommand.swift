import AssayKit

/// One `assay` subcommand: its declaration and the call into AssayKit that does the work.
/// Commands parse nothing themselves beyond reading `ParsedArguments`.
protocol AssayCommand: Sendable {
    static var spec: CommandSpec { get }
    /// Runs the command; returns the process exit code (0 success, 1 failure of the work).
    static func run(_ arguments: ParsedArguments) async throws -> Int32
}
