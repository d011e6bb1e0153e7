import Foundation
import Synchronization

/// Compiled regular expressions by pattern, shared by all threads (`NSRegularExpression` is
/// immutable and safe to match from several threads). Answer extraction builds its patterns
/// from the number of options, so there are few distinct ones but many uses.
enum RegexCache {
    private static let compiled = Mutex<[String: NSRegularExpression]>([:])

    /// The compiled pattern. Every pattern is Assay's own, so one that does not compile is a
    /// bug in Assay, reported at once.
    static func regex(_ pattern: String) -> NSRegularExpression {
        if let regex = compiled.withLock({ $0[pattern] }) { return regex }
        let regex: NSRegularExpression
        do { regex = try NSRegularExpression(pattern: pattern) } catch {
            preconditionFailure("invalid built-in pattern \(pattern): \(error)")
        }
        compiled.withLock { $0[pattern] = regex }
        return regex
    }
}
