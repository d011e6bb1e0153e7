/// Draws the variables of one template: runs its statements in order, rejecting a draw as soon
/// as a constraint fails, and counts which constraint rejected how many draws (for the error
/// message when nothing passes).
struct TemplateSampler {
    let template: Template
    let level: Int
    /// Values fixed in advance by slot (resampling keeps the names of an item).
    let pins: [Int: Rational]
    /// Rejected draws per constraint label, with the constraint's line.
    private(set) var rejections: [String: (count: Int, line: Int)] = [:]

    init(template: Template, level: Int, pins: [Int: Rational] = [:]) {
        self.template = template
        self.level = level
        self.pins = pins
    }

    /// Records a rejection by the named constraint.
    mutating func reject(_ label: String, line: Int) {
        rejections[label, default: (0, line)].count += 1
    }

    /// The constraint that rejected the most draws (ties: the earliest line, then the label).
    var worstConstraint: (label: String, line: Int, count: Int)? {
        rejections.map { (label: $0.key, line: $0.value.line, count: $0.value.count) }
            .max { ($0.count, -$0.line, $1.label) < ($1.count, -$1.line, $0.label) }
    }

    /// One draw: the values of every slot, or nil when a constraint rejected it.
    mutating func draw(using generator: inout SeededGenerator) throws(TemplateError) -> [Rational]? {
        var values = [Rational](repeating: .zero, count: template.variables.count)
        values[0] = Rational(level)
        for statement in template.statements {
            switch statement {
            case .draw(let slots, let distribution, let label, let line):
                guard try fill(slots, distribution, &values, line: line, using: &generator) else {
                    reject(label, line: line)
                    return nil
                }
            case .derive(let slot, let expression):
                values[slot] = try evaluate(expression, values)
            case .require(let expression, let label):
                guard !(try evaluate(expression, values)).isZero else {
                    reject(label, line: expression.line)
                    return nil
                }
            case .distinct(let slots, let label, let line):
                guard Set(slots.map { distinctKey($0, values) }).count == slots.count else {
                    reject(label, line: line)
                    return nil
                }
            }
        }
        return values
    }

    func evaluate(_ expression: LocatedExpression, _ values: [Rational]) throws(TemplateError) -> Rational {
        try exact(expression.line) { () throws(RationalError) in try expression.node.evaluate(values) }
    }

    /// Runs exact arithmetic written on `line`, turning its failure into a template error.
    func exact<T>(_ line: Int, _ body: () throws(RationalError) -> T) throws(TemplateError) -> T {
        do { return try body() } catch {
            throw .evaluation(file: template.source, line: line, reason: error.description)
        }
    }

    /// Entries compare by their first field (two lexicons may share a name); numbers by value.
    private func distinctKey(_ slot: Int, _ values: [Rational]) -> String {
        if let entries = template.variables[slot].entries { return "t" + entries[values[slot].numerator][0] }
        return "n" + values[slot].canonical
    }

    /// Draws the slots of one `var` line (distinct values when several); false when the range
    /// is empty or too small for distinct values.
    private func fill(_ slots: [Int], _ distribution: Distribution, _ values: inout [Rational], line: Int,
                      using generator: inout SeededGenerator) throws(TemplateError) -> Bool {
        func value(_ node: ExpressionNode) throws(TemplateError) -> Rational {
            try evaluate(LocatedExpression(node: node, line: line), values)
        }
        let candidates: (count: Int, at: (Int) throws(TemplateError) -> Rational)
        switch distribution {
        case .pick(let count):
            candidates = (count, { Rational($0) })
        case .oneOf(let nodes):
            let options = try nodes.map { node throws(TemplateError) in try value(node) }
            candidates = (options.count, { options[$0] })
        case .integer(let lowNode, let highNode, let stepNode), .decimal(let lowNode, let highNode, let stepNode):
            let (low, high, step) = (try value(lowNode), try value(highNode), try value(stepNode))
            if case .integer = distribution, !(low.isInteger && high.isInteger && step.isInteger) {
                throw .evaluation(file: template.source, line: line, reason: "an int range needs integer bounds and step, got \(low)..\(high) step \(step)")
            }
            guard step > .zero else {
                throw .evaluation(file: template.source, line: line, reason: "the step must be positive, got \(step)")
            }
            guard low <= high else { return false }
            let count = try exact(line) { () throws(RationalError) in try high.subtracting(low).floorDivided(by: step).adding(.one) }
            candidates = (count.numerator, { k throws(TemplateError) in
                try exact(line) { () throws(RationalError) in try low.adding(step.multiplied(by: Rational(k))) }
            })
        }
        let free = slots.filter { pins[$0] == nil }
        guard candidates.count >= slots.count else { return false }
        for slot in slots { if let pinned = pins[slot] { values[slot] = pinned } }
        if slots.count == 1, free.count == 1 {
            values[free[0]] = try candidates.at(generator.int(in: 0..<candidates.count))
            return true
        }
        // Several free slots: distinct indices, rejecting those that hit a pinned value.
        let taken = Set(slots.compactMap { pins[$0] })
        var chosen = Set<Int>()
        for slot in free {
            var attempts = 0
            repeat {
                let index = generator.int(in: 0..<candidates.count)
                let candidate = try candidates.at(index)
                if !chosen.contains(index) && !taken.contains(candidate) {
                    chosen.insert(index)
                    values[slot] = candidate
                    break
                }
                attempts += 1
            } while attempts < 64
            if attempts == 64 { return false }
        }
        return true
    }
}
