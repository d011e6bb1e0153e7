/// Turns tokenized score requests into packs of jobs that fit the context, the way the
/// llama.cpp backend evaluates them. Pure logic, so it is tested without a model.
///
/// A **job** is a prefix evaluated once plus one or more branches, each branch on its own
/// sequence after the prefix; every branch token is scored (the first from the prefix's last
/// position). A whole text is the job `[BOS] + text`; a (context, continuation) pair is
/// `[BOS] + context` + continuation; pairs with the same context share one job.
///
/// Texts longer than the window are scored with a **sliding window** (strided, like
/// Hugging Face's perplexity recipe rather than llama-perplexity's disjoint chunks): the first
/// window scores tokens 1..<W; each later window scores the next `stride` tokens with the
/// `W - stride` tokens before them as context. Every token is scored exactly once, each with
/// at least `W - stride` tokens of context (except in the first window).
public struct ScoringPlan: Sendable {
    /// One request after tokenization.
    public struct Request: Hashable, Sendable {
        /// Context tokens (with BOS when the vocabulary has one); for a whole text, just BOS.
        public var prefix: [Int32]
        /// The scored tokens.
        public var scored: [Int32]
        /// Requests with equal keys share their prefix (nil: never shared).
        public var shareKey: String?

        public init(prefix: [Int32], scored: [Int32], shareKey: String? = nil) {
            self.prefix = prefix
            self.scored = scored
            self.shareKey = shareKey
        }
    }

    /// A branch: tokens scored on one sequence, written to `request`'s results from `offset`.
    public struct Branch: Hashable, Sendable {
        public var tokens: [Int32]
        public var request: Int
        public var offset: Int
    }

    public struct Job: Hashable, Sendable {
        public var prefix: [Int32]
        public var branches: [Branch]
        /// KV cells the job occupies.
        public var cells: Int { prefix.count + branches.reduce(0) { $0 + $1.tokens.count } }
        /// Tokens of its longest sequence (the prefix and its longest branch).
        public var longestSequence: Int { prefix.count + (branches.map(\.tokens.count).max() ?? 0) }
    }

    /// Jobs evaluated together, in one KV cache state, and the number of tokens they feed.
    public struct Pack: Hashable, Sendable {
        public var jobs: [Job]
        public var cells: Int { jobs.reduce(0) { $0 + $1.cells } }
        public var sequences: Int { jobs.reduce(0) { $0 + $1.branches.count } }
    }

    /// Most tokens of one sequence (the per-sequence window).
    public var window: Int
    /// Tokens newly scored per later window (default: half the window).
    public var stride: Int
    /// Target size of a pack in KV cells (short texts are packed up to it).
    public var packCells: Int
    /// Most sequences in a pack.
    public var maxSequences: Int

    public init(window: Int, stride: Int? = nil, packCells: Int, maxSequences: Int) {
        precondition(window >= 2 && maxSequences >= 1)
        self.window = window
        self.stride = max(1, min(stride ?? window / 2, window - 1))
        self.packCells = packCells
        self.maxSequences = maxSequences
    }

    /// Plans the requests: jobs in request order, grouped into packs.
    public func plan(_ requests: [Request]) throws(ModelError) -> [Pack] {
        return pack(try jobs(for: requests))
    }

    /// The jobs of the requests, before packing.
    public func jobs(for requests: [Request]) throws(ModelError) -> [Job] {
        var jobs: [Job] = []
        var shared: [String: Int] = [:]   // share key -> index of its job in `jobs`
        for (index, request) in requests.enumerated() {
            guard !request.scored.isEmpty else { throw .invalidRequest(item: index, reason: "nothing to score (empty text)") }
            guard !request.prefix.isEmpty else { throw .invalidRequest(item: index, reason: "no token to condition the first scored token on") }
            let total = request.prefix.count + request.scored.count
            let branch = Branch(tokens: request.scored, request: index, offset: 0)
            if total <= window {
                if let key = request.shareKey, let jobIndex = shared[key], jobs[jobIndex].prefix == request.prefix,
                   canAdd(branch, to: jobs[jobIndex]) {
                    jobs[jobIndex].branches.append(branch)
                } else {
                    if let key = request.shareKey { shared[key] = jobs.count }
                    jobs.append(Job(prefix: request.prefix, branches: [branch]))
                }
            } else if request.prefix.count == 1 {
                // A whole text: strided windows. A pair's context is never silently cut.
                jobs.append(contentsOf: slidingWindows(request, index: index))
            } else {
                throw .contextTooSmall(item: index, needed: total, available: window)
            }
        }
        return jobs
    }

    /// Each branch has its own sequence (holding the prefix and the branch, at most
    /// `window` tokens, checked by the caller), so only the sequence count limits sharing.
    private func canAdd(_ branch: Branch, to job: Job) -> Bool {
        job.branches.count < maxSequences
    }

    /// Windows over prefix + scored, scoring only the scored part.
    private func slidingWindows(_ request: Request, index: Int) -> [Job] {
        let full = request.prefix + request.scored
        var jobs: [Job] = []
        var scoreStart = request.prefix.count
        var first = true
        while scoreStart < full.count {
            let end = first ? min(full.count, window) : min(full.count, scoreStart + stride)
            let start = first ? 0 : end - window
            jobs.append(Job(prefix: Array(full[start..<scoreStart]),
                            branches: [Branch(tokens: Array(full[scoreStart..<end]), request: index,
                                              offset: scoreStart - request.prefix.count)]))
            scoreStart = end
            first = false
        }
        return jobs
    }

    /// Greedy packing of the jobs sorted by length (stable), so that sequences decoded together
    /// have similar lengths and little padding: a job joins the current pack while the pack's
    /// padded size (sequences x longest sequence) stays within `packCells` and its sequences
    /// within `maxSequences`; a job larger than `packCells` gets a pack of its own.
    public func pack(_ jobs: [Job]) -> [Pack] {
        var packs: [Pack] = []
        var current = Pack(jobs: [])
        var sequences = 0, longest = 0
        let sorted = jobs.enumerated().sorted { ($0.element.longestSequence, $0.offset) < ($1.element.longestSequence, $1.offset) }.map(\.element)
        for job in sorted {
            let newLongest = max(longest, job.longestSequence)
            if !current.jobs.isEmpty && ((sequences + job.branches.count) * newLongest > packCells || sequences + job.branches.count > maxSequences) {
                packs.append(current)
                current = Pack(jobs: [])
                sequences = 0
                longest = 0
            }
            current.jobs.append(job)
            sequences += job.branches.count
            longest = max(longest, job.longestSequence)
        }
        if !current.jobs.isEmpty { packs.append(current) }
        return packs
    }
}
