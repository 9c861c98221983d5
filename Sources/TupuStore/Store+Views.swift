import GRDB
import TupuModel

/// Publication dates, inclusive, as ISO `yyyy-mm-dd`; either end may be open.
public struct DateWindow: Sendable, Equatable {
    public var since: String?
    public var until: String?

    public init(since: String? = nil, until: String? = nil) {
        self.since = since
        self.until = until
    }

    /// Whether the window is open at both ends (keeps everything).
    public var isOpen: Bool { since == nil && until == nil }
}

/// What an event of a view is, as the store knows it beyond the view.
public struct EventFacts: Sendable, Equatable {
    /// Its `held_on` date (`yyyy-mm-dd` or what the document said), when it has one.
    public var date: String?
    /// The number of triples that have it as object or subject in the whole store (participants,
    /// place, date, …): its weight when a busy centre is summarised.
    public var weight: Int

    public init(date: String?, weight: Int) {
        self.date = date
        self.weight = weight
    }
}

/// A view built from the store: the graph, and what a title and a summary need.
public struct StoreView: Sendable {
    /// The view as ``GraphView/apply(to:)`` gives it; `totalNodes` counts the nodes of the
    /// whole view before `maxNodes`, even when only the kept ones were loaded.
    public var result: GraphView.Result
    /// The subject of the view: the event's or centre's canonical name, the document's title;
    /// nil for a view of the whole store.
    public var subject: String?
    /// The documents the facts drawn come from, sorted by publication date then path.
    public var documents: [StoredDocument]
    /// Date and weight of the events in the graph.
    public var events: [Int64: EventFacts]
}

extension Store {
    /// The view `view` of the facts reported in documents published within `window`, loading
    /// only what the view needs: the neighbourhood of a centre, an event and its surroundings,
    /// the facts of a document, of some predicates or kinds. A view with none of these (or
    /// with only predicates, kinds, a document or a window) and `maxNodes` chooses the nodes as
    /// ``GraphSnapshot/limited(maxNodes:pinned:)`` does from counts SQLite makes (see
    /// ``chooseEntities(in:maxNodes:)``) and then loads those nodes only.
    ///
    /// The graph is the one `view.apply(to: snapshot())` gives when the window is open, with
    /// the evidence rows and their text only when `evidenceText` (what the HTML page shows); a
    /// picture draws no evidence, so without it the edges have none (`documents` is found from
    /// the triples' ids in SQL either way).
    ///
    /// With `leftOut`, a centre's view of more than one step goes beyond the first step only
    /// from the nodes that a summary keeps: `leftOut` is given the view of the first step (the
    /// graph and its events' facts) and returns the nodes it leaves out (a busy centre's events
    /// not drawn). Those stay in the view, but what lies beyond them is not read.
    ///
    /// - Throws: ``GraphViewError`` for an unknown name or document (with suggestions from the
    ///   store), ``StoreError`` when the store cannot be read.
    public func view(
        _ view: GraphView, window: DateWindow = DateWindow(), evidenceText: Bool = false,
        leftOut: ((GraphSnapshot, [Int64: EventFacts]) -> Set<Int64>)? = nil
    ) throws -> StoreView {
        // The documents allowed by --document and the window, as ids (nil: all).
        var allowed: Set<Int64>?
        if let document = view.document {
            allowed = try documents(matching: document)
        }
        if let inWindow = try documents(in: window) {
            allowed = allowed.map { $0.intersection(inWindow) } ?? inWindow
        }
        let predicates: Set<Predicate>? = view.predicates.isEmpty ? nil : view.predicates

        var narrowed = view
        narrowed.document = nil  // done by loading only the allowed documents' evidence
        var subject: String?
        var totalNodes: Int?
        let entities: Set<Int64>
        if let center = view.center {
            try requireName(center, kind: nil)
            var held = Set<Int64>()
            if view.depth > 1, let leftOut {
                var first = narrowed
                first.depth = 1
                first.maxNodes = nil
                let firstStep = try snapshotWithTriples(
                    entities: try self.entities(around: center, depth: 1), evidenceText: false,
                    predicates: predicates, documents: allowed, evidence: false).graph
                let graph = try first.apply(to: firstStep).graph
                held = leftOut(graph, try eventFacts(graph.nodes.filter { $0.kind == .event }.map(\.id)))
            }
            entities = try self.entities(around: center, depth: max(view.depth, 0), notGoingThrough: held)
        } else if let event = view.event {
            try requireName(event, kind: .event)
            entities = try eventSurroundings(event)
        } else {
            // Choose the nodes with counts from SQLite, then load those.
            let chosen = try chooseEntities(
                in: TripleScope(predicates: predicates, documents: allowed, kinds: view.kinds), maxNodes: view.maxNodes)
            totalNodes = chosen.total
            entities = chosen.chosen
        }
        // Evidence rows only for the page, which shows them: a picture does not draw them, and
        // the documents behind it are found in SQL from the ids of its triples.
        let (snapshot, triples) = try snapshotWithTriples(
            entities: entities, evidenceText: evidenceText, predicates: predicates, documents: allowed, evidence: evidenceText)
        var result = try narrowed.apply(to: snapshot)
        if let totalNodes {
            // The nodes were chosen on the light graph: the loaded graph is the view (applying
            // the view again could drop a chosen node whose neighbours were all cut).
            result.graph = snapshot
            result.cut = totalNodes - snapshot.nodes.count
            result.totalNodes = totalNodes
        }

        // An event's documents are those that report the event itself, not those behind its
        // participants' roles (a meeting reported twice is not "据 483 篇报道").
        let focus = view.event.flatMap { event in try? Set(result.graph.nodes(named: event, kind: .event).map(\.id)) }
        let drawn = result.graph.edges.filter { edge in
            focus.map { $0.contains(edge.subject) || edge.object.map($0.contains) == true } ?? true
        }
        let documents = try documentsReporting(drawn.compactMap { triples[EdgeKey($0)] }, allowed: allowed)
        if let center = view.center {
            subject = (try? result.graph.nodes(named: center).first?.name) ?? center
        } else if let event = view.event {
            subject = (try? result.graph.nodes(named: event, kind: .event).first?.name) ?? event
        } else if view.document != nil, documents.count == 1 {
            subject = documents[0].title ?? documents[0].path
        }
        let eventIDs = result.graph.nodes.filter { $0.kind == .event }.map(\.id)
        return StoreView(result: result, subject: subject, documents: documents, events: try eventFacts(eventIDs))
    }

    /// The ids of the documents whose path is `path`, as ``GraphSnapshot/documentPaths(_:matching:)``
    /// matches them, without reading every path of the store: the paths that can match are
    /// read (the exact one and `./` before it, each tail of it after a `/`, and, in one pass
    /// over the paths in SQL, those that hold `/` and it), and that function chooses among
    /// them. A view of one document of the 1,000,000-article bench store read its 1,000,000
    /// paths in 1.9 s before.
    ///
    /// - Throws: ``GraphViewError/unknownDocument(_:known:)`` with the first paths of the store
    ///   (in order) when none matches.
    func documents(matching path: String) throws -> Set<Int64> {
        let candidates = try read { db in
            let stripped = path.hasPrefix("./") ? String(path.dropFirst(2)) : path
            // `stripped` and each of its tails after a "/", with and without "./" before.
            var exact: Set<String> = [path]
            var tail = Substring(stripped)
            while !tail.isEmpty {
                exact.formUnion([String(tail), "./" + tail])
                guard let slash = tail.firstIndex(of: "/") else { break }
                tail = tail[tail.index(after: slash)...]
            }
            var candidates: [(id: Int64, path: String)] = []
            let list = exact.sorted()
            for chunk in Self.chunks(list) {
                for row in try Row.fetchAll(
                    db, sql: "SELECT id, path FROM document WHERE path IN (\(Self.placeholders(chunk.count)))",
                    arguments: StatementArguments(Array(chunk))) {
                    candidates.append((row[0], row[1]))
                }
            }
            if !stripped.isEmpty {
                // Longer paths that end with "/" and it (SQL finds those that hold it).
                for row in try Row.fetchAll(
                    db, sql: "SELECT id, path FROM document WHERE instr(path, ?) > 0", arguments: ["/" + stripped]) {
                    candidates.append((row[0], row[1]))
                }
            }
            return candidates
        }
        let matching = Set(GraphSnapshot.documentPaths(candidates.map(\.path), matching: path))
        guard !matching.isEmpty else {
            let known = try read { db in try String.fetchAll(db, sql: "SELECT path FROM document ORDER BY path LIMIT 6") }
            throw GraphViewError.unknownDocument(path, known: known)
        }
        return Set(candidates.filter { matching.contains($0.path) }.map(\.id))
    }

    /// The ids as a JSON array, sorted, one SQL argument for `IN (SELECT value FROM
    /// json_each(?))` (or a join with `json_each(?)`). Written into one string (no string an id):
    /// the evidence reader sends a thousand ids at a time.
    static func jsonList(_ ids: some Collection<Int64>) -> String {
        var text = "["
        text.reserveCapacity(ids.count * 9 + 2)
        for (index, id) in ids.sorted().enumerated() {
            if index > 0 { text += "," }
            text += String(id)
        }
        return text + "]"
    }

    /// The ids of the documents published within `window` (undated ones are outside every
    /// closed window); nil when the window is open.
    func documents(in window: DateWindow) throws(StoreError) -> Set<Int64>? {
        guard !window.isOpen else { return nil }
        return Set(try read { db in
            try Int64.fetchAll(db, sql: """
                SELECT id FROM document WHERE published IS NOT NULL
                  AND published >= ifnull(?, '') AND published <= ifnull(?, '9999')
                """, arguments: [window.since, window.until.map { $0 + "\u{FFFF}" }])
        })
    }

    /// Throws ``GraphViewError/unknownName(_:kind:suggestions:)`` when no entity (of `kind`)
    /// has `name` as name or alias; the suggestions are names containing its first characters.
    private func requireName(_ name: String, kind: EntityKind?) throws {
        let found = try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT 1 FROM entity WHERE (name = ? OR id IN (SELECT entityId FROM alias WHERE alias = ?))
                  AND (? IS NULL OR kind = ?) LIMIT 1
                """, arguments: [name, name, kind?.rawValue, kind?.rawValue]) ?? false
        }
        guard !found else { return }
        var suggestions: [String] = []
        for probe in [name, String(name.prefix(2)), String(name.prefix(1))] where suggestions.isEmpty && !probe.isEmpty {
            suggestions = try search(probe, limit: 20)
                .filter { kind == nil || $0.kind == kind }
                .map(\.name)
        }
        var unique: [String] = []
        for suggestion in suggestions where !unique.contains(suggestion) && unique.count < 5 { unique.append(suggestion) }
        throw GraphViewError.unknownName(name, kind: kind, suggestions: unique)
    }

    /// The events named `name` (name or alias), everything linked to them, and the roles of the
    /// persons among those: what ``GraphSnapshot/event(_:)`` keeps.
    private func eventSurroundings(_ name: String) throws(StoreError) -> Set<Int64> {
        try read { db in
            let events = try Int64.fetchAll(db, sql: """
                SELECT id FROM entity WHERE kind = 'event' AND (name = ? OR id IN (SELECT entityId FROM alias WHERE alias = ?))
                """, arguments: [name, name])
            var kept = Set(events)
            for chunk in Self.chunks(events) {
                let placeholders = Self.placeholders(chunk.count)
                kept.formUnion(try Int64.fetchAll(db, sql: """
                    SELECT objectId FROM triple WHERE subjectId IN (\(placeholders)) AND objectId IS NOT NULL
                    UNION SELECT subjectId FROM triple WHERE objectId IN (\(placeholders))
                    """, arguments: StatementArguments(chunk + chunk)))
            }
            let persons = try Self.chunks(kept.sorted()).flatMap { chunk in
                try Int64.fetchAll(
                    db, sql: "SELECT id FROM entity WHERE kind = 'person' AND id IN (\(Self.placeholders(chunk.count)))",
                    arguments: StatementArguments(chunk))
            }
            for chunk in Self.chunks(persons) {
                kept.formUnion(try Int64.fetchAll(db, sql: """
                    SELECT objectId FROM triple WHERE predicateId = \(PredicateCode.code(.holdsRole)) AND objectId IS NOT NULL
                      AND subjectId IN (\(Self.placeholders(chunk.count)))
                    """, arguments: StatementArguments(chunk)))
            }
            return kept
        }
    }

    /// The documents with evidence of these triples (among `allowed`, when given), sorted by
    /// publication date (undated last) then path.
    func documentsReporting(_ triples: [Int64], allowed: Set<Int64>?) throws(StoreError) -> [StoredDocument] {
        let rows = try read { db in
            try Row.fetchAll(db, sql: """
                SELECT id, path, contentHash, title, published, ingestedAt FROM document
                WHERE id IN (SELECT documentId FROM evidence WHERE tripleId IN (SELECT value FROM json_each(?)))
                """, arguments: [Self.jsonList(triples)])
        }
        return Self.sortedDocuments(rows.filter { allowed?.contains($0["id"]) ?? true })
    }

    /// The documents of these rows (id, path, contentHash, title, published, ingestedAt), sorted
    /// by publication date (undated last) then path.
    private static func sortedDocuments(_ rows: [Row]) -> [StoredDocument] {
        rows.map { row in
            StoredDocument(path: row["path"], contentHash: row["contentHash"], title: row["title"],
                           published: row["published"], ingestedAt: row["ingestedAt"])
        }.sorted { a, b in
            switch (a.published, b.published) {
            case let (x?, y?) where x != y: return x < y
            case (.some, nil): return true
            case (nil, .some): return false
            default: return a.path.utf8.lexicographicallyPrecedes(b.path.utf8)
            }
        }
    }

    /// The documents the graph's evidence comes from, sorted by publication date (undated
    /// last) then path.
    func documentsBehind(_ graph: GraphSnapshot) throws(StoreError) -> [StoredDocument] {
        let paths = Set(graph.edges.flatMap { $0.evidence.map(\.document) }).sorted()
        let rows = try read { db in
            try Self.chunks(paths).flatMap { chunk in
                try Row.fetchAll(db, sql: """
                    SELECT id, path, contentHash, title, published, ingestedAt FROM document
                    WHERE path IN (\(Self.placeholders(chunk.count)))
                    """, arguments: StatementArguments(chunk))
            }
        }
        return Self.sortedDocuments(rows)
    }

    /// The date and weight of each of these events.
    public func eventFacts(_ ids: [Int64]) throws(StoreError) -> [Int64: EventFacts] {
        try read { db in
            var facts: [Int64: EventFacts] = [:]
            for chunk in Self.chunks(ids.sorted()) {
                let placeholders = Self.placeholders(chunk.count)
                let arguments = StatementArguments(chunk)
                for row in try Row.fetchAll(db, sql: """
                    SELECT id, sum(n) FROM (
                      SELECT subjectId AS id, count(*) AS n FROM triple WHERE subjectId IN (\(placeholders)) GROUP BY subjectId
                      UNION ALL SELECT objectId, count(*) FROM triple WHERE objectId IN (\(placeholders)) GROUP BY objectId)
                    GROUP BY id
                    """, arguments: arguments + arguments) {
                    facts[row[0]] = EventFacts(date: nil, weight: row[1])
                }
                for row in try Row.fetchAll(db, sql: """
                    SELECT t.subjectId, coalesce(e.name, t.objectLiteral) FROM triple t LEFT JOIN entity e ON e.id = t.objectId
                    WHERE t.predicateId = \(PredicateCode.code(.heldOn)) AND t.subjectId IN (\(placeholders))
                    ORDER BY t.subjectId, 2
                    """, arguments: arguments) {
                    let id: Int64 = row[0]
                    if facts[id]?.date == nil {
                        facts[id, default: EventFacts(date: nil, weight: 0)].date = row[1]
                    }
                }
            }
            return facts
        }
    }
}

extension Store {
    /// The co-attendance network of the person named `name`: the persons linked (by any
    /// relation) to the events that person is linked to, at most `limit` of them besides the
    /// centre, those who shared the most events first; links among them count the centre's
    /// events they shared. With a closed `window`, as in every view, only facts reported in
    /// documents published in it: a person shared an event when documents of the window
    /// report both taking part in it (not the event's own date: a meeting of 30 December
    /// reported on 2 January is in January's window).
    ///
    /// - Throws: ``GraphViewError/unknownName(_:kind:suggestions:)`` when no person has that name.
    public func coAttendance(of name: String, limit: Int, window: DateWindow = DateWindow()) throws -> CoAttendance {
        try requireName(name, kind: .person)
        // CROSS JOIN keeps SQLite from scanning every person or event by kind first.
        let inWindow = try documents(in: window)
        let reported = inWindow.map { Self.jsonList($0) }
        let evidence = reported == nil ? "" : """
             AND t.id IN (\(Store.triplesOfDocumentsSQL()))
            """
        let evidenceArguments = reported.map { StatementArguments([$0]) } ?? StatementArguments()
        let rows = try read { db in
            let centers = try Int64.fetchAll(db, sql: """
                SELECT id FROM entity WHERE kind = 'person' AND (name = ? OR id IN (SELECT entityId FROM alias WHERE alias = ?))
                ORDER BY id
                """, arguments: [name, name])
            let events = try Self.chunks(centers).flatMap { chunk in
                try Int64.fetchAll(db, sql: """
                    SELECT DISTINCT t.objectId FROM triple t CROSS JOIN entity e ON e.id = t.objectId
                    WHERE e.kind = 'event' AND t.subjectId IN (\(Self.placeholders(chunk.count)))\(evidence)
                    """, arguments: StatementArguments(chunk) + evidenceArguments)
            }
            var pairs: [(person: Int64, event: Int64)] = []
            for chunk in Self.chunks(Array(Set(events)).sorted()) {
                for row in try Row.fetchAll(db, sql: """
                    SELECT DISTINCT t.subjectId, t.objectId FROM triple t CROSS JOIN entity p ON p.id = t.subjectId
                    WHERE p.kind = 'person' AND t.objectId IN (\(Self.placeholders(chunk.count)))\(evidence)
                    """, arguments: StatementArguments(chunk) + evidenceArguments) {
                    pairs.append((row[0], row[1]))
                }
            }
            return (centers, Array(Set(events)), pairs)
        }
        let (centers, allEvents, pairs) = rows
        let events = Set(allEvents)
        guard let center = centers.first else { return CoAttendance(persons: [], links: [], events: 0, totalPersons: 0) }
        let centerSet = Set(centers)
        var shared: [Int64: Int] = [:]
        var personsByEvent: [Int64: [Int64]] = [:]
        for pair in pairs where !centerSet.contains(pair.person) {
            shared[pair.person, default: 0] += 1
            personsByEvent[pair.event, default: []].append(pair.person)
        }
        let names = try read { db in
            try Self.chunks(Array(shared.keys) + [center]).flatMap { chunk in
                try Row.fetchAll(db, sql: "SELECT id, name FROM entity WHERE id IN (\(Self.placeholders(chunk.count)))",
                                 arguments: StatementArguments(chunk))
            }
        }
        var nameOf: [Int64: String] = [:]
        for row in names { nameOf[row[0]] = row[1] }
        let ranked = shared.keys.sorted { a, b in
            let (sa, sb) = (shared[a] ?? 0, shared[b] ?? 0)
            if sa != sb { return sa > sb }
            let (na, nb) = (nameOf[a] ?? "", nameOf[b] ?? "")
            return na != nb ? na < nb : a < b
        }
        let kept = Array(ranked.prefix(max(limit, 0)))
        let keptSet = Set(kept)
        var linkCounts: [Pair: Int] = [:]
        for (_, persons) in personsByEvent {
            let present = Set(persons.filter(keptSet.contains)).sorted()
            for i in present.indices {
                for j in present.indices where j > i {
                    linkCounts[Pair(a: present[i], b: present[j]), default: 0] += 1
                }
            }
        }
        var links = kept.map { CoAttendance.Link(a: min(center, $0), b: max(center, $0), shared: shared[$0] ?? 0) }
        links += linkCounts.map { CoAttendance.Link(a: $0.key.a, b: $0.key.b, shared: $0.value) }
        links.sort { ($0.a, $0.b) < ($1.a, $1.b) }
        let persons = [CoAttendance.Person(id: center, name: nameOf[center] ?? name, shared: events.count)]
            + kept.map { CoAttendance.Person(id: $0, name: nameOf[$0] ?? "", shared: shared[$0] ?? 0) }
        return CoAttendance(persons: persons, links: links, events: events.count, totalPersons: shared.count)
    }

    private struct Pair: Hashable {
        var a: Int64
        var b: Int64
    }
}

extension Store {
    /// The entities `shown`, those one triple away from the entities `expanded`, and the triples
    /// among them, with evidence text: what a browser asks for when a node is expanded.
    public func neighbourhood(shown: Set<Int64>, expanded: Set<Int64>) throws(StoreError) -> GraphSnapshot {
        let reached = try read { db in
            var reached = shown.union(expanded)
            for chunk in Self.chunks(expanded.sorted()) {
                let placeholders = Self.placeholders(chunk.count)
                reached.formUnion(try Int64.fetchAll(db, sql: """
                    SELECT objectId FROM triple WHERE subjectId IN (\(placeholders)) AND objectId IS NOT NULL
                    UNION SELECT subjectId FROM triple WHERE objectId IN (\(placeholders))
                    """, arguments: StatementArguments(chunk + chunk)))
            }
            return reached
        }
        return try snapshot(entities: reached, evidenceText: true)
    }

    /// The documents the evidence of `graph` comes from, sorted by publication date then path.
    public func documents(behind graph: GraphSnapshot) throws(StoreError) -> [StoredDocument] {
        try documentsBehind(graph)
    }
}


extension Store {
    /// The triples a view without a centre or event draws from: some predicates, triples with
    /// evidence from some documents, triples between entities of some kinds (and from them to
    /// literals). Nil: no restriction.
    struct TripleScope {
        var predicates: Set<Predicate>?
        var documents: Set<Int64>?
        var kinds: Set<EntityKind>

        /// ` AND …` conditions on the triple `t` for its predicates and kinds, with their
        /// arguments (the documents are the readers' to apply: see ``Store/degrees(in:_:)``).
        func conditions() -> (sql: String, arguments: StatementArguments) {
            var sql = ""
            var arguments = StatementArguments()
            if let predicates {
                let list = predicates.map(PredicateCode.code).sorted()
                sql += " AND t.predicateId IN (\(Store.placeholders(list.count)))"
                arguments += StatementArguments(list)
            }
            if !kinds.isEmpty {
                let list = kinds.map(\.rawValue).sorted()
                let placeholders = Store.placeholders(list.count)
                sql += " AND t.subjectId IN (SELECT id FROM entity WHERE kind IN (\(placeholders)))"
                sql += " AND (t.objectId IS NULL OR t.objectId IN (SELECT id FROM entity WHERE kind IN (\(placeholders))))"
                arguments += StatementArguments(list) + StatementArguments(list)
            }
            return (sql, arguments)
        }
    }

    /// The entities of the view of the triples in `scope` (those in some triple of it), at most
    /// `maxNodes` of them when given, chosen as ``GraphSnapshot/limited(maxNodes:pinned:)``
    /// chooses them (breadth first from the busiest, each node's neighbours busiest first) but
    /// without loading the graph: the number of triples of each entity is counted by SQLite,
    /// and the neighbours are read only for the entities taken. `total` counts every entity of
    /// the view.
    func chooseEntities(in scope: TripleScope, maxNodes: Int?) throws(StoreError) -> (chosen: Set<Int64>, total: Int) {
        let path = self.path
        return try read { db in
            let (degree, inDocuments) = try Self.degrees(in: scope, db)
            guard let maxNodes, degree.count > maxNodes else { return (Set(degree.ids), degree.count) }
            var choice = BusiestFirst(degree: degree, path: path)
            let chosen = try choice.choose(
                maxNodes: maxNodes, db: db, neighbours: scope.conditions(), inTriples: inDocuments)
            return (chosen, degree.count)
        }
    }

    /// The number of triples in `scope` of each entity of them (``degrees(in:_:)``).
    func degrees(in scope: TripleScope) throws(StoreError) -> DegreeTable {
        try read { db in try Self.degrees(in: scope, db).table }
    }

    /// The number of triples in `scope` of each entity of them, read in the way that costs the
    /// scope least; and, for a scope of some documents, the ids of its triples, sorted.
    static func degrees(in scope: TripleScope, _ db: Database) throws -> (table: DegreeTable, triples: [Int64]?) {
        let local = scope.conditions()
        var degree = DegreeTable()
        // The triples of the documents, sorted, when the view is of some documents.
        var inDocuments: [Int64]?
        if let documents = scope.documents {
            // Only the documents' triples are read, by id: a view of one year of a large
            // store costs what the year holds (scanning every triple and testing each
            // against the year's took 43 s at 1,000,000 bench articles).
            let statement = try PreparedStatement.cached(db, sql: """
                SELECT t.id, t.subjectId, t.objectId FROM triple t
                WHERE t.id IN (\(Store.triplesOfDocumentsSQL()))\(local.sql)
                """, arguments: [Store.jsonList(documents)] + local.arguments)
            var triples: [Int64] = []
            var ends: [Int64] = []
            try statement.forEachRow {
                triples.append(statement.column(0))
                ends.append(statement.column(1))
                if let object = statement.optionalColumn(2) { ends.append(object) }
            }
            degree = DegreeTable(ends: ends)
            triples.sort()
            inDocuments = triples
        } else if !scope.kinds.isEmpty {
            // Every triple of the view has its subject among the entities of the kinds: only
            // their triples are read, each entity's through the index by subject (scanning every
            // triple and testing both ends' kinds took 9 s at 1,000,000 bench articles).
            let kinds = scope.kinds.map(\.rawValue).sorted()
            let members = try Int64.fetchAll(
                db, sql: "SELECT id FROM entity WHERE kind IN (\(Store.placeholders(kinds.count))) ORDER BY id",
                arguments: StatementArguments(kinds))
            var sql = "SELECT t.objectId FROM triple t WHERE t.subjectId = ?"
            if let predicates = scope.predicates {
                sql += " AND t.predicateId IN (\(predicates.map { String(PredicateCode.code($0)) }.sorted().joined(separator: ", ")))"
            }
            let statement = try PreparedStatement.cached(db, sql: sql)
            // Counted beside the ids (both ends are among them): no list of the triples' ends.
            var counts = [Int](repeating: 0, count: members.count)
            for (index, subject) in members.enumerated() {
                statement.bind(1, subject)
                try statement.forEachRow {
                    if let object = statement.optionalColumn(0) {
                        let at = members.sortedIndex(of: object)
                        guard at < members.count, members[at] == object else { return }
                        counts[at] += 1
                    }
                    counts[index] += 1
                }
            }
            degree.add(sortedCounts: zip(members, counts).lazy.filter { $0.1 > 0 }.map { (id: $0.0, count: $0.1) })
        } else {
            // Each side counted in the order of its covering index (no sort), the two merged.
            for (column, condition) in [("subjectId", "1"), ("objectId", "t.objectId IS NOT NULL")] {
                let statement = try PreparedStatement.cached(db, sql: """
                    SELECT t.\(column), count(*) FROM triple t WHERE \(condition)\(local.sql)
                    GROUP BY t.\(column) ORDER BY t.\(column)
                    """, arguments: local.arguments)
                var counts: [(id: Int64, count: Int)] = []
                try statement.forEachRow { counts.append((statement.column(0), Int(statement.column(1)))) }
                degree.add(sortedCounts: counts)
            }
        }
        return (degree, inDocuments)
    }

    /// Breadth first from the busiest entity, as ``GraphSnapshot/limited(maxNodes:pinned:)``:
    /// "busiest" by the number of triples, ties broken by kind, name and id (read when needed).
    private struct BusiestFirst {
        let degree: DegreeTable
        let path: String
        /// Ids by number of triples, most first (ties by id: the names break them when needed).
        let byDegree: [Int64]
        var names: [Int64: (kind: EntityKind, name: String)] = [:]

        init(degree: DegreeTable, path: String) {
            self.degree = degree
            self.path = path
            byDegree = degree.byDegree()
        }

        /// Reads the kind and name of the ids not read yet.
        mutating func readNames(_ ids: some Collection<Int64>, _ db: Database) throws {
            let missing = ids.filter { names[$0] == nil }
            for chunk in Store.chunks(missing) {
                for row in try Row.fetchAll(
                    db, sql: "SELECT id, kind, name FROM entity WHERE id IN (\(Store.placeholders(chunk.count)))",
                    arguments: StatementArguments(chunk)) {
                    names[row[0]] = (try Store.kind(row[1], path: path), row[2])
                }
            }
        }

        func busier(_ a: Int64, _ b: Int64) -> Bool {
            let (da, db) = (degree[a] ?? 0, degree[b] ?? 0)
            if da != db { return da > db }
            guard let na = names[a], let nb = names[b] else { return a < b }
            if na.kind != nb.kind { return na.kind < nb.kind }
            if na.name != nb.name { return na.name < nb.name }
            return a < b
        }

        /// `inTriples`: the triples of the view, sorted, when only some are (their documents).
        mutating func choose(
            maxNodes: Int, db: Database, neighbours scope: (sql: String, arguments: StatementArguments), inTriples: [Int64]?
        ) throws -> Set<Int64> {
            var kept = Set<Int64>()
            var queue: [Int64] = []
            var head = 0
            var nextSeed = 0
            let sql = """
                SELECT t.id, t.objectId FROM triple t WHERE t.subjectId = ? AND t.objectId IS NOT NULL\(scope.sql)
                UNION ALL SELECT t.id, t.subjectId FROM triple t WHERE t.objectId = ?\(scope.sql)
                """
            while kept.count < maxNodes {
                if head == queue.count {
                    // The busiest entity not taken yet starts again.
                    while nextSeed < byDegree.count, kept.contains(byDegree[nextSeed]) { nextSeed += 1 }
                    guard nextSeed < byDegree.count else { break }
                    let top = degree[byDegree[nextSeed]] ?? 0
                    var ties: [Int64] = []
                    var index = nextSeed
                    while index < byDegree.count, degree[byDegree[index]] == top {
                        if !kept.contains(byDegree[index]) { ties.append(byDegree[index]) }
                        index += 1
                    }
                    try readNames(ties, db)
                    guard let seed = ties.min(by: { busier($0, $1) }) else { break }
                    kept.insert(seed)
                    queue.append(seed)
                    continue
                }
                let id = queue[head]
                head += 1
                var around = Set<Int64>()
                for row in try Row.fetchAll(
                    db, sql: sql, arguments: StatementArguments([id]) + scope.arguments + StatementArguments([id]) + scope.arguments) {
                    let triple: Int64 = row[0], other: Int64 = row[1]
                    if inTriples?.sortedContains(triple) ?? true, degree.contains(other), !kept.contains(other) {
                        around.insert(other)
                    }
                }
                try readNames(around, db)
                for other in around.sorted(by: { busier($0, $1) }) where kept.count < maxNodes {
                    kept.insert(other)
                    queue.append(other)
                }
            }
            return kept
        }
    }
}
