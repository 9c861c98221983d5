import GRDB
import TupuModel

extension Store {
    /// The ids of every triple that has the entity as subject or object.
    public func tripleIDs(touching entityID: Int64) throws(StoreError) -> [Int64] {
        try read { db in try Self.tripleIDs(db, touching: entityID) }
    }

    /// Read from the covering indexes by subject and by object (no table row), then sorted and
    /// made distinct here: a `UNION … ORDER BY` in SQL went through SQLite's sorter.
    static func tripleIDs(_ db: Database, touching entityID: Int64) throws -> [Int64] {
        var ids: [Int64] = []
        for sql in ["SELECT id FROM triple WHERE subjectId = ?", "SELECT id FROM triple WHERE objectId = ?"] {
            let statement = try PreparedStatement.cached(db, sql: sql)
            statement.bind(1, entityID)
            try statement.forEachRow { ids.append(statement.column(0)) }
        }
        ids.sort()
        // A triple with the entity at both ends is read twice.
        var distinct: [Int64] = []
        distinct.reserveCapacity(ids.count)
        for id in ids where distinct.last != id { distinct.append(id) }
        return distinct
    }

    /// The shortest chain of triples linking two entities, following triples in either direction,
    /// as triple ids from `from` to `to`; nil when none is found within `maxDepth` triples.
    ///
    /// A bidirectional breadth-first search: each step expands the smaller frontier (the one
    /// reached last on that side). Its entities are taken in id order, in slices of 500; each
    /// entity's links are read from the covering indexes by subject and by object with two
    /// prepared statements (no table row, no statement per slice). A triple that reaches the
    /// other side ends the search: the one with the smallest id among those of the first slice
    /// that has one. Otherwise every entity reached for the first time is recorded with the
    /// triple it was reached through, the one of the earliest slice and then the smallest id;
    /// so equally short chains are chosen the same way, whatever the order rows come in.
    public func shortestPath(from: Int64, to: Int64, maxDepth: Int = 4) throws(StoreError) -> [Int64]? {
        if from == to { return [] }
        return try read { db in
            let links = try LinkReader(db)
            // For each reached entity: the triple and entity it was reached through (``PathStep/start``
            // for the two ends). Probed for every link read, so ``IDTable``s, not dictionaries.
            var forward = IDTable<PathStep>(), backward = IDTable<PathStep>()
            forward[from] = .start
            backward[to] = .start
            var forwardFrontier: [Int64] = [from]
            var backwardFrontier: [Int64] = [to]
            for _ in 0..<maxDepth {
                let expandForward = forwardFrontier.count <= backwardFrontier.count
                let frontier = expandForward ? forwardFrontier : backwardFrontier
                guard !frontier.isEmpty else { return nil }
                let reached = expandForward ? forward : backward
                let otherSide = expandForward ? backward : forward
                // The first triple to each entity not reached before: (slice, triple id, from).
                var firstLink = IDTable<(slice: Int, triple: Int64, here: Int64)>(capacity: frontier.count * 4)
                var meeting: (triple: Int64, here: Int64, there: Int64)?
                for (slice, chunk) in Self.chunks(frontier.sorted()).enumerated() {
                    for here in chunk {
                        try links.forEach(of: here) { triple, there in
                            if otherSide.contains(there) {
                                if meeting.map({ triple < $0.triple }) ?? true { meeting = (triple, here, there) }
                            } else if !reached.contains(there) {
                                // Slices come in order: an earlier slice's link stays.
                                if let first = firstLink[there], first.slice < slice || first.triple < triple { return }
                                firstLink[there] = (slice, triple, here)
                            }
                        }
                    }
                    if meeting != nil { break }
                }
                if let meeting {
                    let step = PathStep(triple: meeting.triple, previous: meeting.here)
                    if expandForward { forward[meeting.there] = step } else { backward[meeting.there] = step }
                    var chain: [Int64] = []
                    var node = meeting.there
                    while let step = forward[node], step != .start {
                        chain.append(step.triple)
                        node = step.previous
                    }
                    chain.reverse()
                    node = meeting.there
                    while let step = backward[node], step != .start {
                        chain.append(step.triple)
                        node = step.previous
                    }
                    return chain
                }
                let next = firstLink.keys
                for there in next {
                    guard let link = firstLink[there] else { continue }
                    let step = PathStep(triple: link.triple, previous: link.here)
                    if expandForward { forward[there] = step } else { backward[there] = step }
                }
                if expandForward { forwardFrontier = next } else { backwardFrontier = next }
            }
            return nil
        }
    }
}

/// How a path's search reached an entity: through this triple, from that entity.
private struct PathStep: Equatable {
    var triple: Int64
    var previous: Int64

    /// Where a search starts (no triple has id 0).
    static let start = PathStep(triple: 0, previous: 0)
}

/// The links of an entity: every triple with an entity at both ends that has it as subject or
/// object, as the triple's id and the entity at the other end. Read from
/// `triple_subject(subjectId, predicateId, objectId)` and `triple_object(objectId, subjectId)`, which
/// hold the rowid too, so no table row is read.
struct LinkReader {
    private let bySubject: PreparedStatement
    private let byObject: PreparedStatement

    /// By subject, then by object.
    static let statements = [
        "SELECT id, objectId FROM triple WHERE subjectId = ? AND objectId IS NOT NULL",
        "SELECT id, subjectId FROM triple WHERE objectId = ?",
    ]

    init(_ db: Database) throws {
        bySubject = try PreparedStatement.cached(db, sql: Self.statements[0])
        byObject = try PreparedStatement.cached(db, sql: Self.statements[1])
    }

    /// Calls `body` with (triple id, other end) for each link of `entity`: those where it is the
    /// subject, then those where it is the object.
    func forEach(of entity: Int64, _ body: (Int64, Int64) throws -> Void) throws {
        bySubject.bind(1, entity)
        try bySubject.forEachPair(body)
        byObject.bind(1, entity)
        try byObject.forEachPair(body)
    }
}

extension Store {
    /// The distinct aliases recorded for an entity, sorted.
    public func aliases(of entityID: Int64) throws(StoreError) -> [String] {
        try read { db in try Self.aliases(db, of: entityID) }
    }

    static func aliases(_ db: Database, of entityID: Int64) throws -> [String] {
        try String.fetchAll(db, sql: "SELECT DISTINCT alias FROM alias WHERE entityId = ? ORDER BY alias", arguments: [entityID])
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
