import CLlama
import Foundation

extension LlamaModel {
    /// Scores the requests (see `ScoreRequest`), packing them into multi-sequence batches.
    ///
    /// Tokenization follows lm-evaluation-harness: context and continuation are tokenized
    /// separately, trailing spaces of the context moved to the continuation, and BOS
    /// prepended when the vocabulary has one (even if it does not add it by default), so the
    /// first token of a whole text is conditioned on BOS.
    /// Blocks the calling thread; `LanguageModel.score` runs it on the model's own thread.
    public func scoreNow(_ requests: [ScoreRequest], progress: (@Sendable (Int) -> Void)? = nil) throws -> [ScoreResult] {
        let planned = try requests.map(planRequest)
        let cached = cachedPrefixLength(planned)
        let sequences = cached > 0 ? configuration.sequences - 1 : configuration.sequences
        let plan = ScoringPlan(window: window, packCells: configuration.batchSize, maxSequences: sequences)
        let packs = try plan.plan(planned)
        var results = planned.map { [TokenScore?](repeating: nil, count: $0.scored.count) }
        var remaining = planned.map { $0.scored.count }
        var finished = 0
        lock.lock()
        defer {
            llama_memory_clear(memory, false)
            lock.unlock()
        }
        if cached > 0 {
            // The common prefix (e.g. a k-shot header) lives in the last sequence for the
            // whole call; each job copies it instead of evaluating it again.
            let feeds = planned[0].prefix.prefix(cached).enumerated().map {
                Feed(token: $0.element, position: $0.offset, sequence: sequences, targets: [])
            }
            try run(feeds, into: &results)
        }
        for pack in packs {
            try evaluate(pack, cached: cached, cacheSequence: sequences, into: &results)
            // A request is finished when all its tokens are scored (windows may span packs).
            for job in pack.jobs {
                for branch in job.branches {
                    remaining[branch.request] -= branch.tokens.count
                    if remaining[branch.request] == 0 { finished += 1 }
                }
            }
            progress?(finished)
        }
        return results.map { ScoreResult(tokens: $0.map { $0! }) }
    }

    /// Tokens at the start of every request's prefix worth caching once for the call: the
    /// longest common prefix, leaving each request at least one prefix token of its own (whose
    /// logits score the first continuation token); 0 when caching does not pay.
    func cachedPrefixLength(_ planned: [ScoringPlan.Request]) -> Int {
        guard configuration.sequences >= 2, planned.count >= 2,
              planned.allSatisfy({ $0.shareKey != nil && $0.prefix.count + $0.scored.count <= window }),
              var common = planned.first?.prefix else { return 0 }
        for request in planned.dropFirst() {
            var n = 0
            while n < min(common.count, request.prefix.count) && common[n] == request.prefix[n] { n += 1 }
            common.removeSubrange(n...)
            if common.count < Self.minimumCachedPrefix { return 0 }
        }
        let length = min(common.count, (planned.map { $0.prefix.count }.min() ?? 1) - 1)
        // Contexts that are all the same are shared by the planner already.
        let distinct = Set(planned.map(\.shareKey)).count > 1
        return length >= Self.minimumCachedPrefix && distinct ? length : 0
    }

    /// Shorter common prefixes are cheaper to evaluate again than to copy between sequences.
    static var minimumCachedPrefix: Int { 64 }

    /// Tokenizes one request into the planner's form. A text context gets BOS (where the
    /// vocabulary has one) as lm-evaluation-harness does; a chat context is the rendered
    /// template, whose markup becomes the special tokens it stands for.
    func planRequest(_ request: ScoreRequest) throws -> ScoringPlan.Request {
        let bos = info.bosToken.map { [$0] } ?? []
        switch request.context {
        case nil:
            let tokens = try tokenize(request.text, addSpecial: false, parseSpecial: false)
            if bos.isEmpty { return ScoringPlan.Request(prefix: Array(tokens.prefix(1)), scored: Array(tokens.dropFirst())) }
            return ScoringPlan.Request(prefix: bos, scored: tokens)
        case .text(var context):
            var continuation = request.text
            while let last = context.last, last == " " {
                context.removeLast()
                continuation = " " + continuation
            }
            return ScoringPlan.Request(prefix: try bos + tokenize(context, addSpecial: false, parseSpecial: false),
                                       scored: try tokenize(continuation, addSpecial: false, parseSpecial: false),
                                       shareKey: "text\u{1F}" + context)
        case .chat(let messages):
            let rendered = try applyChatTemplate(messages, addAssistantTurn: true)
            return ScoringPlan.Request(prefix: try tokenize(rendered, addSpecial: false, parseSpecial: true),
                                       scored: try tokenize(request.text, addSpecial: false, parseSpecial: false),
                                       shareKey: "chat\u{1F}" + rendered)
        }
    }

    /// One token fed to the model, and what its logits score (nothing: no output).
    private struct Feed {
        var token: Int32
        var position: Int
        var sequence: Int
        var targets: [(request: Int, index: Int, token: Int32)]
    }

    /// Evaluates one pack with a clean KV cache: phase A feeds single-branch jobs whole and
    /// the prefixes of shared jobs; phase B copies each shared prefix to its branches'
    /// sequences (`llama_memory_seq_cp`) and feeds the branches.
    private func evaluate(_ pack: ScoringPlan.Pack, cached: Int, cacheSequence: Int,
                          into results: inout [[TokenScore?]]) throws(ModelError) {
        var phaseA: [Feed] = [], phaseB: [Feed] = []
        var copies: [(from: Int, to: Int)] = []
        var sequence = 0
        for job in pack.jobs {
            let p = job.prefix.count
            if cached > 0 { llama_memory_seq_cp(memory, Int32(cacheSequence), Int32(sequence), -1, -1) }
            if job.branches.count == 1 {
                let branch = job.branches[0]
                let tokens = job.prefix + branch.tokens
                for (position, token) in tokens.enumerated() where position >= cached {
                    let next = position + 1
                    let targets = next >= p && next < tokens.count
                        ? [(branch.request, branch.offset + next - p, tokens[next])] : []
                    phaseA.append(Feed(token: token, position: position, sequence: sequence, targets: targets))
                }
                sequence += 1
                continue
            }
            for (position, token) in job.prefix.enumerated() where position >= cached {
                let targets = position == p - 1 ? job.branches.map { ($0.request, $0.offset, $0.tokens[0]) } : []
                phaseA.append(Feed(token: token, position: position, sequence: sequence, targets: targets))
            }
            for (k, branch) in job.branches.enumerated() {
                if k > 0 { copies.append((sequence, sequence + k)) }
                for (j, token) in branch.tokens.enumerated() {
                    let targets = j + 1 < branch.tokens.count ? [(branch.request, branch.offset + j + 1, branch.tokens[j + 1])] : []
                    phaseB.append(Feed(token: token, position: p + j, sequence: sequence + k, targets: targets))
                }
            }
            sequence += job.branches.count
        }
        // Free the pack's sequences; the cached prefix (if any) stays.
        defer { for s in 0..<sequence { llama_memory_seq_rm(memory, Int32(s), -1, -1) } }
        // Padding of a shared prefix must go before its branches continue at those positions.
        for pad in try run(phaseA, into: &results) { llama_memory_seq_rm(memory, Int32(pad.sequence), Int32(pad.padFrom), -1) }
        for copy in copies { llama_memory_seq_cp(memory, Int32(copy.from), Int32(copy.to), -1, -1) }
        try run(phaseB, into: &results)
    }

    /// Feeds tokens and scores the outputs after each decode.
    ///
    /// Each sequence has its own KV stream, and llama.cpp splits a batch over several streams
    /// into micro-batches holding the same number of tokens of every sequence. So the
    /// sequences are padded at their end to one length (padding is never output and, being
    /// later in the sequence, never seen by the real tokens) and fed in columns of
    /// `capacity / sequences` tokens each: one micro-batch per decode. Returns where each
    /// padded sequence's padding starts.
    @discardableResult
    private func run(_ feeds: [Feed], into results: inout [[TokenScore?]]) throws(ModelError) -> [(sequence: Int, padFrom: Int)] {
        guard !feeds.isEmpty else { return [] }
        var order: [Int] = []
        var bySequence: [Int: [Feed]] = [:]
        for feed in feeds {
            if bySequence[feed.sequence] == nil { order.append(feed.sequence) }
            bySequence[feed.sequence, default: []].append(feed)
        }
        let longest = bySequence.values.map(\.count).max()!
        var padded: [(sequence: Int, padFrom: Int)] = []
        for sequence in order where bySequence[sequence]!.count < longest {
            let last = bySequence[sequence]!.last!
            padded.append((sequence, last.position + 1))
            for k in 1...(longest - bySequence[sequence]!.count) {
                bySequence[sequence]!.append(Feed(token: last.token, position: last.position + k, sequence: sequence, targets: []))
            }
        }
        let column = max(1, batch.capacity / order.count)
        for start in stride(from: 0, to: longest, by: column) {
            batch.clear()
            var chunk: [Feed] = []
            for sequence in order {
                for feed in bySequence[sequence]![start..<min(longest, start + column)] {
                    batch.add(feed.token, position: feed.position, sequence: feed.sequence, output: !feed.targets.isEmpty)
                    chunk.append(feed)
                }
            }
            try decodeBatch()
            for (i, feed) in chunk.enumerated() where !feed.targets.isEmpty {
                let row = logits(at: i)
                let summary = LogitStatistics.summarize(row)
                for target in feed.targets {
                    results[target.request][target.index] = LogitStatistics.score(token: target.token, logits: row, summary: summary)
                }
            }
        }
        return padded
    }
}
