/// The number of triples of each entity of a view (its degree), sorted by entity id: two
/// arrays, 16 bytes an entity, looked up by binary search.
///
/// A view of a whole store chooses its nodes from these counts (``Store/chooseEntities(in:maxNodes:)``).
/// At 1,000,000 bench articles that is 1,601,447 entities: held in a dictionary, with the ids
/// sorted by degree through it, they took more time than SQLite took to count them.
///
/// ```swift
/// var table = DegreeTable()
/// table.add(sortedCounts: [(1, 2), (4, 1)])   // subjects
/// table.add(sortedCounts: [(4, 3), (9, 1)])   // objects
/// table[4]            // 4
/// table.byDegree()    // [4, 1, 9]
/// ```
struct DegreeTable {
    /// Entity ids, ascending.
    private(set) var ids: [Int64] = []
    /// The degree of the entity at the same index of ``ids``.
    private(set) var degrees: [Int] = []

    /// The number of entities.
    var count: Int { ids.count }

    /// The degree of `id`, nil when it is not in the table.
    subscript(id: Int64) -> Int? {
        guard let index = index(of: id) else { return nil }
        return degrees[index]
    }

    /// Whether `id` is in the table.
    func contains(_ id: Int64) -> Bool { index(of: id) != nil }

    private func index(of id: Int64) -> Int? {
        let low = ids.sortedIndex(of: id)
        return low < ids.count && ids[low] == id ? low : nil
    }

    /// Adds counts given in ascending order of id (each id once): merged with those held.
    mutating func add(sortedCounts counts: some Sequence<(id: Int64, count: Int)>) {
        var mergedIds: [Int64] = []
        var mergedDegrees: [Int] = []
        mergedIds.reserveCapacity(ids.count)
        mergedDegrees.reserveCapacity(ids.count)
        var index = 0
        for (id, count) in counts {
            while index < ids.count, ids[index] < id {
                mergedIds.append(ids[index])
                mergedDegrees.append(degrees[index])
                index += 1
            }
            if index < ids.count, ids[index] == id {
                mergedIds.append(id)
                mergedDegrees.append(degrees[index] + count)
                index += 1
            } else {
                mergedIds.append(id)
                mergedDegrees.append(count)
            }
        }
        mergedIds.append(contentsOf: ids[index...])
        mergedDegrees.append(contentsOf: degrees[index...])
        (ids, degrees) = (mergedIds, mergedDegrees)
    }

    /// A table of the ends of some triples: each id counted once for each time it is in `ends`
    /// (which may be in any order).
    init(ends: [Int64]) {
        let sorted = ends.sorted()
        var index = 0
        while index < sorted.count {
            var next = index + 1
            while next < sorted.count, sorted[next] == sorted[index] { next += 1 }
            ids.append(sorted[index])
            degrees.append(next - index)
            index = next
        }
    }

    init() {}

    /// The ids, busiest first (ties by ascending id).
    func byDegree() -> [Int64] {
        // One sort of plain integers: the degree, inverted, above the index.
        let keys = degrees.indices.map { index in (UInt64(UInt32.max - UInt32(clamping: degrees[index])) << 32) | UInt64(index) }
        return keys.sorted().map { ids[Int($0 & 0xFFFF_FFFF)] }
    }
}

extension Array where Element: Comparable {
    /// Whether the array, sorted in ascending order, holds `element` (a binary search).
    func sortedContains(_ element: Element) -> Bool {
        let low = sortedIndex(of: element)
        return low < count && self[low] == element
    }

    /// The first index of the array, sorted in ascending order, whose element is not less than
    /// `element` (`count` when there is none).
    func sortedIndex(of element: Element) -> Int {
        var (low, high) = (0, count)
        while low < high {
            let middle = (low + high) / 2
            if self[middle] < element { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
