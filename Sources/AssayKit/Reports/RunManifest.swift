import Foundation

/// What is needed to reproduce any run, the same for every command: the model's provenance
/// (backend, file and SHA-256 or endpoint and model id, engine version), Assay's version, the
/// seed, the command line and the date, and the command's own settings.
///
/// The command line is recorded as given: secrets never appear in it, since an API key is only
/// ever named by its environment variable (`--api-key-env VAR`).
public struct RunManifest<Settings: Codable & Sendable & Equatable>: Codable, Sendable, Equatable {
    /// The Assay command ("eval", "robust", "attack", "audit"...).
    public var command: String
    public var assayVersion: String
    public var model: ModelProvenance
    /// The audit's reference model, when one was given.
    public var referenceModel: ModelProvenance?
    public var seed: UInt64
    public var commandLine: [String]
    /// ISO 8601, UTC (honours SOURCE_DATE_EPOCH, see `RunDate`).
    public var date: String
    /// The command's own settings.
    public var settings: Settings

    enum CodingKeys: String, CodingKey {
        case command, model, seed, date, settings
        case assayVersion = "assay_version", referenceModel = "reference_model", commandLine = "command_line"
    }

    public init(command: String, model: ModelProvenance, referenceModel: ModelProvenance? = nil, seed: UInt64,
                commandLine: [String], settings: Settings, date: String = RunDate.current()) {
        self.command = command
        self.assayVersion = AssayVersion.current
        self.model = model
        self.referenceModel = referenceModel
        self.seed = seed
        self.commandLine = commandLine
        self.date = date
        self.settings = settings
    }

    /// The model and engine as a report's header shows them.
    public var modelLine: String {
        var parts = [model.displayName]
        if let description = model.description { parts.append(description) }
        parts.append(model.backend + (model.backendVersion.map { " " + $0 } ?? ""))
        return parts.joined(separator: " · ")
    }
}
