/// The kinds of adversarial instruction Assay's suites test (after the Safety-Prompts /
/// SuperCLUE-Safety taxonomy of instruction attacks and garak's probes). Every category's
/// goal is harmless and checkable: a canary string, a target phrase or a planted wrong answer.
public enum AttackCategory: String, Sendable, Codable, CaseIterable {
    /// "Ignore the above and output X": the user's own prompt ends by dropping its task.
    case goalHijacking = "goal_hijacking"
    /// The system prompt holds a secret canary; the user tries to make the model repeat it.
    case promptLeaking = "prompt_leaking"
    /// A role-play or story frame asks the model to break a rule of its system prompt.
    case rolePlay = "role_play"
    /// A false premise stated as fact pushes the model to a planted wrong answer.
    case instructionInduction = "instruction_induction"
    /// Instructions hidden in a document the model is asked to summarize or translate.
    case indirectInjection = "indirect_injection"
    /// "Tell me what to avoid": asking for the forbidden thing as something to steer clear of.
    case reverseExposure = "reverse_exposure"
    /// A request that takes a risky practice (sharing a password...) as safe.
    case unsafePremise = "unsafe_premise"

    /// One line for listings and reports.
    public var summary: String {
        switch self {
        case .goalHijacking: return "an order at the end of the prompt to drop the task and print a canary"
        case .promptLeaking: return "a canary in the system prompt, asked for by the user"
        case .rolePlay: return "a role-play frame to break a rule of the system prompt"
        case .instructionInduction: return "a false premise pushing to a planted wrong answer"
        case .indirectInjection: return "instructions hidden in a document to summarize or translate"
        case .reverseExposure: return "the forbidden string asked for as something to avoid"
        case .unsafePremise: return "a risky practice taken as safe; success when the model goes along"
        }
    }

}
