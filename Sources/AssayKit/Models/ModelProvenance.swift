/// What a model is and what ran it: enough to reproduce a number, recorded in every manifest.
/// Secrets (an API key) are never part of it.
public struct ModelProvenance: Codable, Hashable, Sendable {
    /// "llama.cpp" (in-process) or "openai-http" (a served model).
    public var backend: String
    /// The model's name: the GGUF's `general.name` or file name, or the served model id.
    public var model: String
    /// The engine's version: llama.cpp's build, or what the server reports (e.g. its build info).
    public var backendVersion: String?
    /// The server's base URL, for a served model.
    public var endpoint: String?
    /// The model file, for a GGUF model.
    public var file: String?
    /// SHA-256 of the model file, when there is one.
    public var sha256: String?
    /// Size of the model file in bytes.
    public var fileBytes: UInt64?
    /// A one-line description (architecture, size, quantization), when the backend has one.
    public var description: String?

    enum CodingKeys: String, CodingKey {
        case backend, model, endpoint, file, sha256, description
        case backendVersion = "backend_version", fileBytes = "file_bytes"
    }

    public init(backend: String, model: String, backendVersion: String? = nil, endpoint: String? = nil,
                file: String? = nil, sha256: String? = nil, fileBytes: UInt64? = nil, description: String? = nil) {
        self.backend = backend
        self.model = model
        self.backendVersion = backendVersion
        self.endpoint = endpoint
        self.file = file
        self.sha256 = sha256
        self.fileBytes = fileBytes
        self.description = description
    }

    /// How messages name the model: the file, or the model id at its endpoint.
    public var displayName: String {
        if let file { return file }
        if let endpoint { return "\(model) at \(endpoint)" }
        return model
    }
}
