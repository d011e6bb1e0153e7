import Foundation

/// The date a run's manifest records. Everything else in Assay's outputs is a function of the
/// inputs and the seed; the date is not, so it follows the reproducible-builds convention:
/// `SOURCE_DATE_EPOCH` (seconds since 1970) pins it, and then two runs give the same bytes.
public enum RunDate {
    /// ISO 8601 (UTC) of `SOURCE_DATE_EPOCH` when it is set to a number, else of now.
    public static func current(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let date = environment["SOURCE_DATE_EPOCH"].flatMap(Double.init).map(Date.init(timeIntervalSince1970:)) ?? Date()
        return ISO8601DateFormatter().string(from: date)
    }
}
