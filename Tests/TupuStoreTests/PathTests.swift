import GRDB
import Testing
import TupuModel
@testable import TupuStore

/// The search of ``Store/shortestPath(from:to:maxDepth:)`` as it was written before it read
/// links with prepared statements: two statements per slice of 500 frontier entities, rows in
/// triple id order. The new search must choose the very same chains.
private func referenceShortestPath(_ store: Store, from: Int64, to: Int64, maxDepth: Int = 4) throws -> [Int64]? {
    if from == to { return [] }
    return try store.writer.read { db in
        var forward: [Int64: (triple: Int64, previous: Int64)?] = [from: nil]
        var backward: [Int64: (triple: Int64, previous: Int64)?] = [to: nil]
        var forwardFrontier: Set<Int64> = [from]
        var backwardFrontier: Set<Int64> = [to]
        for _ in 0..<maxDepth {
            let expandForward = forwardFrontier.count <= backwardFrontier.count
            let frontier = expandForward ? forwardFrontier : backwardFrontier
            guard !frontier.isEmpty else { return nil }
            var next = Set<Int64>()
            var meeting: Int64?
            let ordered = frontier.sorted()
            let otherSide = expandForward ? backward : forward
            let otherIDs = "[" + otherSide.keys.sorted().map(String.init).joined(separator: ",") + "]"
            findMeeting: for chunk in Store.chunks(ordered) {
                let placeholders = Store.placeholders(chunk.count)
                let rows = try Row.fetchAll(db, sql: """
                    SELECT id, subjectId, objectId FROM triple
                    WHERE subjectId IN (\(placeholders)) AND objectId IN (SELECT value FROM json_each(?))
                    UNION ALL
                    SELECT id, subjectId, objectId FROM triple
                    WHERE objectId IN (\(placeholders)) AND subjectId IN (SELECT value FROM json_each(?))
                    ORDER BY 1
                    """, arguments: StatementArguments(Array(chunk) + [otherIDs] + Array(chunk) + [otherIDs]))
                for row in rows {
                    let triple: Int64 = row[0], subject: Int64 = row[1], object: Int64 = row[2]
                    for (here, there) in [(subject, object), (object, subject)]
                    where frontier.contains(here) && otherSide[there] != nil {
                        if expandForward { forward[there] = (triple, here) } else { backward[there] = (triple, here) }
                        meeting = there
                        break findMeeting
                    }
                }
            }
            for chunk in Store.chunks(ordered) where meeting == nil {
                let placeholders = Store.placeholders(chunk.count)
                let rows = try Row.fetchAll(db, sql: """
                    SELECT id, subjectId, objectId FROM triple WHERE subjectId IN (\(placeholders)) AND objectId IS NOT NULL
                    UNION ALL
                    SELECT id, subjectId, objectId FROM triple WHERE objectId IN (\(placeholders))
                    ORDER BY 1
                    """, arguments: StatementArguments(chunk + chunk))
                for row in rows {
                    let triple: Int64 = row[0], subject: Int64 = row[1], object: Int64 = row[2]
                    for (here, there) in [(subject, object), (object, subject)] where frontier.contains(here) {
                        if expandForward {
                            guard forward[there] == nil else { continue }
                            forward[there] = (triple, here)
                            if backward[there] != nil, meeting == nil { meeting = there }
                        } else {
                            guard backward[there] == nil else { continue }
                            backward[there] = (triple, here)
                            if forward[there] != nil, meeting == nil { meeting = there }
                        }
                        next.insert(there)
                    }
                }
            }
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

/// The search reads links a new way but chooses the same chain as before for every pair,
/// among the many equally short ones of a random graph (and finds none where it found none).
@Test(arguments: [(UInt64(1), 60, 90), (2, 400, 700), (3, 1500, 4000)])
func shortestPathsAreTheChainsChosenBefore(seed: UInt64, entities: Int, triples: Int) throws {
    let store = try randomGraph(seed: seed, entities: entities, triples: triples)
    var random = SplitMix64(seed: seed &+ 100)
    var found = 0
    for _ in 0..<150 {
        let from = Int64.random(in: 1...Int64(entities), using: &random)
        let to = Int64.random(in: 1...Int64(entities), using: &random)
        for depth in [2, 4] {
            let chain = try store.shortestPath(from: from, to: to, maxDepth: depth)
            #expect(chain == (try referenceShortestPath(store, from: from, to: to, maxDepth: depth)), "\(from) → \(to), depth \(depth)")
            if chain != nil { found += 1 }
        }
    }
    #expect(found > 20)
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
    for plan in plans { #expect(plan.contains("COVERING INDEX"), "\(plan)") }
}
