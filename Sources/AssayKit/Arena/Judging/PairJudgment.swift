/// One pairwise judgment as the diagnostics see it: which judge compared which two candidates
/// on which question, in which order, with which perturbation, and what it said.
///
/// `first` is the candidate whose answer was shown as Assistant A, `second` the one shown as
/// B; `verdict` is in those positions (`.a` = `first` won). A nil verdict is a reply that did
/// not parse: it is counted as unparsable and left out of every rate.
public struct PairJudgment: Codable, Hashable, Sendable {
    /// The question's id.
    public var questionID: String
    /// The question's category (MT-Bench's writing, reasoning, ...), if known.
    public var category: String?
    /// The judge model's name (compared with candidate names for self-preference).
    public var judge: String
    /// The candidate shown as Assistant A.
    public var first: String
    /// The candidate shown as Assistant B.
    public var second: String
    /// The length of the first candidate's answer as shown (characters or tokens, the same
    /// unit throughout).
    public var lengthFirst: Int
    /// The length of the second candidate's answer as shown.
    public var lengthSecond: Int
    /// The perturbation applied for this judgment, nil for the plain judgment.
    public var perturbation: AnswerPerturbation?
    /// The candidate whose answer was perturbed (nil for `positionSwap`, which moves both).
    public var perturbed: String?
    /// The verdict in the positions shown; nil when the reply did not parse.
    public var verdict: PairVerdict?

    public init(questionID: String, category: String? = nil, judge: String, first: String, second: String,
                lengthFirst: Int, lengthSecond: Int, perturbation: AnswerPerturbation? = nil, perturbed: String? = nil,
                verdict: PairVerdict?) {
        self.questionID = questionID
        self.category = category
        self.judge = judge
        self.first = first
        self.second = second
        self.lengthFirst = lengthFirst
        self.lengthSecond = lengthSecond
        self.perturbation = perturbation
        self.perturbed = perturbed
        self.verdict = verdict
    }

    /// The winning candidate's name; nil for a tie or an unparsable reply.
    public var winner: String? {
        switch verdict {
        case .a?: return first
        case .b?: return second
        default: return nil
        }
    }

    /// The score `candidate` got: 1 for a win, 0.5 for a tie, 0 for a loss; nil when the reply
    /// did not parse or `candidate` is not in the pair.
    public func score(of candidate: String) -> Double? {
        guard let verdict, first != second else { return nil }
        if candidate == first { return verdict.scoreOfA }
        if candidate == second { return verdict.swapped.scoreOfA }
        return nil
    }

    /// The verdict with `candidate` as x: `.a` when `candidate` won, `.b` when it lost, a tie;
    /// nil when the reply did not parse or `candidate` is not in the pair.
    public func verdict(for candidate: String) -> PairVerdict? {
        guard let verdict, first != second else { return nil }
        if candidate == first { return verdict }
        if candidate == second { return verdict.swapped }
        return nil
    }

    /// The outcome of a pair of candidates x and y judged in both orders, in x/y terms (`.a` =
    /// x wins). `inOrder` is the verdict with x shown as A, `swapped` the verdict with y shown
    /// as A (so its `.a` means y won).
    /// - Both parsed and agreeing (after bringing `swapped` back to x/y terms): that outcome,
    ///   consistent = true.
    /// - Both parsed and disagreeing: a tie, consistent = false (the judge's preference did not
    ///   survive swapping the positions, as Arena-Hard and MT-Bench count it).
    /// - One missing (unparsable): the other alone, consistent = nil.
    /// - Both missing: no outcome, consistent = nil.
    public static func combine(_ inOrder: PairVerdict?, _ swapped: PairVerdict?) -> (winner: PairVerdict?, consistent: Bool?) {
        switch (inOrder, swapped?.swapped) {
        case let (first?, second?):
            return first == second ? (first, true) : (.tie, false)
        case let (first?, nil):
            return (first, nil)
        case let (nil, second?):
            return (second, nil)
        case (nil, nil):
            return (nil, nil)
        }
    }

    /// The key of a plain judgment that a perturbed one is compared with: same question, judge
    /// and order (for `positionSwap`, the order before the swap).
    var baseKey: OrderKey {
        perturbation == .positionSwap
            ? OrderKey(questionID: questionID, judge: judge, first: second, second: first)
            : OrderKey(questionID: questionID, judge: judge, first: first, second: second)
    }

    /// The key of this judgment's own order.
    var orderKey: OrderKey { OrderKey(questionID: questionID, judge: judge, first: first, second: second) }

    /// The key of the unordered pair on this question by this judge.
    var pairKey: OrderKey {
        OrderKey(questionID: questionID, judge: judge, first: min(first, second), second: max(first, second))
    }

    /// A question, a judge and two candidates (ordered or, for `pairKey`, sorted).
    struct OrderKey: Hashable {
        var questionID: String
        var judge: String
        var first: String
        var second: String
    }
}
