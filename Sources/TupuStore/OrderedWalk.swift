import GRDB
import TupuModel

/// Runs a query with an ``OrderedPlan`` in order of its first ORDER BY term, stopping once
/// `offset + limit` rows are in, instead of producing and sorting every row.
///
/// The entities the variable can be are walked in name order (SQLite's BINARY order, one
/// index cursor per kind, merged): only the kinds that `triple_kind` says each of the
/// variable's patterns has linked on that side (and the declared kind), and only entities
/// that have a triple of each pattern's predicates on that side (checked in the walk, one
/// index probe each). The query then runs for the entities of one name at a time, with
/// `column IN (…)`, its own ORDER BY and the rows still wanted as LIMIT.
///
/// It declines (``run()`` returns nil, and the query is sorted whole as before) when the
/// walk would not pay: the store has no `triple_kind` (an old store opened read-only), the
/// variable may be a literal, a pattern with a named end matches fewer than
/// ``smallPattern`` triples (SQLite then starts from it and sorts few rows), or the walk
/// finds more than ``walkBudget`` entities before enough rows are in.
struct OrderedWalk {
    /// Whether to walk: when it pays (``run()``'s checks), whenever the query allows it (for
    /// tests that compare both ways), or never (sort the whole query).
    enum Mode: Sendable {
        case automatic, always, never
    }

    let db: Database
    let plan: OrderedPlan
    let columns: [String]
    let tripleIDColumns: Int
    var mode: Mode = .automatic
    /// Counts of the last walk, when a test asks for them.
    var counts: Counts?

    /// What a walk did: the runs of the query, and the entities its ``LinkCheck``s passed over.
    final class Counts {
        var runs = 0
        var passedOver = 0
    }

    /// A named pattern with fewer triples than this leaves the query to SQLite's plan.
    static let smallPattern = 1_000
    /// Entities the walk may find (each with a triple of every pattern of the variable, so
    /// each costs a run of the query) before it gives up and the query is sorted whole.
    static let walkBudget = 5_000

    /// The rows of the query, or nil when the walk does not apply (see the type).
    func run() throws -> QueryResult? {
        guard mode != .never, try db.tableExists("triple_kind") else { return nil }
        var subjectKinds: [String: Set<String>] = [:]
        var objectKinds: [String: Set<String>] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT predicate, subjectKind, objectKind FROM triple_kind") {
            subjectKinds[row[0], default: []].insert(row[1])
            objectKinds[row[0], default: []].insert(row[2])
        }
        // An entity in every row: the subject of a pattern, or the object of predicates that
        // have never had a literal object ('' in triple_kind).
        let entityOnly = plan.uses.contains { use in
            use.isSubject || (use.predicates.map { $0.allSatisfy { !(objectKinds[$0] ?? []).contains("") } } ?? false)
        }
        guard entityOnly else { return nil }
        var kinds: Set<String>? = plan.declaredKinds.map(Set.init)
        for use in plan.uses {
            guard let predicates = use.predicates else { continue }
            let linked = predicates.reduce(into: Set<String>()) { found, predicate in
                found.formUnion((use.isSubject ? subjectKinds[predicate] : objectKinds[predicate]) ?? [])
            }
            kinds = (kinds ?? linked).intersection(linked)
        }
        kinds?.remove("")
        if kinds?.isEmpty == true { return QueryResult(columns: columns, rows: [], tripleIDs: []) }
        for pattern in plan.namedPatterns where mode == .automatic {
            let count = try Int.fetchOne(
                db, sql: "SELECT count(*) FROM (\(pattern.sql) LIMIT \(Self.smallPattern))",
                arguments: Store.arguments(pattern.arguments)) ?? 0
            if count < Self.smallPattern { return nil }
        }
        return try walk(kinds: kinds.map { $0.sorted() })
    }

    /// One entity of the walk that has a triple of each of the variable's patterns.
    private struct Candidate {
        var id: Int64
        var name: [UInt8]
    }

    private func walk(kinds: [String]?) throws -> QueryResult? {
        // The probes: a triple of each pattern's predicates with the entity on that side.
        var probes: [String] = []
        var probeArguments: [SQLArgument] = []
        var seen = Set<String>()
        for use in plan.uses {
            let key = "\(use.isSubject) \(use.predicates ?? [])"
            guard seen.insert(key).inserted else { continue }
            var sql = "EXISTS (SELECT 1 FROM triple x WHERE x.\(use.isSubject ? "subjectId" : "objectId") = entity.id"
            if let predicates = use.predicates {
                // Since v13 the indexes hold the predicates' codes (an unknown name has code 0: no triple).
                let codes = predicates.map { Predicate(rawValue: $0).map(PredicateCode.code) ?? 0 }
                sql += " AND x.predicateId IN (\(Store.placeholders(codes.count)))"
                probeArguments += codes.map(SQLArgument.integer)
            }
            probes.append(sql + ")")
        }
        let direction = plan.descending ? " DESC" : ""
        var cursors: [RowCursor] = []
        for kind in kinds.map({ $0.map(Optional.some) }) ?? [nil] {
            let conditions = (kind == nil ? [] : ["kind = ?"]) + probes
            let arguments = (kind.map { [SQLArgument.text($0)] } ?? []) + probeArguments
            cursors.append(try Row.fetchCursor(
                db, sql: "SELECT id, name FROM entity WHERE \(conditions.joined(separator: " AND ")) ORDER BY name\(direction), id\(direction)",
                arguments: Store.arguments(arguments)))
        }
        var heads: [Candidate?] = try cursors.map { try Self.next($0) }
        func precedes(_ a: [UInt8], _ b: [UInt8]) -> Bool {
            plan.descending ? b.lexicographicallyPrecedes(a) : a.lexicographicallyPrecedes(b)
        }
        /// The next entity in name order over every kind's cursor.
        func next() throws -> Candidate? {
            var best: Int?
            for (index, head) in heads.enumerated() {
                guard let head else { continue }
                if let current = best, let other = heads[current], !precedes(head.name, other.name) { continue }
                best = index
            }
            guard let best, let candidate = heads[best] else { return nil }
            heads[best] = try Self.next(cursors[best])
            return candidate
        }

        let (sum, overflow) = plan.offset.addingReportingOverflow(plan.limit)
        let wanted = overflow ? Int.max : sum
        var rows: [[String?]] = []
        var ids: [[Int64]] = []
        var run: [Candidate] = []
        var candidates = 0
        // The query runs for one name at a time (a prepared statement reused while one entity
        // has the name): a run of several names would compute every row of its last names
        // before sorting, rows the LIMIT may not need.
        func flush() throws {
            guard !run.isEmpty else { return }
            let statement = try db.cachedStatement(
                sql: plan.head.sql + "\(plan.column) IN (\(Store.placeholders(run.count)))" + plan.orderClause + "\nLIMIT ?")
            let arguments = plan.head.arguments + run.map { SQLArgument.integer($0.id) } + [.integer(Int64(wanted - rows.count))]
            counts?.runs += 1
            try Store.collectRows(
                statement, arguments: arguments, visible: columns.count, tripleIDColumns: tripleIDColumns, rows: &rows, ids: &ids)
            run.removeAll(keepingCapacity: true)
        }
        // Once runs of the query have come back empty, entities that cannot have a row are
        // passed over by a cheaper test (``LinkCheck``) before the query runs for them.
        var emptyRuns = 0
        var checks: [LinkCheck]?
        var passedOver = 0
        while rows.count < wanted, let candidate = try next() {
            if let last = run.last, last.name != candidate.name {
                let before = rows.count
                try flush()
                if rows.count == before { emptyRuns += 1 }
            }
            if rows.count >= wanted { break }
            if checks == nil, emptyRuns >= Self.emptyRunsBeforeChecks { checks = try linkChecks() }
            if let checks, try !checks.allSatisfy({ try $0.admits(candidate.id, db) }) {
                passedOver += 1
                counts?.passedOver += 1
                if passedOver > Self.passBudget, mode == .automatic { return nil }
                continue
            }
            candidates += 1
            if candidates > Self.walkBudget, mode == .automatic { return nil }
            run.append(candidate)
        }
        if rows.count < wanted { try flush() }
        let kept = rows.count > plan.offset ? plan.offset..<min(rows.count, wanted) : 0..<0
        return QueryResult(
            columns: columns, rows: Array(rows[kept]), tripleIDs: tripleIDColumns > 0 ? Array(ids[kept]) : [])
    }

    /// Runs of the query that found no row before the walk starts testing its entities with
    /// ``LinkCheck``s (building them reads the links of the query's named entities).
    static let emptyRunsBeforeChecks = 1
    /// Entities the checks may pass over before the walk gives up (each costs one range of a
    /// covering index).
    static let passBudget = 100_000

    /// A necessary condition for an entity of the walk to have a row, read from the covering
    /// indexes of `triple`: a link, by any predicate, to one of `allowed`.
    ///
    /// It comes from a pair of required patterns: one between the walk's variable and another
    /// variable, `?p attended ?e`, and one between that variable and named entities,
    /// `?e held_in 广州`. Every row then has an entity `?e` linked to the walk's entity and to
    /// 广州, so an entity none of whose links reaches the entities linked to 广州 has no row.
    /// Predicates are left out (the covering indexes have none), which only makes the test
    /// weaker, never wrong.
    struct LinkCheck {
        /// Whether the walk's entity is the subject of the links read (so their objects are tested).
        var entityIsSubject: Bool
        /// Sorted (an entity linked twice is there twice, which the search does not mind).
        var allowed: [Int64]

        init(entityIsSubject: Bool, allowed: [Int64]) {
            self.entityIsSubject = entityIsSubject
            // One named entity's links come sorted from the index (a sorted run costs the sort
            // one pass); several, merged, may not.
            self.allowed = allowed.sorted()
        }

        /// Whether `id` is in ``allowed`` (a binary search).
        func isAllowed(_ id: Int64) -> Bool {
            allowed.sortedContains(id)
        }

        /// Links of one entity the test reads at most; an entity with more is let through.
        static let linkLimit = 20_000

        func admits(_ id: Int64, _ db: Database) throws -> Bool {
            let sql = entityIsSubject
                ? "SELECT objectId FROM triple WHERE subjectId = ? AND objectId IS NOT NULL LIMIT \(Self.linkLimit + 1)"
                : "SELECT subjectId FROM triple WHERE objectId = ? LIMIT \(Self.linkLimit + 1)"
            let statement = try PreparedStatement.cached(db, sql: sql)
            statement.bind(1, id)
            var read = 0
            var found = false
            try statement.forEachInteger { linked in
                found = isAllowed(linked)
                read += 1
                return !found
            }
            return found || read > Self.linkLimit
        }
    }

    /// Entities linked to the named ones that the test may hold; with more, no test is made.
    static let allowedLimit = 200_000

    /// The ``LinkCheck``s the query's required patterns give for the walk's variable.
    func linkChecks() throws -> [LinkCheck] {
        var checks: [LinkCheck] = []
        for link in plan.shapes {
            // The walk's variable at one end, another variable at the other.
            let entityIsSubject: Bool
            let other: String
            switch (link.subject, link.object) {
            case (.variable(let subject), .variable(let object)) where subject == plan.variable && object != plan.variable:
                (entityIsSubject, other) = (true, object)
            case (.variable(let subject), .variable(let object)) where object == plan.variable && subject != plan.variable:
                (entityIsSubject, other) = (false, subject)
            default:
                continue
            }
            for anchor in plan.shapes {
                // The other variable must be an entity in every row: the subject of the anchor,
                // or the subject of the link (the walk's variable its object).
                let sql: String
                let ids: [Int64]
                switch (anchor.subject, anchor.object) {
                case (.variable(let subject), .entities(let named)) where subject == other:
                    sql = "SELECT subjectId FROM triple WHERE objectId IN (\(Store.placeholders(named.count)))"
                    ids = named
                case (.entities(let named), .variable(let object)) where object == other && !entityIsSubject:
                    sql = "SELECT objectId FROM triple WHERE subjectId IN (\(Store.placeholders(named.count))) AND objectId IS NOT NULL"
                    ids = named
                default:
                    continue
                }
                // Read through SQLite's C API: tens of thousands of ids, read through GRDB's rows in
                // about a third of an ordered walk on a 1,000,000-article store (the join over 广州:
                // 32.5 → 23 ms of CPU, 39,355 ids).
                let statement = try PreparedStatement.cached(db, sql: sql + " LIMIT \(Self.allowedLimit + 1)")
                for (index, id) in ids.enumerated() { statement.bind(Int32(index + 1), id) }
                var allowed: [Int64] = []
                try statement.forEachInteger { id in
                    allowed.append(id)
                    return true
                }
                if allowed.count > Self.allowedLimit { continue }
                checks.append(LinkCheck(entityIsSubject: entityIsSubject, allowed: allowed))
            }
        }
        return checks
    }

    private static func next(_ cursor: RowCursor) throws -> Candidate? {
        guard let row = try cursor.next() else { return nil }
        let name: String = row[1]
        return Candidate(id: row[0], name: Array(name.utf8))
    }
}
