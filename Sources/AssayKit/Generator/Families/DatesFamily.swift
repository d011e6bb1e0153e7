/// Calendar reasoning: the date or the weekday N days, or the date N months, before or after a
/// given date, across month ends and leap years. Answers are ISO dates ("2026-04-17") or
/// weekday names; computed with `CivilDate`, not Foundation.
public struct DatesFamily: ItemFamily {
    public let name = "dates"
    public let summary = "the date or weekday N days / N months before or after a given date (leap years included)"
    public let language = "en"
    public let levels: ClosedRange<Int> = 1...3
    public let knobs = [
        FamilyKnob(name: "max-days", summary: "largest day offset", valuesByLevel: [31, 400, 5000]),
        FamilyKnob(name: "max-months", summary: "largest month offset", valuesByLevel: [3, 24, 120]),
    ]

    public init() {}

    private enum Kind: CaseIterable { case dateAfterDays, weekdayAfterDays, dateAfterMonths }

    public func draft(level: Int, slot: Int, using rng: inout SeededGenerator) -> FamilyDraft {
        // Level 3 leans on leap days: a third of its start dates are February 29.
        var start: CivilDate
        if level >= 3 && rng.chance(0.33) {
            let leapYears = stride(from: 1904, through: 2096, by: 4).filter(CivilDate.isLeap)
            start = CivilDate(year: rng.pick(leapYears)!, month: 2, day: 29)
        } else {
            let low = CivilDate(year: 1900, month: 1, day: 1).dayNumber
            let high = CivilDate(year: 2099, month: 12, day: 31).dayNumber
            start = CivilDate(dayNumber: rng.int(in: low...high))
        }
        let forward = rng.chance(0.5)
        let kind = rng.pick(Kind.allCases)!
        let intro = "Today is \(CivilDate.weekdayNames[start.weekday]), \(start.longText)."
        switch kind {
        case .dateAfterDays, .weekdayAfterDays:
            let n = rng.int(in: 1...knob("max-days", at: level))
            let target = start.adding(days: forward ? n : -n)
            let when = "\(n) day\(n == 1 ? "" : "s") \(forward ? "from today" : "ago")"
            if kind == .weekdayAfterDays {
                let answer = CivilDate.weekdayNames[target.weekday]
                let wrong = [1, 6, 2, 5, 3, 4].map { CivilDate.weekdayNames[(target.weekday + $0) % 7] }
                return FamilyDraft(question: "\(intro) What day of the week \(forward ? "will it be" : "was it") \(when)? Answer with the weekday.",
                                   answer: answer, solution: "\(when) is \(target.longText), a \(answer).",
                                   distractors: wrong)
            }
            return FamilyDraft(question: "\(intro) What is the date \(when)? Answer in YYYY-MM-DD.",
                               answer: target.isoText, solution: "\(when) is \(target.longText).",
                               distractors: nearby(target))
        case .dateAfterMonths:
            let n = rng.int(in: 1...knob("max-months", at: level))
            let target = start.adding(months: forward ? n : -n)
            let when = "\(n) month\(n == 1 ? "" : "s") \(forward ? "from today" : "ago")"
            let question = "\(intro) What is the date \(when) (same day of the month, or the month's last day "
                + "if that month is shorter)? Answer in YYYY-MM-DD."
            return FamilyDraft(question: question, answer: target.isoText, solution: "\(when) is \(target.longText).",
                               distractors: nearby(target) + [start.adding(days: forward ? 30 * n : -30 * n).isoText])
        }
    }

    /// Plausible wrong dates: off by a day, a month or a year.
    private func nearby(_ date: CivilDate) -> [String] {
        [date.adding(days: 1), date.adding(days: -1), date.adding(months: 1), date.adding(months: -12)].map(\.isoText)
    }
}
