import Testing
@testable import AssayKit

@Suite struct TemplateRationalTests {
    private func r(_ n: Int, _ d: Int = 1) throws -> Rational { try Rational(n, d) }

    @Test func normalizesSignAndLowestTerms() throws {
        let x = try r(6, -8)
        #expect(x.numerator == -3 && x.denominator == 4)
        #expect(try r(0, -5) == Rational.zero)
        #expect(try r(0, -5).denominator == 1)
        #expect(throws: RationalError.divisionByZero) { try Rational(1, 0) }
    }

    @Test func arithmeticMatchesHandComputedValues() throws {
        // 1/6 + 1/4 = 2/12 + 3/12 = 5/12
        #expect(try r(1, 6).adding(r(1, 4)) == r(5, 12))
        // 3/4 - 5/6 = 9/12 - 10/12 = -1/12
        #expect(try r(3, 4).subtracting(r(5, 6)) == r(-1, 12))
        // 14/15 * 25/28 = 350/420 = 5/6
        #expect(try r(14, 15).multiplied(by: r(25, 28)) == r(5, 6))
        // (2/3) / (-4/9) = 18/-12 = -3/2
        #expect(try r(2, 3).divided(by: r(-4, 9)) == r(-3, 2))
        #expect(throws: RationalError.divisionByZero) { try r(1).divided(by: .zero) }
    }

    @Test func floorDivisionAndModuloFollowFloorSemantics() throws {
        #expect(try r(7).floorDivided(by: r(2)) == r(3))
        #expect(try r(-7).floorDivided(by: r(2)) == r(-4))
        #expect(try r(-7).modulo(r(3)) == r(2))     // -7 = 3·(-3) + 2
        #expect(try r(7).modulo(r(-3)) == r(-2))    // 7 = -3·(-3) - 2
        #expect(try r(7, 2).modulo(r(1)) == r(1, 2))
        #expect(try r(-5, 2).floor() == r(-3))
        #expect(try r(-5, 2).ceiling() == r(-2))
    }

    @Test func roundingIsHalfAwayFromZero() throws {
        #expect(try r(5, 2).rounded(places: 0) == r(3))
        #expect(try r(-5, 2).rounded(places: 0) == r(-3))
        #expect(try r(2, 3).rounded(places: 2) == r(67, 100))
        #expect(try r(1, 8).rounded(places: 2) == r(13, 100))   // 0.125 → 0.13
    }

    @Test func comparisonUsesCrossProductsWithoutOverflow() throws {
        #expect(try r(1, 3) < r(1, 2))
        #expect(try r(-1, 2) < r(-1, 3))
        let big = try r(Int.max - 1, Int.max)
        #expect(big < Rational.one)
        #expect(!(Rational.one < big))
    }

    @Test func overflowIsAnErrorNotATrap() throws {
        let huge = Rational(Int.max / 2 + 1)
        #expect(throws: RationalError.self) { try huge.adding(huge) }
        #expect(throws: RationalError.self) { try huge.multiplied(by: Rational(3)) }
        #expect(throws: RationalError.self) { try Rational(decimal: "99999999999999999999") }
        // Cross-reduction keeps this within range: (2^62 / 3) * (3 / 2^61) = 2.
        #expect(try r(1 << 62, 3).multiplied(by: r(3, 1 << 61)) == r(2))
    }

    @Test func canonicalTextIsIntegerDecimalOrFraction() throws {
        #expect(Rational(42).canonical == "42")
        #expect(try r(-13, 4).canonical == "-3.25")
        #expect(try r(1, 8).canonical == "0.125")
        #expect(try r(-1, 40).canonical == "-0.025")
        #expect(try r(7, 3).canonical == "7/3")
        #expect(try r(-1, 6).canonical == "-1/6")
        #expect(try r(9, 2).fixed(places: 2) == "4.50")
        #expect(try r(-1, 3).fixed(places: 3) == "-0.333")
        #expect(try r(5, 2).fixed(places: 0) == "3")
    }

    @Test func parsingReadsWhatFormattingPrints() throws {
        #expect(try Rational(decimal: "0.1").adding(Rational(decimal: "0.2")) == Rational(decimal: "0.3"))
        #expect(try Rational(parsing: "-3.25") == r(-13, 4))
        #expect(try Rational(parsing: "7/3") == r(7, 3))
        #expect(try Rational(parsing: "4.50") == r(9, 2))
        #expect(throws: RationalError.notANumber("1e5")) { try Rational(parsing: "1e5") }
        #expect(throws: RationalError.self) { try Rational(parsing: "1/2/3") }
    }
}
