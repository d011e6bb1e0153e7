/// Every item family Assay ships, by name ("boolean-expressions", "arithmetic-zh", ...).
public enum FamilyCatalog {
    /// All families, English first, then the Chinese variants.
    public static let all: [any ItemFamily] = [
        BooleanExpressionsFamily(),
        ArithmeticFamily(),
        DatesFamily(),
        ObjectCountingFamily(),
        WordSortingFamily(),
        LogicalDeductionFamily(),
        TrackingShuffledObjectsFamily(),
        NavigateFamily(),
        WebOfLiesFamily(),
        DyckLanguagesFamily(),
        NumberSequencesFamily(),
        BooleanExpressionsFamily(language: "zh"),
        ArithmeticFamily(language: "zh"),
        ObjectCountingFamily(language: "zh"),
    ]

    /// The family names, in catalog order.
    public static var names: [String] { all.map(\.name) }

    /// The family with this name.
    public static func family(named name: String) throws -> any ItemFamily {
        guard let family = all.first(where: { $0.name == name }) else {
            throw FamilyError.unknownFamily(name, known: names)
        }
        return family
    }

    /// One line per family: name, language, levels and summary (for `--list` outputs).
    public static func listing() -> String {
        let width = (names.map(\.count).max() ?? 0) + 2
        return all.map { family in
            let pad = String(repeating: " ", count: width - family.name.count)
            let knobs = family.knobs.map { "\($0.name) \($0.range.lowerBound)-\($0.range.upperBound)" }.joined(separator: ", ")
            return "\(family.name)\(pad)[\(family.language), levels \(family.levels.lowerBound)-\(family.levels.upperBound); "
                + "\(knobs)] \(family.summary)"
        }.joined(separator: "\n") + "\n"
    }
}
