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
    /// reached last on that side). Its entities are taken in id order, in slices of 500, and
    /// their links are read in two rounds: first at most `linkBound` links of each entity,
    /// then, only if no link of the first round reached the other side, the links left of the
    /// entities that have more (a city or a date linked to thousands of meetings is read whole
    /// only when the people and meetings beside it do not close the chain). Each entity's links
    /// come in a fixed order from the covering indexes by subject and by object (no table row),
    /// read with two prepared statements. A triple that reaches the other side ends the search:
    /// the one with the smallest id among those of the first slice of a round that has one.
    /// Otherwise every entity reached for the first time is recorded with the triple it was
    /// reached through, the one of the earliest slice and round and then the smallest id; so
    /// equally short chains are chosen the same way, whatever the order rows come in.
    public func shortestPath(from: Int64, to: Int64, maxDepth: Int = 4) throws(StoreError) -> [Int64]? {
        try shortestPath(from: from, to: to, maxDepth: maxDepth, linkBound: Self.pathLinkBound)
    }

    /// The links of an entity a path's search reads in its first round; see
    /// ``shortestPath(from:to:maxDepth:)``.
    static let pathLinkBound = 256

    func shortestPath(from: Int64, to: Int64, maxDepth: Int, linkBound: Int) throws(StoreError) -> [Int64]? {
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
                // The first triple to each entity not reached before: (part, triple id, from),
                // where a part is a slice of a round, counted in the order they are read.
                var firstLink = IDTable<(part: Int, triple: Int64, here: Int64)>(capacity: frontier.count * 4)
                var meeting: (triple: Int64, here: Int64, there: Int64)?
                var part = 0
                var more: [Int64] = []  // the entities with links left after the first round
                func visit(_ triple: Int64, _ here: Int64, _ there: Int64) {
                    if otherSide.contains(there) {
                        if meeting.map({ triple < $0.triple }) ?? true { meeting = (triple, here, there) }
                    } else if !reached.contains(there) {
                        // Parts come in order: an earlier part's link stays.
                        if let first = firstLink[there], first.part < part || first.triple < triple { return }
                        firstLink[there] = (part, triple, here)
                    }
                }
                rounds: for round in 0..<2 {
                    for chunk in Self.chunks(round == 0 ? frontier.sorted() : more) {
                        for here in chunk {
                            let left = try links.forEach(
                                of: here, skipping: round == 0 ? 0 : linkBound, limit: round == 0 ? linkBound : .max
                            ) { triple, there in visit(triple, here, there) }
                            if left { more.append(here) }
                        }
                        if meeting != nil { break rounds }
                        part += 1
                    }
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
/// hold the rowid too, so no table row is read; in the order of those indexes, which the
/// statements ask for (so a read of the first links of an entity reads the same ones on any
/// store), and SQLite needs no sort for.
struct LinkReader {
    private let bySubject: PreparedStatement
    private let byObject: PreparedStatement

    /// By subject, then by object.
    static let statements = [
        "SELECT id, objectId FROM triple WHERE subjectId = ? AND objectId IS NOT NULL ORDER BY predicateId, objectId, id",
        "SELECT id, subjectId FROM triple WHERE objectId = ? ORDER BY subjectId, id",
    ]

    init(_ db: Database) throws {
        bySubject = try PreparedStatement.cached(db, sql: Self.statements[0])
        byObject = try PreparedStatement.cached(db, sql: Self.statements[1])
    }

    /// Calls `body` with (triple id, other end) for the links of `entity` (those where it is
    /// the subject, then those where it is the object) from the one at offset `skip` on, at
    /// most `limit` of them. Returns whether links are left after those.
    func forEach(
        of entity: Int64, skipping skip: Int = 0, limit: Int = .max, _ body: (Int64, Int64) throws -> Void
    ) throws -> Bool {
        var limit = limit
        bySubject.bind(1, entity)
        let (rows, left) = try bySubject.forEachPair(skipping: skip, limit: &limit, body)
        if left { return true }
        byObject.bind(1, entity)
        return try byObject.forEachPair(skipping: max(0, skip - rows), limit: &limit, body).cut
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
