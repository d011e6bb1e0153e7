import Foundation

/// Parses the right-hand side of a `var` line:
/// `int LOW..HIGH [step S]`, `decimal LOW..HIGH places P [step S]`, `one of A, B, C`,
/// `pick LEXICON`. Bounds are expressions over `level` and earlier variables.
struct TemplateDistributionParser {
    let location: SourceLocation
    let lexiconFolder: URL?
    let variables: [Variable]

    /// An expression parser that knows the numeric variables declared so far.
    static func expressionParser(_ text: Substring, at location: SourceLocation, variables: [Variable]) throws(TemplateError) -> ExpressionParser {
        var slots: [String: Int] = [:]
        var texts = Set<String>()
        for (slot, variable) in variables.enumerated() {
            if variable.entries == nil { slots[variable.name] = slot } else { texts.insert(variable.name) }
        }
        return try ExpressionParser(text, at: location, slots: slots, textVariables: texts)
    }

    mutating func parse(_ text: Substring) throws -> (Distribution, Variable.Kind) {
        let word = text.prefix { $0.isLetter }
        let rest = text.dropFirst(word.count).drop { $0 == " " }
        var restAt = location
        restAt.column += text.count - rest.count
        switch word {
        case "pick":
            return try pick(rest, at: restAt)
        case "one":
            guard rest.hasPrefix("of ") else { throw location.error(at: word.count, "expected 'one of A, B, C'") }
            let listText = rest.dropFirst(3)
            var listAt = restAt
            listAt.column += 3
            var parser = try Self.expressionParser(listText, at: listAt, variables: variables)
            var values: [ExpressionNode] = []
            repeat { values.append(try parser.parseExpression()) } while parser.consume(symbol: ",")
            try parser.expectEnd()
            return (.oneOf(values), .number(places: nil))
        case "int", "decimal":
            var parser = try Self.expressionParser(rest, at: restAt, variables: variables)
            let low = try parser.parseExpression()
            guard parser.consume(symbol: "..") else { throw parser.error("expected '..' between the bounds (e.g. 'int 2..20')") }
            let high = try parser.parseExpression()
            var places: Int?
            if word == "decimal" {
                guard parser.consume(word: "places") else { throw parser.error("expected 'places P' after a decimal range") }
                let placesOffset = parser.offset
                guard case .constant(let p) = try parser.parseExpression(), p.isInteger, (1...6).contains(p.numerator) else {
                    throw restAt.error(at: placesOffset, "places must be a whole number 1...6")
                }
                places = p.numerator
            }
            var step = ExpressionNode.constant(.one)
            if let places { step = .constant(try Rational(1, Self.power(of: 10, places))) }
            if parser.consume(word: "step") { step = try parser.parseExpression() }
            try parser.expectEnd()
            if word == "int" { return (.integer(low: low, high: high, step: step), .number(places: nil)) }
            return (.decimal(low: low, high: high, step: step), .number(places: places))
        default:
            throw location.error(at: 0, "expected a distribution: 'int LOW..HIGH', 'decimal LOW..HIGH places P', 'one of A, B', or 'pick LEXICON'")
        }
    }

    private func pick(_ rest: Substring, at: SourceLocation) throws -> (Distribution, Variable.Kind) {
        let name = rest.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty, name.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" }) else {
            throw at.error(at: 0, "expected a lexicon name after 'pick' (a file in Corpora/lexicons without .txt)")
        }
        let lexicon: Lexicon
        do { lexicon = try Lexicon.load(name, from: lexiconFolder) } catch {
            throw at.error(at: 0, "cannot load lexicon '\(name)': \(error)")
        }
        if let problem = lexicon.fieldProblem { throw at.error(at: 0, problem) }
        let entries = lexicon.fieldRows
        return (.pick(count: entries.count), .entry(lexicon: name, entries: entries))
    }

    private static func power(of base: Int, _ exponent: Int) -> Int {
        (0..<exponent).reduce(1) { value, _ in value * base }
    }
}
