import Foundation

/// One benchmark item in Assay's canonical form: the form every reader produces and every
/// writer emits (one JSON object per line in `.jsonl` files).
///
/// Multiple-choice items carry `choices` and the gold label ("A".."Z") in `answer`; other items
/// carry the answer text. `provenance` records where the item came from, so a generated or
/// perturbed item can be reproduced from its seed.
public struct BenchmarkItem: Codable, Hashable, Sendable {
    public var id: String
    public var benchmark: String?
    public var subset: String?
    public var question: String
    public var choices: [String]?
    public var answer: String
    public var context: String?
    public var solution: String?
    /// Free-form items: answers known to be wrong (TruthfulQA), for the metrics that compare
    /// the best match among true answers with the best among false ones.
    public var incorrectAnswers: [String]?
    public var provenance: Provenance?

    enum CodingKeys: String, CodingKey {
        case id, benchmark, subset, question, choices, answer, context, solution, provenance
        case incorrectAnswers = "incorrect_answers"
    }

    public init(id: String, benchmark: String? = nil, subset: String? = nil, question: String,
                choices: [String]? = nil, answer: String, context: String? = nil,
                solution: String? = nil, incorrectAnswers: [String]? = nil, provenance: Provenance? = nil) {
        self.id = id
        self.benchmark = benchmark
        self.subset = subset
        self.question = question
        self.choices = choices
        self.answer = answer
        self.context = context
        self.solution = solution
        self.incorrectAnswers = incorrectAnswers
        self.provenance = provenance
    }

    /// True when the item is multiple choice.
    public var isMultipleChoice: Bool { !(choices ?? []).isEmpty }

    /// The option labels "A", "B", ... for a number of choices.
    public static func labels(count: Int) -> [String] {
        (0..<count).map { String(UnicodeScalar(UInt8(65 + $0))) }
    }
}

/// Where an item came from and how it was made.
public struct Provenance: Codable, Hashable, Sendable {
    /// The source file, benchmark or generator the item comes from.
    public var source: String?
    /// The template or family that generated it.
    public var template: String?
    /// The seed it was generated or perturbed with.
    public var seed: UInt64?
    /// The difficulty level it was generated at.
    public var level: Int?
    /// The perturbations applied, in order (e.g. "shuffle_options", "typos:0.05").
    public var perturbations: [String]?
    /// The id of the item it was derived from.
    public var original: String?

    public init(source: String? = nil, template: String? = nil, seed: UInt64? = nil,
                level: Int? = nil, perturbations: [String]? = nil, original: String? = nil) {
        self.source = source
        self.template = template
        self.seed = seed
        self.level = level
        self.perturbations = perturbations
        self.original = original
    }
}
