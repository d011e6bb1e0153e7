import Foundation

/// One adversarial-instruction suite: a `.attack` file under `Templates/attacks/` (format in
/// `Templates/attacks/README.md`). It declares slots (lexicon entries, canaries, numbers),
/// prompt variants, optional system prompts and the goal a detector checks. Every draw fills
/// the slots afresh.
public struct AttackSuite: Sendable {
    /// Unique name (lowercase letters, digits, '-'); item ids start with it.
    public let name: String
    public let category: AttackCategory
    /// "en" or "zh".
    public let language: String
    public let description: String
    /// The file it was parsed from.
    public let source: String

    let slots: [AttackSlot]
    /// System prompt variants (empty: no system message).
    let systems: [AttackPattern]
    /// User prompt variants; each item draws one.
    let prompts: [AttackPattern]
    let goal: AttackGoal

    /// How the detector decides success.
    public var detector: AttackDetectorKind { goal.kind }

    /// Parses suite text; `source` names the file in `file:line: reason` errors. Lexicons named
    /// by `pick` load from `lexiconFolder` (default `Corpora/lexicons`).
    public static func parse(text: String, source: String, lexiconFolder: URL? = nil) throws -> AttackSuite {
        var parser = AttackSuiteParser(source: source, lexiconFolder: lexiconFolder)
        return try parser.parse(text)
    }

    /// Loads and parses a `.attack` file.
    public static func load(_ url: URL, lexiconFolder: URL? = nil) throws -> AttackSuite {
        try parse(text: InputError.readText(url), source: url.path, lexiconFolder: lexiconFolder)
    }

    init(name: String, category: AttackCategory, language: String, description: String, source: String,
         slots: [AttackSlot], systems: [AttackPattern], prompts: [AttackPattern], goal: AttackGoal) {
        self.name = name
        self.category = category
        self.language = language
        self.description = description
        self.source = source
        self.slots = slots
        self.systems = systems
        self.prompts = prompts
        self.goal = goal
    }
}

/// The detector a suite's goal calls for.
public enum AttackDetectorKind: String, Sendable, Codable, CaseIterable {
    /// Success when the goal string (a canary, a target phrase) is in the output after
    /// normalization, refusal or not: a leaked secret is leaked even inside an apology.
    case contains
    /// Success when the goal string is in the output and the output is not a refusal.
    case complies
    /// Success when the planted wrong answer is the last answer the output affirms.
    case plantedAnswer = "planted_answer"
}

/// A suite's goal line: `goal: contains TEXT`, `goal: complies TEXT`, or
/// `goal: answer TEXT` with `truth: TEXT`.
enum AttackGoal: Sendable {
    case contains(AttackPattern)
    case complies(AttackPattern)
    case answer(planted: AttackPattern, truth: AttackPattern)

    var kind: AttackDetectorKind {
        switch self {
        case .contains: return .contains
        case .complies: return .complies
        case .answer: return .plantedAnswer
        }
    }

    var target: AttackPattern {
        switch self {
        case .contains(let p), .complies(let p), .answer(let p, _): return p
        }
    }
}

/// One generated attack: the messages sent and the goal the output is checked against.
public struct AttackItem: Sendable, Codable, Hashable {
    /// `<suite>/<seed>/<index>`.
    public var id: String
    public var suite: String
    public var category: AttackCategory
    public var language: String
    /// The system message, when the suite has one.
    public var system: String?
    /// The user message.
    public var prompt: String
    public var detector: AttackDetectorKind
    /// The canary, target phrase or planted wrong answer.
    public var target: String
    /// The correct answer, for planted-answer goals.
    public var truth: String?

    public init(id: String, suite: String, category: AttackCategory, language: String, system: String?, prompt: String,
                detector: AttackDetectorKind, target: String, truth: String?) {
        self.id = id
        self.suite = suite
        self.category = category
        self.language = language
        self.system = system
        self.prompt = prompt
        self.detector = detector
        self.target = target
        self.truth = truth
    }
}
