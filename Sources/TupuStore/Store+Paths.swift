import GRDB
import TupuModel

extension Store {
    /// The ids of every triple that has the entity as subject or object.
    public func tripleIDs(touching entityID: Int64) throws(StoreError) -> [Int64] {
        try read { db in
            try Int64.fetchAll(
                db, sql: "SELECT id FROM triple WHERE subjectId = ? UNION SELECT id FROM triple WHERE objectId = ? ORDER BY 1",
                arguments: [entityID, entityID])
        }
    }

    /// The shortest chain of triples linking two entities, following triples in either direction,
    /// as triple ids from `from` to `to`; nil when none is found within `maxDepth` triples.
    ///
    /// A bidirectional breadth-first search: each step expands the smaller frontier with one
    /// indexed query by subject and one by object.
    public func shortestPath(from: Int64, to: Int64, maxDepth: Int = 4) throws(StoreError) -> [Int64]? {
        if from == to { return [] }
        return try read { db in
            // For each reached entity: the triple and entity it was reached through.
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

                // First look only for triples that reach the other side: when one does, the
                // search ends here, and the rows of the whole expansion (often tens of
                // thousands around busy officials) are never read. Rows come in the order
                // the whole expansion reads them, so the same meeting is chosen.
                let otherSide = expandForward ? backward : forward
                let otherIDs = "[" + otherSide.keys.sorted().map(String.init).joined(separator: ",") + "]"
                findMeeting: for chunk in Self.chunks(ordered) {
                    let placeholders = Self.placeholders(chunk.count)
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

                for chunk in Self.chunks(ordered) where meeting == nil {
                    let placeholders = Self.placeholders(chunk.count)
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
}

extension Store {
    /// The distinct aliases recorded for an entity, sorted.
    public func aliases(of entityID: Int64) throws(StoreError) -> [String] {
        try read { db in
            try String.fetchAll(db, sql: "SELECT DISTINCT alias FROM alias WHERE entityId = ? ORDER BY alias", arguments: [entityID])
        }
    }
}

extension Store {
    /// The entity with this id.
    public func entity(_ id: Int64) throws(StoreError) -> EntityMatch? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT kind, name FROM entity WHERE id = ?", arguments: [id]),
                let kind = EntityKind(rawValue: row[0])
            else { return nil }
            return EntityMatch(id: id, kind: kind, name: row[1], alias: nil)
        }
    }
}
