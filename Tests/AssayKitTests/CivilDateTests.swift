import Foundation
import Testing
@testable import AssayKit

/// Assay's own calendar arithmetic against Foundation's Gregorian calendar in UTC.
@Suite struct CivilDateTests {
    static var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }

    @Test func dayNumbersAndWeekdaysMatchFoundation() throws {
        var rng = SeededGenerator(seed: 9)
        for _ in 0..<3000 {
            let n = rng.int(in: -80_000...80_000)
            let date = CivilDate(dayNumber: n)
            let foundation = Date(timeIntervalSince1970: Double(n) * 86_400)
            let c = Self.calendar.dateComponents([.year, .month, .day, .weekday], from: foundation)
            let expected: [Int] = [c.year!, c.month!, c.day!]
            #expect([date.year, date.month, date.day] == expected)
            #expect((date.weekday + 1) % 7 + 1 == c.weekday!)      // Foundation: 1 = Sunday
            #expect(date.dayNumber == n)
        }
    }

    @Test func monthArithmeticClampsLikeFoundation() throws {
        for (y, m, d, add) in [(2024, 1, 31, 1), (2023, 1, 31, 1), (2000, 2, 29, 12), (1900, 2, 28, 48), (2024, 3, 31, -1)] {
            let ours = CivilDate(year: y, month: m, day: d).adding(months: add)
            let start = try #require(Self.calendar.date(from: DateComponents(year: y, month: m, day: d)))
            let theirs = Self.calendar.dateComponents([.year, .month, .day],
                                                      from: try #require(Self.calendar.date(byAdding: .month, value: add, to: start)))
            let expected: [Int] = [theirs.year!, theirs.month!, theirs.day!]
            #expect([ours.year, ours.month, ours.day] == expected)
        }
        #expect(CivilDate.isLeap(2000) && !CivilDate.isLeap(1900) && CivilDate.isLeap(2024) && !CivilDate.isLeap(2023))
    }
}
