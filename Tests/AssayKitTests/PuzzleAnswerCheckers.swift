import Foundation

/// Independent re-solvers for the puzzle families (deduction, swaps, walks, lies): they parse
/// the sentences back from the question and replay or brute-force them.
enum PuzzleAnswerCheckers {
    /// The question's sentences (split at ". " and "? "), trailing punctuation removed.
    static func sentences(_ text: String) -> [String] {
        text.replacingOccurrences(of: "? ", with: ". ").components(separatedBy: ". ").map {
            $0.trimmingCharacters(in: CharacterSet(charactersIn: ".?"))
        }
    }

    static let ordinals = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh"]

    /// All orders of 0..<n, as place-of-person arrays (each built by inserting the next
    /// value at every position of the orders of one fewer).
    static func permutations(_ n: Int) -> [[Int]] {
        guard n > 0 else { return [[]] }
        return permutations(n - 1).flatMap { shorter in
            (0...shorter.count).map { position in
                var order = shorter
                order.insert(n - 1, at: position)
                return order
            }
        }
    }

    static func logicalDeduction(_ question: String) -> String? {
        let parts = sentences(question)
        guard let namesSentence = parts.first(where: { $0.hasPrefix("Their names are ") }) else { return nil }
        let names = namesSentence.dropFirst("Their names are ".count)
            .replacingOccurrences(of: " and ", with: ", ").components(separatedBy: ", ")
        let n = names.count
        var constraints: [([Int]) -> Bool] = []
        var asked: Int?
        for sentence in parts {
            let w = sentence.split(separator: " ").map(String.init)
            guard let a = names.firstIndex(of: w.first ?? "") else {
                if sentence.hasPrefix("Who is the "), let k = ordinals.firstIndex(of: w[3]) { asked = k }
                continue
            }
            if sentence.hasSuffix("is the leftmost") { constraints.append { $0[a] == 0 } }
            else if sentence.hasSuffix("is the rightmost") { constraints.append { $0[a] == n - 1 } }
            else if w.count == 7, w[1] == "is", let k = ordinals.firstIndex(of: w[3]) {     // A is the k-th from the left
                let place = w[6] == "left" ? k : n - 1 - k
                constraints.append { $0[a] == place }
            } else if let b = names.firstIndex(of: w.last!) {
                if sentence.contains("immediately to the left of") { constraints.append { $0[a] + 1 == $0[b] } }
                else if sentence.contains("somewhere to the left of") { constraints.append { $0[a] < $0[b] } }
                else if sentence.contains("somewhere to the right of") { constraints.append { $0[a] > $0[b] } }
                else { return nil }
            } else { return nil }
        }
        let solutions = permutations(n).filter { order in constraints.allSatisfy { $0(order) } }
        guard solutions.count == 1, let asked else { return nil }
        return names[solutions[0].firstIndex(of: asked)!]
    }

    static func trackingShuffledObjects(_ question: String) -> String? {
        var holding: [String: String] = [:]
        var asked: String?
        for sentence in sentences(question) {
            if sentence.hasPrefix("At the start, ") {
                let list = sentence.dropFirst("At the start, ".count).replacingOccurrences(of: " and ", with: ", ")
                for entry in list.components(separatedBy: ", ") {
                    let w = entry.split(separator: " ", maxSplits: 3).map(String.init)    // Name has a/an object
                    guard w.count == 4, w[1] == "has" else { return nil }
                    holding[w[0]] = w[3]
                }
            } else if sentence.hasSuffix("swap their") || sentence.contains(" swap their ") {
                let w = sentence.split(separator: " ").map(String.init)             // First, X and Y swap their Ns
                guard w.count >= 5, let x = holding[w[1]], let y = holding[w[3]] else { return nil }
                holding[w[1]] = y
                holding[w[3]] = x
            } else if sentence.hasPrefix("At the end, which ") {
                let w = sentence.split(separator: " ").map(String.init)
                asked = w[w.count - 2]
            }
        }
        return asked.flatMap { holding[$0] }
    }

    static func navigate(_ question: String) -> String? {
        let faceForward = question.contains("Always face forward.")
        var x = 0, y = 0, dx = 0, dy = 1
        for sentence in sentences(question) {
            let w = sentence.split(separator: " ").map(String.init)
            switch sentence {
            case "Turn left": (dx, dy) = (-dy, dx)
            case "Turn right": (dx, dy) = (dy, -dx)
            case "Turn around": (dx, dy) = (-dx, -dy)
            default:
                guard w.first == "Take", w.count >= 3, let n = Int(w[1]) else { continue }
                if faceForward {
                    switch w.count == 4 ? w[3] : "" {
                    case "forward": y += n
                    case "backward": y -= n
                    case "left": x -= n
                    case "right": x += n
                    default: return nil
                    }
                } else {
                    guard w.count == 3 else { return nil }
                    x += dx * n
                    y += dy * n
                }
            }
        }
        return x == 0 && y == 0 ? "Yes" : "No"
    }

    static func webOfLies(_ question: String) -> String? {
        var honest: [String: Bool] = [:]
        var asked: String?
        for sentence in sentences(question.replacingOccurrences(of: "Question: ", with: "")) {
            let w = sentence.split(separator: " ").map(String.init)
            if w.count == 2 || (w.count == 4 && w[1] == "tells") {
                honest[w[0]] = w[1] == "tells"
            } else if w.count >= 4, w[1] == "says", let other = honest[w[2]] {
                let claim = w[3] == "tells"
                honest[w[0]] = claim == other
            } else if w.first == "Does" {
                asked = w[1]
            }
        }
        return asked.flatMap { honest[$0] }.map { $0 ? "Yes" : "No" }
    }
}
