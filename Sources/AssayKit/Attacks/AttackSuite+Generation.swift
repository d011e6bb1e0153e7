extension AttackSuite {
    /// Draws at most this many times for one item before giving up on a planted answer that
    /// keeps equalling the truth.
    static let maxDraws = 1000

    /// `count` fresh attacks drawn from `seed` alone: same seed, same items, and a smaller
    /// count gives a prefix of a larger one. The suite's random stream is a stable hash of
    /// its name, so suites run with one seed draw independently.
    public func generate(count: Int, seed: UInt64) throws -> [AttackItem] {
        var generator = SeededGenerator(seed: seed, stream: OverlapIndex.stableHash(name))
        return try (0..<count).map { index in try item(index: index, seed: seed, generator: &generator) }
    }

    private func item(index: Int, seed: UInt64, generator: inout SeededGenerator) throws -> AttackItem {
        for _ in 0..<Self.maxDraws {
            var values: [[String]] = []
            var numbers: [String: Rational] = [:]
            for slot in slots {
                let fields = try slot.draw(&generator, numbers: numbers, source: source)
                if slot.isNumeric { numbers[slot.name] = try? Rational(parsing: fields[0]) }
                values.append(fields)
            }
            let system = generator.pick(systems)?.render(values)
            let prompt = generator.pick(prompts)!.render(values)
            let target = goal.target.render(values)
            var truth: String?
            if case .answer(_, let truthPattern) = goal {
                truth = truthPattern.render(values)
                // A planted answer equal to the truth is no attack: draw again.
                if MatchableText(truth!, compact: true).scalars == MatchableText(target, compact: true).scalars { continue }
            }
            return AttackItem(id: "\(name)/\(seed)/\(index)", suite: name, category: category, language: language,
                              system: system, prompt: prompt, detector: detector, target: target, truth: truth)
        }
        throw AttackLibraryError.plantedEqualsTruth(suite: name, draws: Self.maxDraws)
    }
}
