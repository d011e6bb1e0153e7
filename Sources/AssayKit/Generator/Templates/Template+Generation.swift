/// Making items from a template.
extension Template {
    /// The most draws spent on one item before giving up (constraints never met, or every
    /// draw repeating a question already made).
    public static let maxDraws = 10_000

    /// Generates `count` items with distinct questions. The same template, seed, count, level
    /// and `multipleChoice` give the same items, byte for byte, on every machine; a smaller
    /// count gives a prefix of a larger one. `level` defaults to the lowest level.
    ///
    /// Ids are `<name>/<seed>/<index>`. Multiple-choice items list the answer and every
    /// `choice:` distractor (all distinct, or the draw is rejected) in a seeded order, with
    /// the answer's label as `answer`.
    public func generate(count: Int, seed: UInt64, level: Int? = nil, multipleChoice: Bool = false) throws(TemplateError) -> [BenchmarkItem] {
        let level = level ?? levels.lowerBound
        guard levels.contains(level) else { throw .levelOutOfRange(template: name, level: level, levels: levels) }
        if multipleChoice && distractors.isEmpty { throw .noDistractors(template: name) }
        var generator = randomSource(seed: seed)
        var sampler = TemplateSampler(template: self, level: level)
        var questions = Set<String>()
        var items: [BenchmarkItem] = []
        items.reserveCapacity(count)
        var totalDraws = 0
        while items.count < count {
            let id = "\(name)/\(seed)/\(items.count)"
            let made = try makeItem(id: id, seed: seed, sampler: &sampler, generator: &generator, multipleChoice: multipleChoice,
                                    draws: &totalDraws) { !questions.contains($0) }
            guard let item = made else {
                throw .spaceTooSmall(template: name, wanted: count, found: items.count, draws: totalDraws)
            }
            questions.insert(item.question)
            items.append(item)
        }
        return items
    }

    /// Draws until an item passes every constraint and `accept(question)`, within `maxDraws`.
    /// Returns nil when draws passed the constraints but none was accepted; throws
    /// `unsatisfiable` when no draw passed them at all.
    func makeItem(id: String, seed: UInt64, sampler: inout TemplateSampler, generator: inout SeededGenerator, multipleChoice: Bool,
                  draws: inout Int, accept: (String) -> Bool) throws(TemplateError) -> BenchmarkItem? {
        var passed = 0
        for _ in 0..<Template.maxDraws {
            draws += 1
            guard let values = try sampler.draw(using: &generator) else { continue }
            var choices: [String]?
            var answerText = try sampler.exact(answer.line) { () throws(RationalError) in try answer.node.evaluate(values).canonical }
            if multipleChoice {
                guard let options = try options(values, sampler: sampler, generator: &generator) else {
                    sampler.reject(Template.distinctChoicesLabel, line: distractors[0].line)
                    continue
                }
                choices = options.texts
                answerText = BenchmarkItem.labels(count: options.texts.count)[options.answerIndex]
            }
            passed += 1
            let question = try sampler.exact(self.question.line) { () throws(RationalError) in try self.question.render(values, variables: variables) }
            guard accept(question) else { continue }
            let solutionText = try solution.map { pattern throws(TemplateError) in
                try sampler.exact(pattern.line) { () throws(RationalError) in try pattern.render(values, variables: variables) }
            }
            return BenchmarkItem(id: id, benchmark: "templates", subset: language, question: question, choices: choices,
                                 answer: answerText, solution: solutionText,
                                 provenance: Provenance(source: "template", template: name, seed: seed, level: sampler.level))
        }
        if passed == 0, let worst = sampler.worstConstraint {
            throw .unsatisfiable(template: name, draws: Template.maxDraws, constraint: worst.label, line: worst.line, rejected: worst.count)
        }
        return nil
    }

    /// The generator for a seed: its stream is a stable hash (FNV-1a) of the template's name,
    /// so two templates run with the same seed do not draw the same names and numbers.
    func randomSource(seed: UInt64) -> SeededGenerator {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01B3 }
        return SeededGenerator(seed: seed, stream: hash)
    }

    static let distinctChoicesLabel = "choice: (answer and distractors must all differ)"

    /// The answer and distractors in a seeded order, or nil when two of them are equal.
    private func options(_ values: [Rational], sampler: TemplateSampler,
                         generator: inout SeededGenerator) throws(TemplateError) -> (texts: [String], answerIndex: Int)? {
        var numbers = [try sampler.evaluate(answer, values)]
        for distractor in distractors {
            let value = try sampler.evaluate(distractor, values)
            if numbers.contains(value) { return nil }
            numbers.append(value)
        }
        var order = Array(numbers.indices)
        generator.shuffle(&order)
        return (order.map { numbers[$0].canonical }, order.firstIndex(of: 0)!)
    }

}
