import AssayKit

/// Options several commands declare with the same meaning and help.
public enum CommonOptions {
    /// `--quiet`: no progress lines on stderr (warnings and the summary still print).
    public static let quiet = Flag("quiet", help: "No progress on stderr.")
    /// `--chat`: each prompt goes to the model as a user message in its chat template.
    public static let chat = Flag("chat", help: "Wrap each prompt as a user message in the model's chat template.")
    /// `--strict` of the commands that read texts line by line: a bad line stops the run.
    public static let strictLines = Flag("strict", help: "Stop at the first bad input line instead of skipping it.")
}
