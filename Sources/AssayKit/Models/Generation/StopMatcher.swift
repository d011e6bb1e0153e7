/// Finds the first stop string in generated text, looking only at the part that could have
/// changed since the last check (a stop string may span several tokens).
public struct StopMatcher: Sendable {
    public let stops: [String]
    private let longest: Int

    public init(_ stops: [String]) {
        self.stops = stops.filter { !$0.isEmpty }
        self.longest = self.stops.map { $0.utf8.count }.max() ?? 0
    }

    /// The byte offset where the earliest stop string starts in `bytes`, considering only
    /// matches that end after `checkedUpTo` (earlier ones were already ruled out).
    public func firstMatch(in bytes: [UInt8], checkedUpTo: Int) -> Int? {
        guard longest > 0 else { return nil }
        let from = max(0, checkedUpTo - longest + 1)
        var best: Int?
        for stop in stops {
            let needle = Array(stop.utf8)
            guard needle.count <= bytes.count else { continue }
            var start = from
            while start + needle.count <= bytes.count {
                if bytes[start] == needle[0] && bytes[start..<(start + needle.count)].elementsEqual(needle) {
                    if best == nil || start < best! { best = start }
                    break
                }
                start += 1
            }
        }
        return best
    }
}
