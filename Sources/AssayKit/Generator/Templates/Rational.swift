/// An exact fraction of two `Int`s, always in lowest terms with a positive denominator.
///
/// The template language computes with `Rational` only, never with `Double`, so an answer such
/// as 0.1 + 0.2 is exactly 0.3 on every machine. Every operation checks for overflow and throws
/// `RationalError` instead of wrapping or trapping. `Int.min` is never a component (it has no
/// negation), so it counts as an overflow too.
public struct Rational: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// The numerator; carries the sign.
    public let numerator: Int
    /// The denominator; always positive.
    public let denominator: Int

    public static let zero = Rational(0)
    public static let one = Rational(1)

    /// The integer `value` (which must not be `Int.min`).
    public init(_ value: Int) {
        precondition(value != .min, "Int.min is outside Rational's range")
        numerator = value
        denominator = 1
    }

    /// The fraction `numerator / denominator`, reduced.
    public init(_ numerator: Int, _ denominator: Int) throws(RationalError) {
        guard denominator != 0 else { throw .divisionByZero }
        guard numerator != .min, denominator != .min else { throw .overflow("\(numerator)/\(denominator)") }
        let g = Rational.gcd(numerator, denominator)
        let sign = denominator < 0 ? -1 : 1
        self.numerator = sign * numerator / g
        self.denominator = sign * denominator / g
    }

    private init(reduced numerator: Int, _ denominator: Int) {
        self.numerator = numerator
        self.denominator = denominator
    }

    /// Parses an integer or decimal literal such as `42`, `-3`, `0.25` (no exponent).
    public init(decimal text: String) throws(RationalError) {
        var digits = Substring(text)
        let negative = digits.first == "-"
        if negative { digits = digits.dropFirst() }
        let parts = digits.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            throw .notANumber(text)
        }
        var value = Rational.zero
        var scale = 1
        for character in parts.joined() {
            value = try value.multiplied(by: Rational(10)).adding(Rational(Int(String(character))!))
        }
        for _ in 0..<(parts.count == 2 ? parts[1].count : 0) {
            scale = try Rational.checked(scale.multipliedReportingOverflow(by: 10), "10^\(parts[1].count)")
        }
        value = try value.divided(by: Rational(scale))
        self = negative ? try value.negated() : value
    }

    public var isInteger: Bool { denominator == 1 }
    public var isZero: Bool { numerator == 0 }
    public var description: String { canonical }

    // MARK: Arithmetic

    public func negated() throws(RationalError) -> Rational {
        Rational(reduced: -numerator, denominator)   // numerator is never Int.min
    }

    public func adding(_ other: Rational) throws(RationalError) -> Rational {
        let g = Rational.gcd(denominator, other.denominator)
        let left = try Rational.multiply(numerator, other.denominator / g, "+")
        let right = try Rational.multiply(other.numerator, denominator / g, "+")
        let sum = try Rational.checked(left.addingReportingOverflow(right), "+")
        return try Rational(sum, Rational.multiply(denominator, other.denominator / g, "+"))
    }

    public func subtracting(_ other: Rational) throws(RationalError) -> Rational {
        try adding(other.negated())
    }

    public func multiplied(by other: Rational) throws(RationalError) -> Rational {
        // Cross-reduce first so intermediate products stay as small as possible.
        let g1 = Rational.gcd(numerator, other.denominator)
        let g2 = Rational.gcd(other.numerator, denominator)
        let n = try Rational.multiply(numerator / g1, other.numerator / g2, "*")
        let d = try Rational.multiply(denominator / g2, other.denominator / g1, "*")
        return Rational(reduced: n, d)
    }

    public func divided(by other: Rational) throws(RationalError) -> Rational {
        guard !other.isZero else { throw .divisionByZero }
        let sign = other.numerator < 0 ? -1 : 1
        return try multiplied(by: Rational(reduced: sign * other.denominator, sign * other.numerator))
    }

    /// The greatest integer not above `self`.
    public func floor() -> Rational {
        var q = numerator / denominator
        if numerator % denominator != 0 && numerator < 0 { q -= 1 }
        return Rational(q)
    }

    /// The least integer not below `self`.
    public func ceiling() throws(RationalError) -> Rational {
        try negated().floor().negated()
    }

    /// `floor(self / other)`, as Python's `//`.
    public func floorDivided(by other: Rational) throws(RationalError) -> Rational {
        try divided(by: other).floor()
    }

    /// `self - other * floor(self / other)`: the result has the sign of `other`, as Python's `%`.
    public func modulo(_ other: Rational) throws(RationalError) -> Rational {
        try subtracting(other.multiplied(by: floorDivided(by: other)))
    }

    /// Rounds to `places` decimal places, halves away from zero (2.5 → 3, -2.5 → -3).
    public func rounded(places: Int) throws(RationalError) -> Rational {
        guard (0...18).contains(places) else { throw .badArgument("round to \(places) places") }
        var scale = 1
        for _ in 0..<places { scale *= 10 }
        let scaled = try multiplied(by: Rational(scale))
        let magnitude = Rational(reduced: Swift.abs(scaled.numerator), scaled.denominator)
        let half = try Rational(1, 2)
        var whole = try magnitude.adding(half).floor()
        if scaled.numerator < 0 { whole = try whole.negated() }
        return try whole.divided(by: Rational(scale))
    }

    public func absolute() -> Rational {
        Rational(reduced: Swift.abs(numerator), denominator)
    }

    public static func < (lhs: Rational, rhs: Rational) -> Bool {
        // a/b < c/d ⇔ a·d < c·b (both denominators positive); widen to avoid overflow.
        let left = lhs.numerator.multipliedFullWidth(by: rhs.denominator)
        let right = rhs.numerator.multipliedFullWidth(by: lhs.denominator)
        return (left.high, left.low) < (right.high, right.low)
    }

    // MARK: Helpers

    /// The non-negative greatest common divisor (gcd(0, 0) = 1 so reductions never divide by 0).
    static func gcd(_ a: Int, _ b: Int) -> Int {
        var (x, y) = (a.magnitude, b.magnitude)
        while y != 0 { (x, y) = (y, x % y) }
        return x == 0 ? 1 : Int(x)
    }

    static func multiply(_ a: Int, _ b: Int, _ operation: String) throws(RationalError) -> Int {
        try checked(a.multipliedReportingOverflow(by: b), operation)
    }

    static func checked(_ result: (partialValue: Int, overflow: Bool), _ operation: String) throws(RationalError) -> Int {
        guard !result.overflow, result.partialValue != .min else { throw .overflow(operation) }
        return result.partialValue
    }
}

/// Why an exact computation failed.
public enum RationalError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A numerator or denominator left the range of `Int`.
    case overflow(String)
    case divisionByZero
    /// A literal that is not a plain integer or decimal.
    case notANumber(String)
    /// A function argument outside its domain (e.g. `gcd` of a fraction).
    case badArgument(String)

    public var description: String {
        switch self {
        case .overflow(let operation): return "arithmetic overflow in '\(operation)' (numbers beyond 64-bit integers)"
        case .divisionByZero: return "division by zero"
        case .notANumber(let text): return "'\(text)' is not an integer or decimal number"
        case .badArgument(let reason): return "bad argument: \(reason)"
        }
    }
}
