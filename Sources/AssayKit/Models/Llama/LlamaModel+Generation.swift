import CLlama
import Foundation

extension LlamaModel {
    /// One generation in progress, on its own sequence.
    private struct Slot {
        let request: Int
        let sequence: Int
        /// Prompt tokens not yet fed to the model.
        var pending: [Int32]
        /// Position of the next token fed.
        var position = 0
        /// The last sampled token, to feed next.
        var next: Int32?
        var tokens: [Int32] = []
        var logProbs: [Double] = []
        var bytes: [UInt8] = []
        var generator: SeededGenerator
        let stop: StopMatcher
        let promptTokens: Int
    }

    /// Generates a continuation for every request, decoding up to `configuration.sequences`
    /// of them in parallel sequences of one context (continuous batching: a finished sequence
    /// is replaced by the next waiting prompt). Results are independent of the batching: each
    /// request samples from its own seeded stream.
    /// Blocks the calling thread; `LanguageModel.generate` runs it on the model's own thread.
    public func generateNow(_ requests: [GenerationRequest], progress: (@Sendable (Int) -> Void)? = nil) throws -> [GenerationResult] {
        var prompts: [[Int32]] = []
        for (index, request) in requests.enumerated() {
            let tokens = try promptTokens(request.prompt)
            guard !tokens.isEmpty else { throw ModelError.invalidRequest(item: index, reason: "empty prompt") }
            let needed = tokens.count + max(0, request.maxTokens)
            guard needed <= window else {
                throw ModelError.contextTooSmall(item: index, needed: needed, available: window)
            }
            prompts.append(tokens)
        }
        var results = [GenerationResult?](repeating: nil, count: requests.count)
        var waiting = Array(requests.indices.reversed())
        var slots: [Slot] = []
        var freeSequences = Array((0..<configuration.sequences).reversed())
        var finished = 0
        lock.lock()
        defer {
            llama_memory_clear(memory, false)
            lock.unlock()
        }
        while !waiting.isEmpty || !slots.isEmpty {
            // Admit waiting prompts while sequences are free (each has its own KV stream).
            while let next = waiting.last, let sequence = freeSequences.last {
                let request = requests[next]
                waiting.removeLast()
                if request.maxTokens <= 0 {
                    results[next] = GenerationResult(text: "", tokens: [], logProbs: [], finishReason: .length, promptTokens: prompts[next].count)
                    finished += 1
                    continue
                }
                freeSequences.removeLast()
                slots.append(Slot(request: next, sequence: sequence, pending: prompts[next],
                                  generator: SeededGenerator(seed: request.sampling.seed), stop: StopMatcher(request.stop),
                                  promptTokens: prompts[next].count))
            }
            guard !slots.isEmpty else { continue }
            // One batch: the last sampled token of running slots, then prompt tokens.
            batch.clear()
            var outputs: [(slot: Int, index: Int)] = []
            for s in slots.indices {
                guard let token = slots[s].next else { continue }
                outputs.append((s, batch.count))
                batch.add(token, position: slots[s].position, sequence: slots[s].sequence, output: true)
                slots[s].position += 1
                slots[s].next = nil
            }
            for s in slots.indices where !slots[s].pending.isEmpty && !batch.isFull {
                let take = min(slots[s].pending.count, batch.capacity - batch.count)
                for (k, token) in slots[s].pending.prefix(take).enumerated() {
                    let last = k == take - 1 && take == slots[s].pending.count
                    if last { outputs.append((s, batch.count)) }
                    batch.add(token, position: slots[s].position, sequence: slots[s].sequence, output: last)
                    slots[s].position += 1
                }
                slots[s].pending.removeFirst(take)
            }
            try decodeBatch()
            var done: [Int] = []
            for output in outputs {
                if let reason = advance(&slots[output.slot], logits: logits(at: output.index), request: requests[slots[output.slot].request]) {
                    let slot = slots[output.slot]
                    let cut = reason == .stop ? slot.stop.firstMatch(in: slot.bytes, checkedUpTo: 0) ?? slot.bytes.count
                        : UTF8Boundary.completeLength(slot.bytes[...])
                    results[slot.request] = GenerationResult(
                        text: String(decoding: slot.bytes.prefix(cut), as: UTF8.self), tokens: slot.tokens,
                        logProbs: slot.logProbs, finishReason: reason, promptTokens: slot.promptTokens)
                    done.append(output.slot)
                }
            }
            for index in done.sorted(by: >) {
                let slot = slots.remove(at: index)
                llama_memory_seq_rm(memory, Int32(slot.sequence), -1, -1)
                freeSequences.append(slot.sequence)
                finished += 1
            }
            if !done.isEmpty { progress?(finished) }
        }
        return results.map { $0! }
    }

    /// The tokens of a prompt, as scoring tokenizes the same context: a text gets BOS where the
    /// vocabulary has one (so a generation's log-probabilities equal the scores of the same
    /// text); a chat is the rendered template with its own special tokens.
    func promptTokens(_ prompt: Prompt) throws -> [Int32] {
        switch prompt {
        case .text(let text):
            return try (info.bosToken.map { [$0] } ?? []) + tokenize(text, addSpecial: false, parseSpecial: true)
        case .chat(let messages):
            return try tokenize(try applyChatTemplate(messages, addAssistantTurn: true), addSpecial: false, parseSpecial: true)
        }
    }

    /// Samples the slot's next token; returns why it finished, or nil to go on.
    private func advance(_ slot: inout Slot, logits row: UnsafeBufferPointer<Float>, request: GenerationRequest) -> FinishReason? {
        let summary = LogitStatistics.summarize(row)
        let token = TokenSampler.sample(row, parameters: request.sampling, argmax: summary.argmax, using: &slot.generator)
        if isEndOfGeneration(token) { return .endOfText }
        slot.tokens.append(token)
        slot.logProbs.append(Double(row[Int(token)]) - summary.logSumExp)
        let checked = slot.bytes.count
        slot.bytes.append(contentsOf: pieceBytes(token))
        if slot.stop.firstMatch(in: slot.bytes, checkedUpTo: checked) != nil { return .stop }
        if slot.tokens.count >= request.maxTokens { return .length }
        slot.next = token
        return nil
    }
}
