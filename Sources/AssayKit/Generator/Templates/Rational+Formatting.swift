/// How template numbers print, and how printed numbers read back (for matching items).
///
/// - `canonical`: an integer prints as an integer (`42`, `-3`); a fraction whose denominator has
///   no prime factor but 2 and 5 prints as its exact, finite decimal (`3.25`, `-0.125`); any
///   other fraction prints as `a/b` in lowest terms (`7/3`, `-1/6`).
/// - `fixed(places:)`: rounded half away from zero to exactly `places` decimals (`4.50`).
extension Rational {
    /// The canonical text of the value (see the type's documentation).
    public var canonical: String {
        if isInteger { return String(numerator) }
        if let decimal = try? exactDecimal() { return decimal }
        return "\(numerator)/\(denominator)"
    }

    /// The value rounded to `places` decimals and printed with exactly that many.
    public func fixed(places: Int) throws(RationalError) -> String {
        guard places > 0 else { return try String(rounded(places: 0).numerator) }
        let value = try rounded(places: places)
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = try value.multiplied(by: Rational(scale)).numerator   // an integer now
        return Rational.decimalText(scaled, places: places)
    }

    /// The finite decimal expansion, or nil when the denominator has another prime factor.
    func exactDecimal() throws(RationalError) -> String? {
        var rest = denominator
        var twos = 0
        var fives = 0
        while rest % 2 == 0 { rest /= 2; twos += 1 }
        while rest % 5 == 0 { rest /= 5; fives += 1 }
        guard rest == 1 else { return nil }
        let places = Swift.max(twos, fives)
        return try fixed(places: places)
    }

    /// `scaled / 10^places` as text with exactly `places` decimals.
    private static func decimalText(_ scaled: Int, places: Int) -> String {
        var digits = String(scaled.magnitude)
        if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
        let split = digits.index(digits.endIndex, offsetBy: -places)
        return (scaled < 0 ? "-" : "") + digits[..<split] + "." + digits[split...]
    }

    /// Reads an integer, a decimal or an `a/b` fraction, as `canonical` and `fixed` print them.
    public init(parsing text: String) throws(RationalError) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        switch parts.count {
        case 1:
            self = try Rational(decimal: text)
        case 2:
            let n = try Rational(decimal: String(parts[0]))
            let d = try Rational(decimal: String(parts[1]))
            guard n.isInteger, d.isInteger else { throw .notANumber(text) }
            self = try Rational(n.numerator, d.numerator)
        default:
            throw .notANumber(text)
        }
    }
}
