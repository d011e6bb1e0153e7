import CLlama
import Foundation

/// A GGUF model run in-process by llama.cpp.
///
/// One instance owns one model and one llama context. The context has one owner: the
/// `LanguageModel` methods run the work on the model's own serial dispatch queue (never on
/// Swift's cooperative pool, which a minutes-long decode would starve), and the blocking
/// `scoreNow` / `generateNow` take one lock, so the context is never decoded from two places
/// at once; the decoding itself uses up to `configuration.threads` threads (fewer while other
/// processes keep the cores busy, unless the count was fixed: see `ThreadGovernor`). Scoring packs many texts into multi-sequence batches
/// (see `ScoringPlan`); generation decodes up to `configuration.sequences` prompts in
/// parallel sequences with continuous batching.
public final class LlamaModel: LanguageModel, @unchecked Sendable {
    public let info: ModelInfo
    public let configuration: ModelConfiguration

    let model: OpaquePointer
    let context: OpaquePointer
    let vocab: OpaquePointer
    let vocabularySize: Int
    /// Tokens of one sequence at most: its share of the context, capped at the trained length.
    let window: Int
    let batch: LlamaBatch
    /// Serializes every use of `context` and `batch`.
    let lock = NSLock()
    /// Lowers and raises the decoding threads with the machine's load (used under `lock`).
    let governor: ThreadGovernor
    /// The thread the async API decodes on.
    private let queue = DispatchQueue(label: "assay.llama.context")
    private let fileDigest = FileDigest()

    /// Loads the model and creates its context.
    public init(_ configuration: ModelConfiguration) throws(ModelError) {
        let path = configuration.path
        guard FileManager.default.fileExists(atPath: path) else { throw .fileNotFound(path: path) }
        guard Self.hasGGUFMagic(path) else { throw .notGGUF(path: path) }
        LlamaBackend.start(verbose: configuration.verbose)

        var modelParams = llama_model_default_params()
        modelParams.n_gpu_layers = 0
        guard let model = llama_model_load_from_file(path, modelParams) else { throw .loadFailed(path: path) }

        var contextParams = llama_context_default_params()
        contextParams.n_ctx = UInt32(configuration.contextSize)
        contextParams.n_batch = UInt32(configuration.batchSize)
        contextParams.n_ubatch = UInt32(configuration.batchSize)
        contextParams.n_seq_max = UInt32(configuration.sequences)
        contextParams.n_threads = Int32(configuration.threads)
        contextParams.n_threads_batch = Int32(configuration.threads)
        // Each sequence gets its own KV stream (ctx / seqs cells). With one unified buffer,
        // llama.cpp's attention over cells of other (masked) sequences changes a text's
        // scores by up to 0.27 nats depending on what is packed with it; separate streams give
        // bit-identical scores packed or alone.
        contextParams.kv_unified = false
        contextParams.no_perf = true
        // llama.cpp's CPU flash attention switches to a lower-precision path once 64 or more
        // KV cells are in use, so a text's scores would depend on what was packed with it (by
        // up to 0.2 nats per token with the default model). Off unless asked for.
        contextParams.flash_attn_type = configuration.flashAttention ? LLAMA_FLASH_ATTN_TYPE_ENABLED : LLAMA_FLASH_ATTN_TYPE_DISABLED
        guard let context = llama_init_from_model(model, contextParams) else {
            llama_model_free(model)
            throw .contextCreationFailed(contextSize: configuration.contextSize, sequences: configuration.sequences)
        }
        self.model = model
        self.context = context
        self.vocab = llama_model_get_vocab(model)
        self.configuration = configuration
        self.vocabularySize = Int(llama_vocab_n_tokens(vocab))
        self.batch = LlamaBatch(capacity: configuration.batchSize)
        self.governor = ThreadGovernor(maximum: configuration.threads, adaptive: configuration.adaptiveThreads)
        let info = Self.describe(model: model, vocab: vocab, path: path)
        self.info = info
        self.window = min(Int(llama_n_ctx_seq(context)), max(2, info.trainedContextLength))
    }

    deinit {
        llama_free(context)
        llama_model_free(model)
    }

    /// True when the file starts with the four bytes "GGUF".
    static func hasGGUFMagic(_ path: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: path) else { return false }
        defer { try? handle.close() }
        return (try? handle.read(upToCount: 4)) == Data("GGUF".utf8)   // a folder fails the read: not GGUF
    }

    private static func describe(model: OpaquePointer, vocab: OpaquePointer, path: String) -> ModelInfo {
        func text(_ fill: (UnsafeMutablePointer<CChar>, Int) -> Int32) -> String? {
            var buffer = [CChar](repeating: 0, count: 512)
            let n = buffer.withUnsafeMutableBufferPointer { fill($0.baseAddress!, $0.count) }
            guard n >= 0 else { return nil }
            return String(decoding: buffer.prefix(min(Int(n), buffer.count - 1)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        let bos = llama_vocab_bos(vocab), eos = llama_vocab_eos(vocab)
        return ModelInfo(
            path: path,
            description: text { llama_model_desc(model, $0, $1) } ?? "unknown",
            name: text { llama_model_meta_val_str(model, "general.name", $0, $1) },
            parameters: llama_model_n_params(model),
            sizeBytes: llama_model_size(model),
            vocabularySize: Int(llama_vocab_n_tokens(vocab)),
            trainedContextLength: Int(llama_model_n_ctx_train(model)),
            embeddingSize: Int(llama_model_n_embd(model)),
            layers: Int(llama_model_n_layer(model)),
            chatTemplate: llama_model_chat_template(model, nil).map { String(cString: $0) },
            bosToken: bos >= 0 ? bos : nil,
            eosToken: eos >= 0 ? eos : nil,
            addsBOS: llama_vocab_get_add_bos(vocab),
            systemInfo: String(cString: llama_print_system_info()))
    }

    /// The threads decoding uses now: `configuration.threads`, or fewer while the machine is
    /// busy when the configuration lets them adapt.
    public var decodingThreads: Int {
        lock.lock()
        defer { lock.unlock() }
        return governor.current
    }

    /// The llama.cpp version string the library was built from.
    public static var llamaVersion: String { LlamaBackend.version }

    // MARK: LanguageModel

    /// Everything but seeded sampling over HTTP: the full distribution is in-process only.
    public var capabilities: ModelCapabilities {
        var set: ModelCapabilities = [.generate, .seededSampling, .tokenLogProbs, .greedyTokens, .fullDistribution, .tokenize]
        if info.chatTemplate != nil { set.insert(.chat) }
        return set
    }

    /// The file, its SHA-256 (computed once per process, or read from the `.sha256` file that
    /// `scripts/setup` writes beside a model it installed) and the llama.cpp build.
    public var provenance: ModelProvenance {
        ModelProvenance(backend: "llama.cpp", model: info.name ?? (info.path as NSString).lastPathComponent,
                        backendVersion: Self.llamaVersion, file: info.path, sha256: fileDigest.sha256(of: info.path),
                        fileBytes: (try? FileManager.default.attributesOfItem(atPath: info.path)[.size] as? UInt64) ?? nil,
                        description: info.description)
    }

    public func score(_ requests: [ScoreRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [ScoreResult] {
        try await onContextThread { try self.scoreNow(requests, progress: progress) }
    }

    public func generate(_ requests: [GenerationRequest], progress: (@Sendable (Int) -> Void)?) async throws -> [GenerationResult] {
        try await onContextThread { try self.generateNow(requests, progress: progress) }
    }

    /// Runs `work` on the model's queue and resumes the caller with its result.
    private func onContextThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            queue.async { continuation.resume(with: Result { try work() }) }
        }
    }

    // MARK: Tokens

    /// Token ids of a text. `parseSpecial` lets markup such as `<|im_start|>` become special
    /// tokens (for chat prompts); benchmark text is tokenized without it.
    public func tokenize(_ text: String, addSpecial: Bool, parseSpecial: Bool) throws(ModelError) -> [Int32] {
        let length = Int32(text.utf8.count)
        var tokens = [Int32](repeating: 0, count: Int(length) + 8)
        var n = llama_tokenize(vocab, text, length, &tokens, Int32(tokens.count), addSpecial, parseSpecial)
        if n < 0 {
            guard n != Int32.min else { throw .tokenizationFailed(reason: "text too long") }
            tokens = [Int32](repeating: 0, count: Int(-n))
            n = llama_tokenize(vocab, text, length, &tokens, Int32(tokens.count), addSpecial, parseSpecial)
            guard n >= 0 else { throw .tokenizationFailed(reason: "llama_tokenize returned \(n)") }
        }
        return Array(tokens.prefix(Int(n)))
    }

    public func tokenize(_ text: String, addSpecial: Bool) throws -> [Int32] {
        try tokenize(text, addSpecial: addSpecial, parseSpecial: false)
    }

    /// Token ids of a text, no special tokens added or parsed.
    public func tokenize(_ text: String) throws -> [Int32] {
        try tokenize(text, addSpecial: false, parseSpecial: false)
    }

    public func detokenize(_ tokens: [Int32]) throws -> String {
        var buffer = [CChar](repeating: 0, count: max(16, tokens.count * 8))
        var n = llama_detokenize(vocab, tokens, Int32(tokens.count), &buffer, Int32(buffer.count), false, false)
        if n < 0 {
            buffer = [CChar](repeating: 0, count: Int(-n) + 1)
            n = llama_detokenize(vocab, tokens, Int32(tokens.count), &buffer, Int32(buffer.count), false, false)
            guard n >= 0 else { throw ModelError.tokenizationFailed(reason: "llama_detokenize returned \(n)") }
        }
        return String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// The bytes of one token's text (a token may hold part of a UTF-8 character).
    func pieceBytes(_ token: Int32) -> [UInt8] {
        var buffer = [CChar](repeating: 0, count: 64)
        var n = llama_token_to_piece(vocab, token, &buffer, Int32(buffer.count), 0, false)
        if n < 0 {
            buffer = [CChar](repeating: 0, count: Int(-n))
            n = llama_token_to_piece(vocab, token, &buffer, Int32(buffer.count), 0, false)
        }
        return buffer.prefix(max(0, Int(n))).map { UInt8(bitPattern: $0) }
    }

    /// True for end-of-generation tokens (EOS, EOT...).
    func isEndOfGeneration(_ token: Int32) -> Bool { llama_vocab_is_eog(vocab, token) }

    // MARK: Chat

    public func applyChatTemplate(_ messages: [ChatMessage], addAssistantTurn: Bool) throws -> String {
        guard let template = info.chatTemplate else {
            throw ModelError.chatTemplateUnavailable(reason: "the model file has no chat template")
        }
        let roles = messages.map { strdup($0.role.rawValue)! }
        let contents = messages.map { strdup($0.content)! }
        defer { (roles + contents).forEach { free($0) } }
        let chat = zip(roles, contents).map { llama_chat_message(role: $0, content: $1) }
        var capacity = max(256, messages.reduce(0) { $0 + $1.content.utf8.count } * 2 + 256)
        while true {
            var buffer = [CChar](repeating: 0, count: capacity)
            let n = llama_chat_apply_template(template, chat, chat.count, addAssistantTurn, &buffer, Int32(capacity))
            guard n >= 0 else {
                throw ModelError.chatTemplateUnavailable(reason: "llama.cpp does not recognise this model's template")
            }
            if Int(n) <= capacity {
                return String(decoding: buffer.prefix(Int(n)).map { UInt8(bitPattern: $0) }, as: UTF8.self)
            }
            capacity = Int(n) + 1
        }
    }

    // MARK: Context helpers (call with `lock` held)

    var memory: OpaquePointer { llama_get_memory(context) }

    /// Decodes the batch; throws on failure.
    func decodeBatch() throws(ModelError) {
        if let threads = governor.update() { llama_set_n_threads(context, Int32(threads), Int32(threads)) }
        let code = llama_decode(context, batch.raw)
        guard code == 0 else { throw .decodeFailed(code: code) }
    }

    /// The logits row of the batch's `index`-th token (which must have asked for output).
    func logits(at index: Int) -> UnsafeBufferPointer<Float> {
        UnsafeBufferPointer(start: llama_get_logits_ith(context, Int32(index)), count: vocabularySize)
    }
}

/// Process-wide llama.cpp state: backend initialization and the log switch.
enum LlamaBackend {
    private static let initialized: Bool = {
        llama_backend_init()
        return true
    }()

    static var version: String { String(cString: llama_version()) }

    /// Initializes the backend once; silences llama.cpp's log unless `verbose`.
    static func start(verbose: Bool) {
        _ = initialized
        if verbose {
            llama_log_set(nil, nil)
        } else {
            llama_log_set({ _, _, _ in }, nil)
        }
    }
}
