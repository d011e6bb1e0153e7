import Foundation

/// What `assay info` shows of a model: its provenance, its capabilities (and those it lacks,
/// with what would provide them), and for a GGUF model llama.cpp's details.
public struct ModelDescription: Codable, Sendable {
    public var provenance: ModelProvenance
    public var capabilities: [String]
    /// Capability name -> what provides it, for each capability the model lacks.
    public var missing: [String: String]
    /// llama.cpp's description of a GGUF model.
    public var gguf: ModelInfo?

    public init(_ model: any LanguageModel) {
        provenance = model.provenance
        capabilities = model.capabilities.names
        missing = Dictionary(uniqueKeysWithValues: ModelCapabilities.all
            .filter { !model.capabilities.contains($0.capability) }.map { ($0.name, $0.providedBy) })
        gguf = (model as? LlamaModel)?.info
    }

    /// The description as (label, value) rows.
    public var rows: [(String, String)] {
        var rows: [(String, String)] = [("backend", provenance.backend + (provenance.backendVersion.map { " (\($0))" } ?? "")),
                                        ("model", provenance.model)]
        if let endpoint = provenance.endpoint { rows.append(("endpoint", endpoint)) }
        if let file = provenance.file { rows.append(("file", file)) }
        if let sha256 = provenance.sha256 { rows.append(("sha256", sha256)) }
        if let info = gguf {
            rows += [
                ("description", info.description),
                ("parameters", String(info.parameters)),
                ("size", String(format: "%.1f MB", Double(info.sizeBytes) / 1e6)),
                ("vocabulary", String(info.vocabularySize)),
                ("trained context", String(info.trainedContextLength)),
                ("embedding / layers", "\(info.embeddingSize) / \(info.layers)"),
                ("BOS / EOS", "\(info.bosToken.map(String.init) ?? "-") / \(info.eosToken.map(String.init) ?? "-") (adds BOS: \(info.addsBOS))"),
                ("chat template", info.chatTemplate.map { "present (\($0.count) characters)" } ?? "absent"),
                ("system", info.systemInfo.trimmingCharacters(in: .whitespaces)),
            ]
        }
        rows.append(("capabilities", capabilities.joined(separator: ", ")))
        for (name, providedBy) in missing.sorted(by: { $0.key < $1.key }) {
            rows.append(("lacks", "\(name): comes with \(providedBy)"))
        }
        return rows
    }
}
