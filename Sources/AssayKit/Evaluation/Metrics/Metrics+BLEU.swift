import Foundation

/// BLEU-4 (Papineni et al., 2002) on `MetricTokenizer` tokens, in [0, 1].
///
/// Corpus BLEU sums clipped n-gram matches and candidate n-grams over all sentences before
/// taking precisions (no smoothing: a zero precision gives 0). Sentence BLEU uses Lin & Och
/// (2004) "smoothing 1": add one to matches and totals for n > 1 (p1 stays unsmoothed).
/// The brevity penalty is `exp(1 - r/c)` when the candidate length c is below the reference
/// length r, with r the reference length closest to c (the shorter on ties).
extension Metrics {
    public struct BLEUScore: Codable, Sendable, Equatable {
        public var bleu: Double
        /// The modified n-gram precisions p1...p4 (smoothed for sentence BLEU).
        public var precisions: [Double]
        public var brevityPenalty: Double
        public var candidateLength: Int
        public var referenceLength: Int
    }

    public static let bleuMaxOrder = 4

    /// Corpus BLEU-4: each candidate with one or more references.
    public static func corpusBLEU(candidates: [String], references: [[String]]) -> BLEUScore {
        precondition(candidates.count == references.count, "references for every candidate")
        var stats = BLEUStatistics()
        for (candidate, refs) in zip(candidates, references) {
            stats.add(BLEUStatistics(candidate: candidate, references: refs))
        }
        return stats.score(smoothed: false)
    }

    /// Sentence BLEU-4 with add-one smoothing for n > 1.
    public static func sentenceBLEU(candidate: String, references: [String]) -> BLEUScore {
        BLEUStatistics(candidate: candidate, references: references).score(smoothed: true)
    }

    /// Corpus BLEU as the value, smoothed sentence BLEU per item.
    public static func bleu(candidates: [String], references: [[String]]) -> MetricValue {
        let perItem = zip(candidates, references).map { sentenceBLEU(candidate: $0, references: $1).bleu }
        return MetricValue(value: corpusBLEU(candidates: candidates, references: references).bleu, perItem: perItem)
    }
}

/// Sufficient statistics of BLEU: clipped matches and totals per order, and lengths.
struct BLEUStatistics {
    var matches = [Int](repeating: 0, count: Metrics.bleuMaxOrder)
    var totals = [Int](repeating: 0, count: Metrics.bleuMaxOrder)
    var candidateLength = 0
    var referenceLength = 0

    init() {}

    init(candidate: String, references: [String]) {
        let c = MetricTokenizer.tokens(candidate)
        let refs = references.map(MetricTokenizer.tokens)
        candidateLength = c.count
        referenceLength = refs.map(\.count).min { (abs($0 - c.count), $0) < (abs($1 - c.count), $1) } ?? 0
        for n in 1...Metrics.bleuMaxOrder {
            let counts = Metrics.ngramCounts(c, n: n)
            var maxReference: [[String]: Int] = [:]
            for ref in refs {
                for (gram, count) in Metrics.ngramCounts(ref, n: n) { maxReference[gram] = max(maxReference[gram] ?? 0, count) }
            }
            matches[n - 1] = Metrics.clippedOverlap(counts, maxReference)
            totals[n - 1] = max(0, c.count - n + 1)
        }
    }

    mutating func add(_ other: BLEUStatistics) {
        for n in 0..<Metrics.bleuMaxOrder {
            matches[n] += other.matches[n]
            totals[n] += other.totals[n]
        }
        candidateLength += other.candidateLength
        referenceLength += other.referenceLength
    }

    func score(smoothed: Bool) -> Metrics.BLEUScore {
        let precisions = (0..<Metrics.bleuMaxOrder).map { n -> Double in
            if smoothed && n > 0 { return Double(matches[n] + 1) / Double(totals[n] + 1) }
            return totals[n] == 0 ? 0 : Double(matches[n]) / Double(totals[n])
        }
        let penalty: Double
        if candidateLength == 0 {
            penalty = 0
        } else if candidateLength >= referenceLength {
            penalty = 1
        } else {
            penalty = exp(1 - Double(referenceLength) / Double(candidateLength))
        }
        let bleu = precisions.contains(0) ? 0 : penalty * exp(precisions.map(log).reduce(0, +) / Double(precisions.count))
        return Metrics.BLEUScore(bleu: bleu, precisions: precisions, brevityPenalty: penalty,
                                 candidateLength: candidateLength, referenceLength: referenceLength)
    }
}
