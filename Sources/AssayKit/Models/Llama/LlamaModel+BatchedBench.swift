import CLlama
import Dispatch

/// One row of an in-process throughput measurement, as llama.cpp's `llama-batched-bench`
/// prints it: B sequences each prefilled with PP prompt tokens, then TG generation steps of
/// one token per sequence.
public struct BatchedBenchRow: Sendable, Hashable, Codable {
    /// Prompt tokens per sequence.
    public var pp: Int
    /// Generated tokens per sequence.
    public var tg: Int
    /// Parallel sequences.
    public var b: Int
    /// KV cells used: B (PP + TG).
    public var nKV: Int
    /// Seconds to prefill every prompt.
    public var tPP: Double
    /// Prompt tokens per second: B PP / T_PP.
    public var sPP: Double
    /// Seconds of the TG steps.
    public var tTG: Double
    /// Generated tokens per second: B TG / T_TG.
    public var sTG: Double
    /// T_PP + T_TG.
    public var t: Double
    /// N_KV / T.
    public var s: Double

    enum CodingKeys: String, CodingKey {
        case pp, tg, b = "pl", nKV = "n_kv", tPP = "t_pp", sPP = "speed_pp", tTG = "t_tg", sTG = "speed_tg", t, s = "speed"
    }
}

extension LlamaModel {
    /// Measures prompt and generation throughput at `parallel` sequences: the memory is
    /// cleared, B × PP seeded random prompt tokens are decoded (in slices of the batch size,
    /// logits only for each sequence's last token), then TG steps each decode one token per
    /// sequence with logits. A 16-token decode warms the model up first. Needs
    /// `parallel ≤ configuration.sequences` and PP + TG within one sequence's share of the context.
    public func batchedBench(promptTokens pp: Int, generatedTokens tg: Int, parallel b: Int, seed: UInt64 = 0) throws -> BatchedBenchRow {
        guard b >= 1, b <= configuration.sequences else {
            throw ModelError.invalidRequest(item: 0, reason: "\(b) parallel sequences; the context was made for \(configuration.sequences) (--seqs)")
        }
        guard pp >= 1, tg >= 0, pp + tg <= window else {
            throw ModelError.contextTooSmall(item: 0, needed: pp + tg, available: window)
        }
        lock.lock()
        defer {
            llama_memory_clear(memory, false)
            lock.unlock()
        }
        var generator = SeededGenerator(seed: seed, stream: UInt64(b))
        func randomToken() -> Int32 { Int32(generator.below(UInt64(vocabularySize))) }
        // Warm-up, as llama-batched-bench does.
        llama_memory_clear(memory, false)
        batch.clear()
        for position in 0..<min(16, batch.capacity) { batch.add(randomToken(), position: position, sequence: 0, output: false) }
        try decodeBatch()
        llama_memory_clear(memory, false)

        let started = DispatchTime.now().uptimeNanoseconds
        batch.clear()
        for sequence in 0..<b {
            for position in 0..<pp {
                if batch.isFull {
                    try decodeBatch()
                    batch.clear()
                }
                batch.add(randomToken(), position: position, sequence: sequence, output: position == pp - 1)
            }
        }
        if batch.count > 0 { try decodeBatch() }
        let prefilled = DispatchTime.now().uptimeNanoseconds
        for step in 0..<tg {
            batch.clear()
            for sequence in 0..<b { batch.add(randomToken(), position: pp + step, sequence: sequence, output: true) }
            try decodeBatch()
        }
        let ended = DispatchTime.now().uptimeNanoseconds
        let tPP = Double(prefilled - started) / 1e9
        let tTG = Double(ended - prefilled) / 1e9
        let nKV = b * (pp + tg)
        return BatchedBenchRow(pp: pp, tg: tg, b: b, nKV: nKV, tPP: tPP, sPP: Double(b * pp) / tPP, tTG: tTG,
                               sTG: tg > 0 ? Double(b * tg) / tTG : 0, t: tPP + tTG, s: Double(nKV) / (tPP + tTG))
    }
}
