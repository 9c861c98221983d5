import GRDB
import Testing
import TupuModel
@testable import TupuStore

/// The rule of ``Store/shortestPath(from:to:maxDepth:)`` written plainly, with a statement per
/// entity and dictionaries: each step expands the smaller frontier; its entities' links (by
/// subject in the order of predicate, object and id, then by object in the order of subject and
/// id) are read in parts: slices of 500 entities in id order with at most `linkBound` links
/// each, then slices of the entities that had more, with the rest of their links. The first part
/// with a link to the other side ends the search with its smallest such triple; otherwise each
/// entity reached for the first time keeps the triple of the earliest part, then the smallest id.
private func referenceShortestPath(_ store: Store, from: Int64, to: Int64, maxDepth: Int, linkBound: Int) throws -> [Int64]? {
    if from == to { return [] }
    return try store.writer.read { db in
        func links(_ entity: Int64) throws -> [(triple: Int64, there: Int64)] {
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, objectId FROM triple WHERE subjectId = ? AND objectId IS NOT NULL ORDER BY predicateId, objectId, id
                """, arguments: [entity])
                + Row.fetchAll(db, sql: "SELECT id, subjectId FROM triple WHERE objectId = ? ORDER BY subjectId, id", arguments: [entity])
            return rows.map { ($0[0], $0[1]) }
        }
        var forward: [Int64: (triple: Int64, previous: Int64)?] = [from: nil]
        var backward: [Int64: (triple: Int64, previous: Int64)?] = [to: nil]
        var forwardFrontier: [Int64] = [from]
        var backwardFrontier: [Int64] = [to]
        for _ in 0..<maxDepth {
            let expandForward = forwardFrontier.count <= backwardFrontier.count
            let frontier = (expandForward ? forwardFrontier : backwardFrontier).sorted()
            guard !frontier.isEmpty else { return nil }
            var parts: [[(triple: Int64, here: Int64, there: Int64)]] = []
            var longer: [Int64] = []
            for chunk in Store.chunks(frontier) {
                var part: [(triple: Int64, here: Int64, there: Int64)] = []
                for here in chunk {
                    let all = try links(here)
                    if all.count > linkBound { longer.append(here) }
                    part += all.prefix(linkBound).map { ($0.triple, here, $0.there) }
                }
                parts.append(part)
            }
            for chunk in Store.chunks(longer) {
                var part: [(triple: Int64, here: Int64, there: Int64)] = []
                for here in chunk { part += try links(here).dropFirst(linkBound).map { ($0.triple, here, $0.there) } }
                parts.append(part)
            }
            let otherSide = expandForward ? backward : forward
            var reached = expandForward ? forward : backward
            var next: [Int64] = []
            var meeting: Int64?
            for part in parts {
                let meets = part.filter { otherSide[$0.there] != nil }
                if let first = meets.min(by: { $0.triple < $1.triple }) {
                    reached[first.there] = (first.triple, first.here)
                    meeting = first.there
                    break
                }
            }
            if meeting == nil {
                for part in parts {
                    for link in part.sorted(by: { $0.triple < $1.triple }) where reached[link.there] == nil {
                        reached[link.there] = (link.triple, link.here)
                        next.append(link.there)
                    }
                }
            }
            if expandForward { forward = reached } else { backward = reached }
            if let meeting {
                var chain: [Int64] = []
                var node = meeting
                while let step = forward[node], let link = step {
                    chain.insert(link.triple, at: 0)
                    node = link.previous
                }
                node = meeting
                while let step = backward[node], let link = step {
                    chain.append(link.triple)
                    node = link.previous
                }
                return chain
            }
            if expandForward { forwardFrontier = next } else { backwardFrontier = next }
        }
        return nil
    }
}

/// A store of `entities` entities and random links between them (many chains of equal length,
/// self-links, literal objects, hubs with over 500 neighbours so frontiers span several slices).
private func randomGraph(seed: UInt64, entities: Int, triples: Int) throws -> Store {
    let store = try Store.inMemory()
    var random = SplitMix64(seed: seed)
    let predicates: [Predicate] = [.attended, .metWith, .heldIn, .visited, .holdsRole]
    try store.writer.write { db in
        for id in 1...entities {
            try db.execute(sql: "INSERT INTO entity (id, kind, name) VALUES (?, 'person', ?)", arguments: [id, "e\(id)"])
        }
        var seen = Set<String>()
        for _ in 0..<triples {
            // Hubs: entities 1...3 take a large share of the links.
            let hub = Int.random(in: 0..<10, using: &random) < 3
            let subject = hub ? Int.random(in: 1...3, using: &random) : Int.random(in: 1...entities, using: &random)
            let object = Int.random(in: 1...entities, using: &random)
            let predicate = predicates[Int.random(in: 0..<predicates.count, using: &random)]
            let literal = Int.random(in: 0..<20, using: &random) == 0
            guard seen.insert("\(subject) \(predicate) \(literal ? -1 : object)").inserted else { continue }
            if literal {
                try db.execute(sql: "INSERT INTO triple (subjectId, predicateId, objectLiteral) VALUES (?, ?, 'x')", arguments: [subject, PredicateCode.code(predicate)])
            } else {
                try db.execute(sql: "INSERT INTO triple (subjectId, predicateId, objectId) VALUES (?, ?, ?)", arguments: [subject, PredicateCode.code(predicate), object])
            }
        }
    }
    return store
}

/// The search chooses the chain its rule (``referenceShortestPath``) chooses for every pair,
/// among the many equally short ones of a random graph (and finds none where that finds none),
/// with the store's bound on the links of the first round and with bounds that most entities
/// pass.
@Test(arguments: [(UInt64(1), 60, 90), (2, 400, 700), (3, 1500, 4000)], [Store.pathLinkBound, 2, 7])
func shortestPathsAreTheChainsOfTheRule(graph: (seed: UInt64, entities: Int, triples: Int), linkBound: Int) throws {
    let (seed, entities, triples) = graph
    let store = try randomGraph(seed: seed, entities: entities, triples: triples)
    var random = SplitMix64(seed: seed &+ 100)
    var found = 0
    for _ in 0..<150 {
        let from = Int64.random(in: 1...Int64(entities), using: &random)
        let to = Int64.random(in: 1...Int64(entities), using: &random)
        for depth in [2, 4] {
            let chain = try store.shortestPath(from: from, to: to, maxDepth: depth, linkBound: linkBound)
            let expected = try referenceShortestPath(store, from: from, to: to, maxDepth: depth, linkBound: linkBound)
            #expect(chain == expected, "\(from) → \(to), depth \(depth), bound \(linkBound)")
            if chain != nil { found += 1 }
        }
    }
    #expect(found > 20)
}

/// Where a hub has more links than the first round reads, a chain through the entities with
/// few links is found without the hub's links past the bound; with the hub read whole, the
/// chain through its link of smallest id is chosen. Both are as short as any.
@Test func aHubIsReadWholeOnlyWhenNeeded() throws {
    let store = try Store.inMemory()
    // 1 — 2 — 5 — 3, and 1 — 4 — 60 — 3 through the hub 4, linked to 10…50 as well; the
    // hub's link to 60 has the smallest id but comes last in its order (by object, by subject).
    try store.writer.write { db in
        for id in Array(1...5) + Array(10...50) + [60] {
            try db.execute(sql: "INSERT INTO entity (id, kind, name) VALUES (?, 'person', ?)", arguments: [id, "e\(id)"])
        }
        var id = 0
        func link(_ subject: Int, _ object: Int) throws {
            id += 1
            try db.execute(
                sql: "INSERT INTO triple (id, subjectId, predicateId, objectId) VALUES (?, ?, ?, ?)",
                arguments: [id, subject, PredicateCode.code(.metWith), object])
        }
        try link(60, 4)  // 1
        for other in 10...50 { try link(other, 4) }  // 2…42
        try link(1, 2)  // 43
        try link(1, 4)  // 44
        try link(2, 5)  // 45
        try link(5, 3)  // 46
        try link(60, 3)  // 47
    }
    // 1 reaches 2 and 4, then 3 reaches 5 and 60, then 2 and 4 are expanded.
    let whole = try store.shortestPath(from: 1, to: 3, maxDepth: 4, linkBound: 1000)
    let bounded = try store.shortestPath(from: 1, to: 3, maxDepth: 4, linkBound: 8)
    #expect(whole == [44, 1, 47])
    #expect(bounded == [43, 45, 46])
    #expect(whole == (try referenceShortestPath(store, from: 1, to: 3, maxDepth: 4, linkBound: 1000)))
    #expect(bounded == (try referenceShortestPath(store, from: 1, to: 3, maxDepth: 4, linkBound: 8)))
}

/// The two statements of a path's expansion read the covering indexes, not the table.
@Test func linksAreReadFromCoveringIndexes() throws {
    let store = try Store.inMemory()
    let plans = try store.writer.read { db in
        try LinkReader.statements.map { sql in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: [1]).map { $0["detail"] as String }.joined(separator: "; ")
        }
    }
    #expect(plans.count == 2)
    for plan in plans {
        #expect(plan.contains("COVERING INDEX"), "\(plan)")
        // The order the statements ask for is the index's: no sort.
        #expect(!plan.contains("TEMP B-TREE"), "\(plan)")
    }
}
