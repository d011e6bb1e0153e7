import Foundation

/// `assay perf --model FILE.gguf`: prompt and generation throughput of a GGUF run in-process at
/// each parallel sequence count, the rows llama.cpp's `llama-batched-bench` prints, so a user
/// can size a CPU deployment.
public struct PerfInProcess: Sendable {
    public var path: String
    public var threads: Int?
    public var parallel: [Int]
    public var promptTokens: Int
    public var generatedTokens: Int
    public var seed: UInt64
    /// llama.cpp's flash attention (llama-batched-bench turns it on by default on the CPU).
    public var flashAttention: Bool

    public init(path: String, threads: Int?, parallel: [Int], promptTokens: Int, generatedTokens: Int, seed: UInt64,
                flashAttention: Bool = false) {
        self.path = path
        self.threads = threads
        self.parallel = parallel
        self.promptTokens = promptTokens
        self.generatedTokens = generatedTokens
        self.seed = seed
        self.flashAttention = flashAttention
    }

    /// One row per parallel count, on one context sized for the largest.
    public func run() throws -> [BatchedBenchRow] {
        let most = parallel.max() ?? 1
        let perSequence = promptTokens + generatedTokens
        let model = try LlamaModel(ModelConfiguration(path: path, threads: threads, contextSize: most * perSequence + most * 16,
                                                      batchSize: max(512, most), sequences: most,
                                                      flashAttention: flashAttention))
        return try parallel.map { try model.batchedBench(promptTokens: promptTokens, generatedTokens: generatedTokens, parallel: $0, seed: seed) }
    }

    /// The rows as llama-batched-bench's markdown table.
    public static func table(_ rows: [BatchedBenchRow]) -> String {
        var lines = ["|    PP |     TG |    B |   N_KV |   T_PP s | S_PP t/s |   T_TG s | S_TG t/s |      T s |    S t/s |",
                     "|-------|--------|------|--------|----------|----------|----------|----------|----------|----------|"]
        for r in rows {
            lines.append(String(format: "| %5d | %6d | %4d | %6d | %8.3f | %8.2f | %8.3f | %8.2f | %8.3f | %8.2f |",
                                r.pp, r.tg, r.b, r.nKV, r.tPP, r.sPP, r.tTG, r.sTG, r.t, r.s))
        }
        return lines.joined(separator: "\n")
    }
}
