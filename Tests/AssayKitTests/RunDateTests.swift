import Foundation
import Testing
@testable import AssayKit

@Suite struct RunDateTests {
    @Test func sourceDateEpochPinsTheDate() {
        #expect(RunDate.current(environment: ["SOURCE_DATE_EPOCH": "0"]) == "1970-01-01T00:00:00Z")
        #expect(RunDate.current(environment: ["SOURCE_DATE_EPOCH": "1700000000"]) == "2023-11-14T22:13:20Z")
    }

    @Test func withoutItTheDateIsNow() throws {
        for environment in [[:], ["SOURCE_DATE_EPOCH": "yesterday"]] {
            let date = try #require(ISO8601DateFormatter().date(from: RunDate.current(environment: environment)))
            #expect(abs(date.timeIntervalSinceNow) < 60)
        }
    }
}
