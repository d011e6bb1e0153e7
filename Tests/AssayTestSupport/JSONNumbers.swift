import Foundation

/// The numbers of a parsed JSON value, for checks that a page shows every figure of a file.
public enum JSONNumbers {
    /// Every number in `value` (from `JSONSerialization`), depth first; booleans count as 0 and 1.
    public static func all(in value: Any) -> [Double] {
        switch value {
        case let dictionary as [String: Any]: return dictionary.values.flatMap(all)
        case let array as [Any]: return array.flatMap(all)
        case let number as NSNumber: return [number.doubleValue]
        default: return []
        }
    }
}
