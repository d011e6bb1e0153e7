/// Runs `transform` on every element with at most `limit` calls in flight and returns the
/// results in the elements' order; `progress` gets the number finished so far. The first error
/// cancels the calls still running and is rethrown.
public func concurrentMap<Element: Sendable, Result: Sendable>(
    _ elements: [Element], limit: Int, progress: (@Sendable (Int) -> Void)? = nil,
    _ transform: @escaping @Sendable (Element) async throws -> Result
) async throws -> [Result] {
    var results = [Result?](repeating: nil, count: elements.count)
    try await withThrowingTaskGroup(of: (Int, Result).self) { group in
        var next = 0
        var finished = 0
        while next < min(max(1, limit), elements.count) {
            let index = next, element = elements[index]
            group.addTask { (index, try await transform(element)) }
            next += 1
        }
        while let (index, result) = try await group.next() {
            results[index] = result
            finished += 1
            progress?(finished)
            if next < elements.count {
                let nextIndex = next, element = elements[nextIndex]
                group.addTask { (nextIndex, try await transform(element)) }
                next += 1
            }
        }
    }
    return results.map { $0! }
}
