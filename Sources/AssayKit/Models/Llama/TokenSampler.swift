import Foundation

/// Chooses the next token from a logits row: argmax for greedy decoding, otherwise
/// temperature, top-k and top-p (nucleus) truncation and a draw from the request's own
/// `SeededGenerator`, so a seed reproduces the same text on every machine.
public enum TokenSampler {
    /// The sampled token. `argmax` is the row's greedy token (already known to the caller).
    public static func sample(_ logits: UnsafeBufferPointer<Float>, parameters: SamplingParameters, argmax: Int32,
                              using generator: inout SeededGenerator) -> Int32 {
        if parameters.isGreedy || parameters.topK == 1 { return argmax }
        // Weights relative to the best token, in Double.
        let best = Double(logits[Int(argmax)])
        let temperature = parameters.temperature
        func weight(_ token: Int32) -> Double { Foundation.exp((Double(logits[Int(token)]) - best) / temperature) }
        var candidates: [Int32]
        var weights: [Double]
        if parameters.topK == 0 && parameters.topP < 1 {
            // Nucleus over the whole vocabulary without sorting it: the best 64, 256, ...
            // tokens until they hold the top-p share of the total mass (exact).
            let mass = logits.indices.reduce(0.0) { $0 + weight(Int32($1)) }
            var k = 64
            while true {
                candidates = truncate(logits, topK: min(k, logits.count), sorted: true)
                weights = candidates.map(weight)
                if weights.reduce(0, +) >= parameters.topP * mass || k >= logits.count { break }
                k *= 4
            }
            weights = nucleus(weights, share: parameters.topP, of: mass)
        } else {
            candidates = truncate(logits, topK: parameters.topK, sorted: parameters.topP < 1)
            weights = candidates.map(weight)
            if parameters.topP < 1 { weights = nucleus(weights, share: parameters.topP, of: weights.reduce(0, +)) }
        }
        let total = weights.reduce(0, +)
        var threshold = generator.unitDouble() * total
        for (index, weight) in weights.enumerated() {
            threshold -= weight
            if threshold < 0 { return candidates[index] }
        }
        return candidates[weights.count - 1]
    }

    /// The leading weights (sorted by descending weight) whose sum first reaches `share` of `mass`.
    static func nucleus(_ weights: [Double], share: Double, of mass: Double) -> [Double] {
        var cumulative = 0.0, keep = 0
        while keep < weights.count {
            cumulative += weights[keep]
            keep += 1
            if cumulative >= share * mass { break }
        }
        return Array(weights.prefix(keep))
    }

    /// Token ids kept by top-k (all when `topK` is 0), ordered by descending logit (ties by
    /// token id) when `sorted` or when top-k applies.
    static func truncate(_ logits: UnsafeBufferPointer<Float>, topK: Int, sorted: Bool) -> [Int32] {
        let n = logits.count
        func before(_ a: Int32, _ b: Int32) -> Bool {
            let la = logits[Int(a)], lb = logits[Int(b)]
            return la != lb ? la > lb : a < b
        }
        if topK > 0 && topK < n {
            // Keep the k best in a min-heap ordered by `before` (its root is the worst kept).
            var heap: [Int32] = []
            heap.reserveCapacity(topK)
            for token in 0..<Int32(n) {
                if heap.count < topK {
                    heap.append(token)
                    siftUp(&heap, heap.count - 1, before)
                } else if before(token, heap[0]) {
                    heap[0] = token
                    siftDown(&heap, 0, before)
                }
            }
            return heap.sorted(by: before)
        }
        let all = (0..<Int32(n)).map { $0 }
        return sorted ? all.sorted(by: before) : all
    }

    private static func siftUp(_ heap: inout [Int32], _ index: Int, _ before: (Int32, Int32) -> Bool) {
        var child = index
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(heap[parent], heap[child]) else { return }
            heap.swapAt(parent, child)
            child = parent
        }
    }

    private static func siftDown(_ heap: inout [Int32], _ index: Int, _ before: (Int32, Int32) -> Bool) {
        var parent = index
        while true {
            let left = 2 * parent + 1, right = left + 1
            var worst = parent
            if left < heap.count && before(heap[worst], heap[left]) { worst = left }
            if right < heap.count && before(heap[worst], heap[right]) { worst = right }
            if worst == parent { return }
            heap.swapAt(parent, worst)
            parent = worst
        }
    }
}
