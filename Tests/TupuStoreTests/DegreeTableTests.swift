import Foundation
import GRDB
import Testing
import TupuExtract
import TupuIngest
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

/// What a view of the store counts for each entity (``Store/degrees(in:)``) is what the whole
/// graph holds for the same scope: every way of reading them (the two indexes merged, the
/// entities of some kinds, the triples of some documents), with and without predicates,
/// literal objects included.
@Test func theDegreesOfAViewAreThoseOfTheGraph() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let folder = root.appendingPathComponent("Tests/Fixtures/articles")
    let paths = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".txt") }.sorted()
        .map { folder.appendingPathComponent($0).path } + [root.appendingPathComponent("seeds/000_74a9a881fb5bd59e.txt").path]
    let store = try Store.inMemory()
    let extractor = Extractor(rules: try RuleSet.load())
    // As files are ingested: events named as instances, `instance_of` their series' name (a literal).
    _ = try store.ingest(files: paths) { extractor.extract($0) }
    let graph = try store.snapshot()
    let kinds = Dictionary(uniqueKeysWithValues: graph.nodes.map { ($0.id, $0.kind) })
    #expect(graph.edges.contains { $0.literal != nil && kinds[$0.subject] == .event })
    let documentIds = Dictionary(uniqueKeysWithValues: try store.read { db in
        try Row.fetchAll(db, sql: "SELECT path, id FROM document").map { ($0[0] as String, $0[1] as Int64) }
    })
    let someDocuments = Set(documentIds.values.sorted().enumerated().filter { $0.offset % 3 == 0 }.map(\.element))
    var checked = 0
    for predicates: Set<Predicate>? in [nil, [.attended, .heldOn], [.holdsRole]] {
        for entityKinds: Set<EntityKind> in [[], [.event], [.person, .event, .role]] {
            for documents: Set<Int64>? in [nil, someDocuments] {
                var expected: [Int64: Int] = [:]
                for edge in graph.edges {
                    if let predicates, !predicates.contains(edge.predicate) { continue }
                    if !entityKinds.isEmpty {
                        guard let subject = kinds[edge.subject], entityKinds.contains(subject) else { continue }
                        if let object = edge.object, let kind = kinds[object], !entityKinds.contains(kind) { continue }
                    }
                    if let documents, !edge.evidence.contains(where: { documents.contains(documentIds[$0.document] ?? -1) }) { continue }
                    expected[edge.subject, default: 0] += 1
                    if let object = edge.object { expected[object, default: 0] += 1 }
                }
                let scope = Store.TripleScope(predicates: predicates, documents: documents, kinds: entityKinds)
                let table = try store.degrees(in: scope)
                #expect(table.ids == expected.keys.sorted(), "\(String(describing: predicates)) \(entityKinds) \(documents != nil)")
                #expect(table.ids.map { table[$0] } == expected.keys.sorted().map { expected[$0] })
                checked += expected.count
            }
        }
    }
    #expect(checked > 500)
}
