import AssayKit
import Foundation

enum InfoCommand: AssayCommand {
    static let spec = CommandSpec(
        name: "info",
        abstract: "Describe a GGUF model: parameters, vocabulary, context, chat template, llama.cpp build.",
        options: ModelOptions.specs + [OptionSpec("json", .flag, help: "Print the description as JSON.")],
        examples: ["assay info", "assay info --model ~/.cache/assay/models/SmolLM2-135M-Instruct.Q4_1.gguf --json"])

    static func run(_ arguments: ParsedArguments) async throws -> Int32 {
        let model = try LlamaModel(try ModelOptions.configuration(from: arguments))
        let info = model.info
        if arguments.flag("json") {
            print(String(decoding: try JSONLinesWriter.makeEncoder(pretty: true).encode(info), as: UTF8.self))
            return 0
        }
        let rows: [(String, String)] = [
            ("model", info.path),
            ("name", info.name ?? "-"),
            ("description", info.description),
            ("parameters", String(info.parameters)),
            ("size", String(format: "%.1f MB", Double(info.sizeBytes) / 1e6)),
            ("vocabulary", String(info.vocabularySize)),
            ("trained context", String(info.trainedContextLength)),
            ("embedding / layers", "\(info.embeddingSize) / \(info.layers)"),
            ("BOS / EOS", "\(info.bosToken.map(String.init) ?? "-") / \(info.eosToken.map(String.init) ?? "-") (adds BOS: \(info.addsBOS))"),
            ("chat template", info.chatTemplate == nil ? "absent" : "present (\(info.chatTemplate!.count) characters)"),
            ("llama.cpp", LlamaModel.llamaVersion),
            ("system", info.systemInfo.trimmingCharacters(in: .whitespaces)),
        ]
        for (key, value) in rows { print(key.padding(toLength: 20, withPad: " ", startingAt: 0) + value) }
        return 0
    }
}
