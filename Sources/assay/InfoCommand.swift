import AssayCLI
import AssayKit
import Foundation

enum InfoCommand: AssayCommand {
    static let json = Flag("json", help: "Print the description as JSON.")

    static let spec = CommandSpec(
        name: "info",
        abstract: "Describe a model: a GGUF file (parameters, vocabulary, context, chat template) or a served model (what the server can do).",
        options: ModelOptions.specs + [json.spec],
        discussion: """
        Every model is described by its provenance (backend, model, engine version, file and
        SHA-256 or endpoint) and its capabilities: what the commands can ask of it. A served
        model's capabilities are probed, not assumed (llama.cpp's server is recognised by its
        /props endpoint; prompt log-probabilities by what /v1/completions echoes back).
        """,
        examples: ["assay info", "assay info --model ~/.cache/assay/models/SmolLM2-135M-Instruct.Q4_1.gguf --json",
                   "assay info --model-url http://127.0.0.1:8080/v1"])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let model = try await ModelOptions.load(from: arguments)
        let description = ModelDescription(model)
        if arguments[json] {
            print(String(decoding: try JSONLinesWriter.makeEncoder(pretty: true).encode(description), as: UTF8.self))
            return 0
        }
        for (key, value) in description.rows { print(key.padding(toLength: 20, withPad: " ", startingAt: 0) + value) }
        return 0
    }
}
