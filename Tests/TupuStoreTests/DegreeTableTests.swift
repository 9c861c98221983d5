import Testing
import TupuModel
@testable import TupuStore

/// The degrees of a view's entities, as a dictionary counts them: from counts by side merged
/// (ids on one side only, on both, none at all), from the ends of triples in any order, and
/// the busiest first with ties by id.
@Test func aDegreeTableCountsAsADictionaryCounts() {
    var random = SplitMix64(seed: 5)
    for round in 0..<40 {
        var expected: [Int64: Int] = [:]
        var table = DegreeTable()
        var ends: [Int64] = []
        for _ in 0..<(round % 4) {
            // One side: some ids, each with a count, in ascending order.
            var side: [Int64: Int] = [:]
            for _ in 0..<Int(random.next() % 30) { side[Int64(random.next() % 50), default: 0] += Int(random.next() % 3) + 1 }
            table.add(sortedCounts: side.keys.sorted().map { (id: $0, count: side[$0] ?? 0) })
            for (id, count) in side {
                expected[id, default: 0] += count
                ends += Array(repeating: id, count: count)
            }
        }
        ends.shuffle(using: &random)
        let fromEnds = DegreeTable(ends: ends)
        for candidate in [table, fromEnds] {
            #expect(candidate.count == expected.count)
            #expect(candidate.ids == expected.keys.sorted())
            for id in Int64(-1)...50 {
                #expect(candidate[id] == expected[id])
                #expect(candidate.contains(id) == (expected[id] != nil))
            }
            let busiest = expected.keys.sorted { a, b in expected[a] != expected[b] ? expected[a] ?? 0 > expected[b] ?? 0 : a < b }
            #expect(candidate.byDegree() == busiest)
        }
    }
}

@Test func aSortedArrayIsSearchedByHalves() {
    let sorted: [Int64] = [2, 4, 4, 9]
    #expect([Int64]().sortedContains(1) == false)
    #expect(sorted.sortedIndex(of: 1) == 0)
    #expect(sorted.sortedIndex(of: 4) == 1)
    #expect(sorted.sortedIndex(of: 5) == 3)
    #expect(sorted.sortedIndex(of: 10) == 4)
    #expect([1, 2, 3, 4, 5, 9, 10].map(sorted.sortedContains) == [false, true, false, true, false, true, false])
}
