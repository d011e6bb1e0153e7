import Foundation
@testable import AssayKit

/// Independent re-solvers for the families' questions: each parses the question text and
/// computes the answer its own way (never through the family's code), returning nil when
/// the text cannot be parsed or the question has no unique answer.
enum FamilyAnswerCheckers {
    /// The text after the last ": " or "：".
    static func tail(_ question: String, after marker: String) -> String? {
        guard let range = question.range(of: marker, options: .backwards) else { return nil }
        return String(question[range.upperBound...])
    }

    // MARK: Boolean expressions: a recursive-descent parser (or < and < not).

    static func booleanExpression(_ question: String) -> String? {
        let chinese = question.contains("：")       // full-width colon: the Chinese variant
        guard let text = tail(question, after: chinese ? "：" : ": ") else { return nil }
        var tokens = text.split(separator: " ").map(String.init)[...]
        func primary() -> Bool? {
            guard let token = tokens.popFirst() else { return nil }
            switch token {
            case "True": return true
            case "False": return false
            case "not": return primary().map { !$0 }
            case "(":
                let value = disjunction()
                guard tokens.popFirst() == ")" else { return nil }
                return value
            default: return nil
            }
        }
        func conjunction() -> Bool? {
            guard var value = primary() else { return nil }
            while tokens.first == "and" { tokens.removeFirst(); guard let r = primary() else { return nil }; value = value && r }
            return value
        }
        func disjunction() -> Bool? {
            guard var value = conjunction() else { return nil }
            while tokens.first == "or" { tokens.removeFirst(); guard let r = conjunction() else { return nil }; value = value || r }
            return value
        }
        guard let value = disjunction(), tokens.isEmpty else { return nil }
        return chinese ? (value ? "真" : "假") : (value ? "True" : "False")
    }

    // MARK: Arithmetic: precedence parsing with exact division.

    static func arithmetic(_ question: String) -> String? {
        let chinese = question.contains("：")
        guard var text = tail(question, after: chinese ? "：" : ": ") else { return nil }
        if chinese, let end = text.range(of: " = ") { text = String(text[..<end.lowerBound]) }
        var tokens = text.split(separator: " ").map(String.init)[...]
        func factor() -> Int? {
            guard let token = tokens.popFirst() else { return nil }
            if token == "(" {
                let value = sum()
                return tokens.popFirst() == ")" ? value : nil
            }
            return Int(token)
        }
        func product() -> Int? {
            guard var value = factor() else { return nil }
            while let op = tokens.first, ["*", "/", "×", "÷"].contains(op) {
                tokens.removeFirst()
                guard let r = factor() else { return nil }
                if op == "*" || op == "×" { value *= r } else {
                    guard r != 0, value % r == 0 else { return nil }     // inexact division is a defect
                    value /= r
                }
            }
            return value
        }
        func sum() -> Int? {
            guard var value = product() else { return nil }
            while let op = tokens.first, op == "+" || op == "-" {
                tokens.removeFirst()
                guard let r = product() else { return nil }
                value = op == "+" ? value + r : value - r
            }
            return value
        }
        guard let value = sum(), tokens.isEmpty else { return nil }
        return String(value)
    }

    // MARK: Dates: Foundation's Gregorian calendar in UTC.

    static func dates(_ question: String) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                      "October", "November", "December"]
        let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]  // Foundation order
        let words = question.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "." || $0 == "?" }).map(String.init)
        // "Today is <Weekday> <Month> <day> <year> ..."
        guard words.count > 6, let month = months.firstIndex(of: words[3]), let day = Int(words[4]), let year = Int(words[5]),
              let start = calendar.date(from: DateComponents(year: year, month: month + 1, day: day)) else { return nil }
        guard weekdays[calendar.component(.weekday, from: start) - 1] == words[2] else { return nil }
        guard let unitIndex = words.indices.dropFirst().first(where: {
            (words[$0].hasPrefix("day") || words[$0].hasPrefix("month")) && Int(words[$0 - 1]) != nil
        }) else { return nil }
        let n = Int(words[unitIndex - 1])!
        let sign = question.contains(" ago") ? -1 : 1
        let target: Date
        if words[unitIndex].hasPrefix("month") {
            // Not `date(byAdding: .month)`: corelibs Foundation moves Feb 29 minus 72 months to
            // March 1. The first of the target month, then the day clamped to that month's length.
            guard let first = calendar.date(from: DateComponents(year: year, month: month + 1 + sign * n, day: 1)),
                  let length = calendar.range(of: .day, in: .month, for: first)?.count,
                  let clamped = calendar.date(byAdding: .day, value: min(day, length) - 1, to: first) else { return nil }
            target = clamped
        } else {
            guard let moved = calendar.date(byAdding: .day, value: sign * n, to: start) else { return nil }
            target = moved
        }
        if question.contains("day of the week") {
            return weekdays[calendar.component(.weekday, from: target) - 1]
        }
        let c = calendar.dateComponents([.year, .month, .day], from: target)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    // MARK: Object counting: re-count the listed things.

    static func objectCounting(_ question: String) -> String? {
        let categories = FamilyVocabulary.categories
        if question.hasPrefix("我有") {
            guard let end = question.firstIndex(of: "。"), let askEnd = question.range(of: "一共有多少个") else { return nil }
            let list = question[question.index(question.startIndex, offsetBy: 2)..<end]
            let asked = question[question.index(after: end)..<askEnd.lowerBound]
                .replacingOccurrences(of: "其中", with: "")
            guard let category = categories.first(where: { $0.chinese == asked }) else { return nil }
            var total = 0
            for part in list.split(whereSeparator: { $0 == "、" || $0 == "和" }) {
                guard let count = FamilyVocabulary.chineseNumbers.firstIndex(of: String(part.prefix(1))) else { return nil }
                let noun = String(part.dropFirst(2))
                if category.members.contains(where: { $0.chinese == noun }) { total += count }
            }
            return String(total)
        }
        guard let listRange = question.range(of: "I have "), let end = question.range(of: ". How many "),
              let askEnd = question.range(of: " do I have?") else { return nil }
        let asked = String(question[end.upperBound..<askEnd.lowerBound])
        guard let category = categories.first(where: { $0.english == asked }) else { return nil }
        var total = 0
        for raw in question[listRange.upperBound..<end.lowerBound].components(separatedBy: ", ") {
            let phrase = raw.hasPrefix("and ") ? String(raw.dropFirst(4)) : raw
            let words = phrase.split(separator: " ", maxSplits: 1).map(String.init)
            guard words.count == 2 else { return nil }
            let count = words[0] == "a" || words[0] == "an" ? 1 : FamilyVocabulary.englishNumbers.firstIndex(of: words[0])
            guard let count else { return nil }
            if category.members.contains(where: { $0.singular == words[1] || $0.plural == words[1] }) { total += count }
        }
        return String(total)
    }

    // MARK: Word sorting, Dyck languages, number sequences.

    static func wordSorting(_ question: String) -> String? {
        tail(question, after: ": ").map { $0.split(separator: " ").map(String.init).sorted().joined(separator: " ") }
    }

    /// Reduces the sequence by deleting adjacent matched pairs until none is left; what stays
    /// must be openers, closed in reverse order.
    static func dyck(_ question: String) -> String? {
        guard let input = tail(question, after: "Input: ") else { return nil }
        let pairs: [String: String] = ["(": ")", "[": "]", "{": "}", "<": ">"]
        var symbols = input.split(separator: " ").map(String.init)
        var changed = true
        while changed {
            changed = false
            for i in symbols.indices.dropLast() where pairs[symbols[i]] == symbols[i + 1] {
                symbols.removeSubrange(i...(i + 1))
                changed = true
                break
            }
        }
        guard !symbols.isEmpty, symbols.allSatisfy({ pairs[$0] != nil }) else { return nil }
        return symbols.reversed().map { pairs[$0]! }.joined(separator: " ")
    }

    /// Fits the rule kinds by finite differences, ratios and recurrences; all fitting rules
    /// must agree on the next term.
    static func numberSequence(_ question: String) -> String? {
        guard let text = tail(question, after: ": ") else { return nil }
        let t = text.components(separatedBy: ", ").compactMap { Int($0) }
        guard t.count >= 5 else { return nil }
        var predictions = Set<Int>()
        func differences(_ s: [Int]) -> [Int] { (1..<s.count).map { s[$0] - s[$0 - 1] } }
        let d1 = differences(t), d2 = differences(d1)
        if d2.allSatisfy({ $0 == d2[0] }) { predictions.insert(t.last! + d1.last! + d2[0]) }   // linear or quadratic
        if t[0] != 0 && t[1] % t[0] == 0 && (1..<t.count).allSatisfy({ t[$0] == t[$0 - 1] * (t[1] / t[0]) }) {
            predictions.insert(t.last! * (t[1] / t[0]))
        }
        if (2..<t.count).allSatisfy({ t[$0] == t[$0 - 1] + t[$0 - 2] }) { predictions.insert(t[t.count - 1] + t[t.count - 2]) }
        let evens = stride(from: 0, to: t.count, by: 2).map { t[$0] }, odds = stride(from: 1, to: t.count, by: 2).map { t[$0] }
        let de = differences(evens), dodd = differences(odds)
        if de.allSatisfy({ $0 == de[0] }) && dodd.allSatisfy({ $0 == dodd[0] }) {
            predictions.insert(t.count % 2 == 0 ? evens.last! + de[0] : odds.last! + dodd[0])
        }
        return predictions.count == 1 ? String(predictions.first!) : nil
    }
}
