import Foundation

/// The texts an audit scores: the benchmark items, their fresh twins (the reference
/// population), and a natural perturbation of each (for the difference-in-differences test).
///
/// The text of an item is what the overlap engine matches too: the question, each choice and
/// the answer, one per line (`OverlapIndex.text(of:)`).
public struct AuditPopulation: Sendable {
    /// One text to score, keyed by role and item id.
    public struct Entry: Sendable, Hashable {
        public var key: String
        public var text: String
    }

    public var items: [BenchmarkItem]
    public var twins: [BenchmarkItem]
    /// Perturbed versions, by the id of the item or twin they perturb.
    public var perturbedItems: [String: BenchmarkItem]
    public var perturbedTwins: [String: BenchmarkItem]
    /// Items for which no twin could be made (only when twins are built).
    public var itemsWithoutTwin: Int

    /// The natural perturbations tried in order for the gaps: answer-preserving rewrites that
    /// read as naturally as the original (never character noise, which lowers likelihood by
    /// itself).
    public static let perturbationChain: [[PerturbationKind]] = [
        [.resampleNumbers], [.rename(.all), .shuffleOptions], [.paraphrase],
    ]

    /// Builds twins with `TwinBuilder` unless `twins` are given, and perturbs items and twins.
    public init(items: [BenchmarkItem], twins given: [BenchmarkItem]?, seed: UInt64) throws {
        self.items = items
        if let given {
            twins = given
            itemsWithoutTwin = 0
        } else {
            let builder = try TwinBuilder(seed: seed)
            let built = items.enumerated().compactMap { builder.twin(of: $0.element, index: $0.offset)?.item }
            twins = built
            itemsWithoutTwin = items.count - built.count
        }
        // A different seed stream than the twins', so a perturbation is not the twin itself.
        let perturbers = try Self.perturbationChain.map { try Perturber(kinds: $0, seed: seed &+ 0x9E37_79B9) }
        perturbedItems = Self.perturb(items, with: perturbers)
        perturbedTwins = Self.perturb(twins, with: perturbers)
    }

    /// The first perturbation of the chain that changes the item's text, per item.
    static func perturb(_ items: [BenchmarkItem], with perturbers: [Perturber]) -> [String: BenchmarkItem] {
        var result: [String: BenchmarkItem] = [:]
        for (index, item) in items.enumerated() {
            let text = OverlapIndex.text(of: item)
            for perturber in perturbers {
                if let changed = perturber.perturb(item, index: index), OverlapIndex.text(of: changed) != text {
                    result[item.id] = changed
                    break
                }
            }
        }
        return result
    }

    /// Every text to score, in a fixed order: items, twins, then the perturbed versions
    /// (keyed by the id of the item they perturb).
    public var entries: [Entry] {
        func entries(_ role: String, _ list: [BenchmarkItem], _ perturbed: [String: BenchmarkItem]?) -> [Entry] {
            list.compactMap { item in
                let source = perturbed == nil ? item : perturbed?[item.id]
                return source.map { Entry(key: Self.key(role, item.id), text: OverlapIndex.text(of: $0)) }
            }
        }
        return entries("item", items, nil) + entries("twin", twins, nil)
            + entries("item~", items, perturbedItems) + entries("twin~", twins, perturbedTwins)
    }

    /// The key of a text: role ("item", "twin", "item~", "twin~") and the id.
    public static func key(_ role: String, _ id: String) -> String { role + ":" + id }
}
