/// The lexicon-driven perturbations: consistent renaming, synonym substitution and inserted
/// distractor sentences. Chinese text is matched by characters, English by whole words.
extension Perturber {
    /// Every text of an item that can mention a name or object.
    private static func texts(of item: BenchmarkItem) -> [String] {
        [item.question, item.answer] + (item.choices ?? []) + [item.context, item.solution].compactMap { $0 }
    }

    /// Applies `transform` to every text field of the item (answer only when it is not a label).
    private static func mapTexts(_ item: inout BenchmarkItem, _ transform: (String) -> String) {
        item.question = transform(item.question)
        if !item.isMultipleChoice { item.answer = transform(item.answer) }
        item.choices = item.choices?.map(transform)
        item.context = item.context.map(transform)
        item.solution = item.solution.map(transform)
    }

    /// Replaces the people's names and/or objects found in the item by others from the lexicons
    /// that it does not mention, the same way in every field (answer and options included).
    func renameEntities(_ item: inout BenchmarkItem, scope: PerturbationKind.RenameScope, using rng: inout SeededGenerator) -> Bool {
        let all = Self.texts(of: item).joined(separator: "\n")
        let chinese = TextScript.isChinese(all)
        let lexicon = lexicons.language(chinese: chinese)
        var mapping: [String: String] = [:]
        var objectForms = Set<String>()                             // matched ignoring case
        var measures: [String: (old: String, new: String)] = [:]  // Chinese object -> measure words
        func present(_ phrase: String, caseInsensitive: Bool) -> Bool {
            !TextScript.occurrences(of: [phrase], in: all, caseInsensitive: caseInsensitive).isEmpty
        }
        if scope != .objects {
            let found = lexicon.names.filter { present($0, caseInsensitive: false) }
            var free = rng.shuffled(lexicon.names.filter { !found.contains($0) })
            for name in found where !free.isEmpty { mapping[name] = free.removeLast() }
        }
        if scope != .names {
            let found = lexicon.objects.filter { present($0.0, caseInsensitive: !chinese) || (!chinese && present($0.1, caseInsensitive: true)) }
            var free = rng.shuffled(lexicon.objects.filter { entry in !found.contains { $0.0 == entry.0 } })
            for object in found where !free.isEmpty {
                let new = free.removeLast()
                mapping[object.0] = new.0
                objectForms.insert(object.0)
                if chinese { measures[object.0] = (object.1, new.1) } else { mapping[object.1] = new.1; objectForms.insert(object.1) }
            }
        }
        guard !mapping.isEmpty else { return false }
        let keys = mapping.keys.sorted()
        Self.mapTexts(&item) { text in
            let matches = TextScript.occurrences(of: keys, in: text) { !chinese && objectForms.contains($0) }
            return TextScript.replacing(text, matches.map { match in
                var range = match.range
                let key = match.phrase
                var replacement = TextScript.matchingCase(mapping[key]!, like: text[match.range])
                if let measure = measures[key], text[..<range.lowerBound].hasSuffix(measure.old) {
                    range = text.index(range.lowerBound, offsetBy: -measure.old.count)..<range.upperBound
                    replacement = measure.new + replacement
                } else if !chinese, let article = Self.article(before: range.lowerBound, in: text) {
                    range = article.lowerBound..<range.upperBound
                    let an = "aeiouAEIOU".contains(replacement.first!)
                    let head = text[article].first!.isUppercase ? (an ? "An " : "A ") : (an ? "an " : "a ")
                    replacement = head + replacement
                }
                return (range, replacement)
            })
        }
        return true
    }

    /// The range of an "a " / "an " article right before `index`, if any.
    private static func article(before index: String.Index, in text: String) -> Range<String.Index>? {
        for candidate in ["an ", "a "] {
            guard text.distance(from: text.startIndex, to: index) >= candidate.count else { continue }
            let start = text.index(index, offsetBy: -candidate.count)
            guard text[start..<index].lowercased() == candidate else { continue }
            if start > text.startIndex, TextScript.isWordLetter(text[text.index(before: start)]) { continue }
            return start..<index
        }
        return nil
    }

    /// Replaces words and phrases of the question by synonyms from the same lexicon group,
    /// each found occurrence with probability 0.6 (at least one); answer words are left alone.
    func paraphrase(_ item: inout BenchmarkItem, using rng: inout SeededGenerator) -> Bool {
        let chinese = TextScript.isChinese(item.question)
        let protected = Self.protectedTokens(of: item)
        var groupOf: [String: [String]] = [:]
        for group in lexicons.language(chinese: chinese).synonymGroups {
            for phrase in group where groupOf[phrase.lowercased()] == nil
                && TextScript.protectedTokens([phrase]).isDisjoint(with: protected) {
                groupOf[phrase.lowercased()] = group
            }
        }
        let matches = TextScript.occurrences(of: groupOf.keys.sorted(), in: item.question, caseInsensitive: !chinese)
        guard !matches.isEmpty else { return false }
        var chosen = matches.filter { _ in rng.chance(0.6) }
        if chosen.isEmpty { chosen = [matches[0]] }
        let question = item.question
        item.question = TextScript.replacing(question, chosen.map { match in
            let options = groupOf[match.phrase]!.filter { $0.lowercased() != match.phrase }
            return (match.range, TextScript.matchingCase(rng.pick(options)!, like: question[match.range]))
        })
        return true
    }

    /// Inserts an irrelevant sentence before the question's last sentence (or at the start
    /// when it has one sentence), about a person the item mentions when there is one.
    func insertDistractor(_ item: inout BenchmarkItem, using rng: inout SeededGenerator) -> Bool {
        let chinese = TextScript.isChinese(item.question)
        let lexicon = lexicons.language(chinese: chinese)
        guard var sentence = rng.pick(lexicon.distractors), let object = rng.pick(lexicon.objects) else { return false }
        let mentioned = TextScript.occurrences(of: lexicon.names, in: item.question, caseInsensitive: false).first?.phrase
        guard let name = mentioned ?? rng.pick(lexicon.names) else { return false }
        sentence = sentence.replacingOccurrences(of: "{name}", with: name)
            .replacingOccurrences(of: "{objects}", with: object.1)
            .replacingOccurrences(of: "{object}", with: object.0)
        let question = Array(item.question)
        var insertAt = 0
        for i in question.indices.dropLast() {
            let ends = chinese ? "。？！".contains(question[i]) : ".?!".contains(question[i]) && question[i + 1] == " "
            if ends { insertAt = i + (chinese ? 1 : 2) }
        }
        let separator = chinese ? "" : " "
        item.question = String(question[..<insertAt]) + sentence + separator + String(question[insertAt...])
        return true
    }
}
