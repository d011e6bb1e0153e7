/// Walking instructions (steps forward/backward/left/right while facing forward, or steps and
/// turns); does one end at the starting point? Answers Yes/No, alternating for balanced classes.
public struct NavigateFamily: ItemFamily {
    public let name = "navigate"
    public let summary = "whether a sequence of steps and turns returns to the starting point (Yes/No)"
    public let language = "en"
    public let levels: ClosedRange<Int> = 1...3
    public let knobs = [
        FamilyKnob(name: "instructions", summary: "random instructions before any closing ones", valuesByLevel: [3, 6, 10]),
        FamilyKnob(name: "turns", summary: "1 when half of the items use turns instead of facing forward", valuesByLevel: [0, 1, 1]),
        FamilyKnob(name: "max-steps", summary: "most steps in one instruction", valuesByLevel: [5, 10, 10]),
    ]

    public init() {}

    /// Unit vectors for north, east, south, west (headings 0...3, turning right adds 1).
    private static let vectors = [(0, 1), (1, 0), (0, -1), (-1, 0)]

    private static func steps(_ n: Int) -> String { "Take \(n) step\(n == 1 ? "" : "s")" }

    public func draft(level: Int, slot: Int, using rng: inout SeededGenerator) -> FamilyDraft {
        let wantReturn = slot % 2 == 0
        let count = knob("instructions", at: level)
        let maxSteps = knob("max-steps", at: level)
        let turning = knob("turns", at: level) == 1 && rng.chance(0.5)
        let (lines, x, y) = turning
            ? turningWalk(count: count, maxSteps: maxSteps, wantReturn: wantReturn, using: &rng)
            : forwardWalk(count: count, maxSteps: maxSteps, wantReturn: wantReturn, using: &rng)
        let question = "If you follow these instructions, do you return to the starting point? "
            + (turning ? "" : "Always face forward. ") + lines.joined(separator: " ") + " Answer Yes or No."
        let solution = x == 0 && y == 0 ? "The walk ends at the starting point."
            : "The walk ends \(abs(y)) steps \(y < 0 ? "behind" : "ahead of") and \(abs(x)) steps to the "
                + "\(x < 0 ? "left" : "right") of the starting point (as first faced)."
        return FamilyDraft(question: question, answer: wantReturn ? "Yes" : "No", solution: solution,
                           distractors: [wantReturn ? "No" : "Yes"])
    }

    /// Facing forward throughout: direction words move along fixed axes; order does not matter.
    private func forwardWalk(count: Int, maxSteps: Int, wantReturn: Bool,
                             using rng: inout SeededGenerator) -> (lines: [String], x: Int, y: Int) {
        let words = ["forward", "right", "backward", "left"]          // same order as `vectors`
        var moves = (0..<count).map { _ in (rng.int(in: 0...3), rng.int(in: 1...maxSteps)) }
        func position() -> (Int, Int) {
            moves.reduce((0, 0)) { ($0.0 + Self.vectors[$1.0].0 * $1.1, $0.1 + Self.vectors[$1.0].1 * $1.1) }
        }
        let (x, y) = position()
        if wantReturn {
            if x != 0 { moves.append((x > 0 ? 3 : 1, abs(x))) }
            if y != 0 { moves.append((y > 0 ? 2 : 0, abs(y))) }
            rng.shuffle(&moves)
        } else if x == 0 && y == 0 {
            moves[0].1 += 1
        }
        let end = position()
        return (moves.map { "\(Self.steps($0.1)) \(words[$0.0])." }, end.0, end.1)
    }

    /// Steps always go the way one faces; turns change the heading.
    private func turningWalk(count: Int, maxSteps: Int, wantReturn: Bool,
                             using rng: inout SeededGenerator) -> (lines: [String], x: Int, y: Int) {
        let turnWords = [1: "Turn right.", 2: "Turn around.", 3: "Turn left."]
        var lines: [String] = []
        var heading = 0, x = 0, y = 0
        func walk(_ n: Int) {
            lines.append("\(Self.steps(n)).")
            x += Self.vectors[heading].0 * n
            y += Self.vectors[heading].1 * n
        }
        func face(_ target: Int) {
            let turn = (target - heading + 4) % 4
            if turn != 0 { lines.append(turnWords[turn]!) }
            heading = target
        }
        let firstSteps = rng.int(in: 1...maxSteps)          // line 0: the walk starts with steps
        walk(firstSteps)
        for _ in 1..<count {
            if rng.chance(0.4) { face((heading + rng.int(in: 1...3)) % 4) } else { walk(rng.int(in: 1...maxSteps)) }
        }
        if wantReturn {
            if x != 0 { face(x > 0 ? 3 : 1); walk(abs(x)) }
            if y != 0 { face(y > 0 ? 2 : 0); walk(abs(y)) }
        } else if x == 0 && y == 0 {
            lines[0] = "\(Self.steps(firstSteps + 1))."
            y += 1                                           // line 0 walks north
        }
        return (lines, x, y)
    }
}
