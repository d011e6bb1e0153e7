import Foundation

extension ArenaRatings {
    /// The candidates from best to worst: by Bradley–Terry rating in pair modes, by mean grade
    /// in single mode; names break ties.
    public var ranking: [String] {
        func score(_ name: String) -> Double {
            if let grade = grades?[name] { return grade.mean }
            return bradleyTerry?[name]?.rating ?? -.infinity
        }
        return candidates.sorted { (score($0), $1) > (score($1), $0) }
    }

    /// The leaderboard as the command prints it: one line per candidate.
    public var leaderboardText: String {
        let width = max(9, candidates.map(\.count).max() ?? 0)
        func pad(_ text: String, _ count: Int) -> String { text + String(repeating: " ", count: max(0, count - text.count)) }
        func number(_ value: Double?, _ digits: Int) -> String { value.map { String(format: "%.\(digits)f", $0) } ?? "-" }
        var lines: [String] = []
        if mode == .single {
            lines.append(pad("candidate", width) + "  grade  95% interval   n")
            for name in ranking {
                guard let grade = grades?[name] else { lines.append(pad(name, width) + "  -"); continue }
                lines.append(pad(name, width) + "  \(number(grade.mean, 2))   [\(number(grade.lower, 2)), \(number(grade.upper, 2))]  \(grade.n)")
            }
        } else {
            lines.append(pad("candidate", width) + "  Bradley-Terry [95%]     Elo    W/T/L      win rate" + (lengthControlled == nil ? "" : "  LC win rate"))
            for name in ranking {
                let bt = bradleyTerry?[name], record = records?[name]
                var line = pad(name, width) + "  " + pad("\(number(bt?.rating, 0)) [\(number(bt?.lower, 0)), \(number(bt?.upper, 0))]", 21)
                line += "  " + pad(number(elo?[name], 0), 5)
                line += "  " + pad(record.map { "\($0.wins)/\($0.ties)/\($0.losses)" } ?? "-", 9)
                line += "  " + pad(number(record?.winRate, 3), 8)
                if let lengthControlled { line += "  " + number(lengthControlled[name]?.lengthControlled, 3) }
                lines.append(line)
            }
            if positionInconsistent > 0 {
                lines.append("\(positionInconsistent) of \(battles) battles flipped with the answers' order (counted as ties)")
            }
        }
        let failed = judgments - parsed
        if failed > 0 { lines.append("\(failed) of \(judgments) judge replies had no readable verdict (left out)") }
        return lines.joined(separator: "\n")
    }
}
