import CLlama

/// An owned `llama_batch` of fixed capacity, one sequence id per token.
final class LlamaBatch {
    private(set) var raw: llama_batch
    let capacity: Int

    init(capacity: Int) {
        self.capacity = capacity
        raw = llama_batch_init(Int32(capacity), 0, 1)
    }

    deinit { llama_batch_free(raw) }

    var count: Int { Int(raw.n_tokens) }
    var isFull: Bool { count >= capacity }

    func clear() { raw.n_tokens = 0 }

    /// Appends a token of sequence `sequence` at `position`; `output` asks for its logits.
    func add(_ token: Int32, position: Int, sequence: Int, output: Bool) {
        let i = Int(raw.n_tokens)
        precondition(i < capacity, "batch overflow")
        raw.token[i] = token
        raw.pos[i] = Int32(position)
        raw.n_seq_id[i] = 1
        raw.seq_id[i]![0] = Int32(sequence)
        raw.logits[i] = output ? 1 : 0
        raw.n_tokens += 1
    }
}
