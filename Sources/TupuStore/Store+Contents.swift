import struct Foundation.Data
import GRDB
import TupuModel

/// Counts of what a store holds.
public struct StoreStats: Sendable, Equatable {
    public var documents: Int
    public var entities: Int
    public var entitiesByKind: [EntityKind: Int]
    public var triples: Int
    public var triplesByPredicate: [Predicate: Int]
    public var evidence: Int
    public var mentions: Int
    public var aliases: Int

    public init(
        documents: Int = 0, entities: Int = 0, entitiesByKind: [EntityKind: Int] = [:], triples: Int = 0,
        triplesByPredicate: [Predicate: Int] = [:], evidence: Int = 0, mentions: Int = 0, aliases: Int = 0
    ) {
        self.documents = documents
        self.entities = entities
        self.entitiesByKind = entitiesByKind
        self.triples = triples
        self.triplesByPredicate = triplesByPredicate
        self.evidence = evidence
        self.mentions = mentions
        self.aliases = aliases
    }
}

/// A stored document, without its text.
public struct StoredDocument: Sendable, Equatable {
    public var path: String
    public var contentHash: String
    public var title: String?
    /// The publication date as ISO `yyyy-mm-dd`, when extraction found one.
    public var published: String?
    /// When the document was ingested, ISO 8601.
    public var ingestedAt: String

    public init(path: String, contentHash: String, title: String?, published: String?, ingestedAt: String) {
        self.path = path
        self.contentHash = contentHash
        self.title = title
        self.published = published
        self.ingestedAt = ingestedAt
    }
}

/// A source of a stored document: the key that identifies it and the path as given.
public struct StoredSource: Sendable, Equatable {
    /// A canonical absolute path, or a name given with `tupu ingest --source`.
    public var key: String
    /// The path as given when this source was ingested.
    public var path: String
    /// The path the document's evidence shows (that of the source that first stored it).
    public var documentPath: String
    public var contentHash: String

    public init(key: String, path: String, documentPath: String, contentHash: String) {
        self.key = key
        self.path = path
        self.documentPath = documentPath
        self.contentHash = contentHash
    }
}

extension Store {
    /// The whole graph: every entity with its aliases, every triple with its evidence.
    ///
    /// Nodes are sorted by kind (in `EntityKind.allCases` order) then name; edges by
    /// subject name, predicate (in `Predicate.allCases` order), object name (then by
    /// subject and object kind to break ties); evidence by document path, start, end,
    /// rule. `documentTitles` lists the titles of the documents that have one, in
    /// path order; `documents` every document (path, hash, title, publication date), in path order.
    public func snapshot() throws(StoreError) -> GraphSnapshot {
        try snapshot(entities: nil)
    }

    /// The part of the graph within `depth` triples (at least one) of the entities named
    /// `name` (canonical name or alias; triples followed in both directions): those entities with their
    /// aliases, every triple among them or from them to a literal, with its evidence.
    /// `documentTitles` lists the titles of the documents that evidence comes from (the whole
    /// snapshot lists every document's), `documents` those documents.
    ///
    /// Applying `GraphSnapshot.ego(center: name, depth:)` (or a view that filters first and
    /// then takes that ego graph) to this snapshot gives the same graph as applying it to
    /// ``snapshot()``, without loading the whole graph. An unknown name gives an empty graph.
    ///
    /// With `evidenceText` false, evidence rows keep their document, offsets, rule and
    /// confidence but no surface or sentence (empty strings), and no document text is read:
    /// what drawing needs, much faster on a large store.
    public func snapshot(around name: String, depth: Int, evidenceText: Bool = true) throws(StoreError) -> GraphSnapshot {
        try snapshot(entities: try entities(around: name, depth: depth), evidenceText: evidenceText)
    }

    /// The ids of the entities within `depth` triples (at least one) of the entities named `name`.
    func entities(around name: String, depth: Int) throws(StoreError) -> Set<Int64> {
        let centers = try match(name).entityIDs
        return try read { db in
            var reached = Set(centers)
            var frontier = centers
            // At least one step, so a centre keeps the triples that link it (a view that keeps
            // only nodes linked by some predicate needs them even for a depth-0 ego graph).
            for _ in 0..<max(depth, 1) where !frontier.isEmpty {
                var next: [Int64] = []
                for chunk in Self.chunks(frontier) {
                    let placeholders = Self.placeholders(chunk.count)
                    let ids = try Int64.fetchAll(db, sql: """
                        SELECT objectId FROM triple WHERE subjectId IN (\(placeholders)) AND objectId IS NOT NULL
                        UNION SELECT subjectId FROM triple WHERE objectId IN (\(placeholders))
                        """, arguments: StatementArguments(chunk + chunk))
                    next.append(contentsOf: ids.filter { reached.insert($0).inserted })
                }
                frontier = next
            }
            return reached
        }
    }

    /// The whole graph, or the entities of `entities` and the triples among them (and from
    /// them to literals).
    ///
    /// With `predicates`, only triples of those predicates; with `documents` (document ids),
    /// only the evidence from those documents and the triples that have some.
    func snapshot(
        entities filter: Set<Int64>?, evidenceText: Bool = true,
        predicates: Set<Predicate>? = nil, documents allowed: Set<Int64>? = nil
    ) throws(StoreError) -> GraphSnapshot {
        let path = self.path
        let rows = try read { db in
            guard let filter else {
                return (
                    entities: try EntityRecord.fetchAll(db),
                    aliases: try Row.fetchAll(db, sql: "SELECT DISTINCT entityId, alias FROM alias"),
                    triples: try TripleRecord.fetchAll(db),
                    evidence: try Row.fetchAll(db, sql: Self.evidenceSQL),
                    documents: try Row.fetchAll(db, sql: "SELECT id, path, contentHash, title, published, compressedText FROM document")
                )
            }
            let ids = filter.sorted()
            let objectList = "[" + ids.map(String.init).joined(separator: ",") + "]"
            var entities: [EntityRecord] = [], aliases: [Row] = [], triples: [TripleRecord] = [], evidence: [Row] = []
            for chunk in Self.chunks(ids) {
                let placeholders = Self.placeholders(chunk.count)
                let arguments = StatementArguments(chunk)
                entities += try EntityRecord.fetchAll(db, sql: "SELECT * FROM entity WHERE id IN (\(placeholders))", arguments: arguments)
                aliases += try Row.fetchAll(
                    db, sql: "SELECT DISTINCT entityId, alias FROM alias WHERE entityId IN (\(placeholders))", arguments: arguments)
                // The objects are filtered in SQL (the ids as one JSON array argument): a busy
                // subject has many triples to entities outside the set, slow to decode and drop.
                triples += try TripleRecord.fetchAll(
                    db, sql: """
                        SELECT * FROM triple WHERE subjectId IN (\(placeholders))
                          AND (objectId IS NULL OR objectId IN (SELECT value FROM json_each(?)))
                        """, arguments: arguments + [objectList]
                ).filter { triple in
                    (triple.objectId.map(filter.contains) ?? true)
                        && (predicates.map { $0.contains { $0.rawValue == triple.predicate } } ?? true)
                }
            }
            for chunk in Self.chunks(triples.compactMap(\.id)) {
                evidence += try Row.fetchAll(
                    db, sql: Self.evidenceSQL + " WHERE v.tripleId IN (\(Self.placeholders(chunk.count)))",
                    arguments: StatementArguments(chunk))
            }
            if let allowed {
                evidence = evidence.filter { allowed.contains($0[1] as Int64) }
                let evidenced = Set(evidence.map { $0[0] as Int64 })
                triples = triples.filter { $0.id.map(evidenced.contains) ?? false }
            }
            let documentIds = Set(evidence.map { $0[1] as Int64 }).sorted()
            var documents: [Row] = []
            for chunk in Self.chunks(documentIds) {
                documents += try Row.fetchAll(
                    db, sql: """
                        SELECT id, path, contentHash, title, published, \(evidenceText ? "compressedText" : "NULL AS compressedText")
                        FROM document WHERE id IN (\(Self.placeholders(chunk.count)))
                        """,
                    arguments: StatementArguments(chunk))
            }
            return (entities, aliases, triples, evidence, documents)
        }

        var aliasesByEntity: [Int64: [String]] = [:]
        for row in rows.aliases {
            aliasesByEntity[row["entityId"], default: []].append(row["alias"])
        }
        var nodes: [GraphSnapshot.Node] = []
        for entity in rows.entities {
            guard let id = entity.id else { continue }
            let kind = try Self.kind(entity.kind, path: path)
            nodes.append(GraphSnapshot.Node(id: id, kind: kind, name: entity.name, aliases: (aliasesByEntity[id] ?? []).sorted()))
        }
        nodes.sort { ($0.kind, $0.name, $0.id) < ($1.kind, $1.name, $1.id) }
        let nodesById = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        // Each document's text as scalars, converted once.
        struct Source {
            var path: String
            var scalars: [Unicode.Scalar]
        }
        var sources: [Int64: Source] = [:]
        var titled: [(path: String, title: String)] = []
        var documents: [GraphSnapshot.Document] = []
        for row in rows.documents {
            let docPath: String = row["path"]
            documents.append(GraphSnapshot.Document(
                path: docPath, contentHash: row["contentHash"], title: row["title"], published: row["published"]))
            if let stored: Data = row["compressedText"] {
                let text = try Self.text(stored, document: docPath, path: path)
                sources[row["id"]] = Source(path: docPath, scalars: Array(text.unicodeScalars))
            } else if !evidenceText {
                sources[row["id"]] = Source(path: docPath, scalars: [])
            }
            if let title: String = row["title"] { titled.append((docPath, title)) }
        }
        titled.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        documents.sort { ($0.path.utf8.lexicographicallyPrecedes($1.path.utf8)) || ($0.path == $1.path && $0.contentHash < $1.contentHash) }

        var evidenceByTriple: [Int64: [GraphSnapshot.EvidenceRow]] = [:]
        for row in rows.evidence {
            let tripleId: Int64 = row[0], documentId: Int64 = row[1]
            let start: Int = row[2], end: Int = row[3], sentenceStart: Int = row[4], sentenceEnd: Int = row[5]
            guard let source = sources[documentId] else { continue }
            evidenceByTriple[tripleId, default: []].append(GraphSnapshot.EvidenceRow(
                document: source.path,
                start: start,
                end: end,
                surface: source.scalars.text(start, end),
                sentence: source.scalars.text(sentenceStart, sentenceEnd),
                rule: row[6],
                confidence: StoredConfidence.confidence(row[7])))
        }

        var edges: [GraphSnapshot.Edge] = []
        for triple in rows.triples {
            guard let id = triple.id else { continue }
            let predicate = try Self.predicate(triple.predicate, path: path)
            let evidence = (evidenceByTriple[id] ?? []).sorted {
                ($0.document, $0.start, $0.end, $0.rule) < ($1.document, $1.start, $1.end, $1.rule)
            }
            edges.append(GraphSnapshot.Edge(
                subject: triple.subjectId, predicate: predicate, object: triple.objectId,
                literal: triple.objectLiteral, evidence: evidence))
        }
        func key(_ edge: GraphSnapshot.Edge) -> (String, Predicate, String, EntityKind?, EntityKind?) {
            let subject = nodesById[edge.subject]
            let object = edge.object.flatMap { nodesById[$0] }
            return (subject?.name ?? "", edge.predicate, object?.name ?? edge.literal ?? "", subject?.kind, object?.kind)
        }
        edges.sort { lhs, rhs in
            let l = key(lhs), r = key(rhs)
            if (l.0, l.1, l.2) != (r.0, r.1, r.2) { return (l.0, l.1, l.2) < (r.0, r.1, r.2) }
            if l.3 != r.3 { return Self.kindOrder(l.3) < Self.kindOrder(r.3) }
            return Self.kindOrder(l.4) < Self.kindOrder(r.4)
        }
        return GraphSnapshot(nodes: nodes, edges: edges, documentTitles: titled.map(\.title), documents: documents)
    }

    /// The evidence columns ``snapshot()`` reads, in order; a WHERE clause may follow.
    private static let evidenceSQL = """
        SELECT v.tripleId, v.documentId, v.start, v."end", v.sentenceStart, v.sentenceEnd, r.name, v.confidenceThousandths
        FROM evidence v JOIN rule r ON r.id = v.ruleId
        """

    /// `ids` in slices of at most 500 (SQLite limits the parameters of a statement).
    static func chunks<T>(_ ids: [T]) -> [ArraySlice<T>] {
        stride(from: 0, to: ids.count, by: 500).map { ids[$0..<min($0 + 500, ids.count)] }
    }

    /// `?, ?, …` with `count` parameters.
    static func placeholders(_ count: Int) -> String {
        Array(repeating: "?", count: count).joined(separator: ", ")
    }

    /// Counts of documents, entities (by kind), triples (by predicate), evidence, mentions and aliases.
    public func stats() throws(StoreError) -> StoreStats {
        let path = self.path
        let rows = try read { db in
            (
                counts: try Row.fetchOne(db, sql: """
                    SELECT (SELECT count(*) FROM document) AS documents,
                           (SELECT count(*) FROM entity) AS entities,
                           (SELECT count(*) FROM triple) AS triples,
                           (SELECT count(*) FROM evidence) AS evidence,
                           (SELECT ifnull(sum(count), 0) FROM mention) AS mentions,
                           (SELECT count(*) FROM alias) AS aliases
                    """),
                kinds: try Row.fetchAll(db, sql: "SELECT kind, count(*) AS n FROM entity GROUP BY kind"),
                predicates: try Row.fetchAll(db, sql: "SELECT predicate, count(*) AS n FROM triple GROUP BY predicate")
            )
        }
        var stats = StoreStats()
        if let counts = rows.counts {
            stats.documents = counts["documents"]
            stats.entities = counts["entities"]
            stats.triples = counts["triples"]
            stats.evidence = counts["evidence"]
            stats.mentions = counts["mentions"]
            stats.aliases = counts["aliases"]
        }
        for row in rows.kinds {
            stats.entitiesByKind[try Self.kind(row["kind"], path: path)] = row["n"]
        }
        for row in rows.predicates {
            stats.triplesByPredicate[try Self.predicate(row["predicate"], path: path)] = row["n"]
        }
        return stats
    }

    /// The stored documents, sorted by path.
    public func documents() throws(StoreError) -> [StoredDocument] {
        let records = try read { db in
            try Row.fetchAll(db, sql: "SELECT path, contentHash, title, published, ingestedAt FROM document")
        }
        return records.map { row in
            StoredDocument(path: row["path"], contentHash: row["contentHash"], title: row["title"],
                           published: row["published"], ingestedAt: row["ingestedAt"])
        }.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }

    /// The source keys of the stored documents, sorted by key.
    public func sources() throws(StoreError) -> [StoredSource] {
        try read { db in
            try Row.fetchAll(db, sql: """
                SELECT s.key, s.path, d.path AS documentPath, d.contentHash
                FROM source s JOIN document d ON d.id = s.documentId ORDER BY s.key
                """).map { row in
                StoredSource(key: row["key"], path: row["path"], documentPath: row["documentPath"], contentHash: row["contentHash"])
            }
        }
    }

    /// The stored text of a document, or nil when the path is not stored.
    public func documentText(path documentPath: String) throws(StoreError) -> String? {
        let stored = try read { db in
            try Data.fetchOne(
                db, sql: "SELECT compressedText FROM document WHERE path = ? ORDER BY id LIMIT 1", arguments: [documentPath])
        }
        return try stored.map { stored throws(StoreError) in try Self.text(stored, document: documentPath, path: path) }
    }

    /// The triples matching the given subject, predicate and object, sorted.
    ///
    /// Subject and object match an entity's canonical name or one of its aliases; the
    /// object also matches a literal. Nil matches anything. Values are bound as
    /// statement arguments, never spliced into SQL.
    public func triples(subject: String? = nil, predicate: Predicate? = nil, object: String? = nil) throws(StoreError) -> [Triple] {
        let path = self.path
        var conditions: [String] = []
        var arguments: StatementArguments = []
        if let subject {
            conditions.append("(s.name = ? OR s.id IN (SELECT entityId FROM alias WHERE alias = ?))")
            arguments += [subject, subject]
        }
        if let predicate {
            conditions.append("t.predicate = ?")
            arguments += [predicate.rawValue]
        }
        if let object {
            conditions.append("(o.name = ? OR t.objectLiteral = ? OR o.id IN (SELECT entityId FROM alias WHERE alias = ?))")
            arguments += [object, object, object]
        }
        let whereClause = conditions.isEmpty ? "" : "WHERE " + conditions.joined(separator: " AND ")
        let sql = """
            SELECT s.kind AS subjectKind, s.name AS subjectName, t.predicate,
                   o.kind AS objectKind, o.name AS objectName, t.objectLiteral
            FROM triple t
            JOIN entity s ON s.id = t.subjectId
            LEFT JOIN entity o ON o.id = t.objectId
            \(whereClause)
            """
        let rows = try read { db in try Row.fetchAll(db, sql: sql, arguments: arguments) }
        var result: [Triple] = []
        for row in rows {
            let subject = EntityRef(try Self.kind(row["subjectKind"], path: path), row["subjectName"])
            let predicate = try Self.predicate(row["predicate"], path: path)
            let object: TripleObject
            if let kind: String = row["objectKind"], let name: String = row["objectName"] {
                object = .entity(EntityRef(try Self.kind(kind, path: path), name))
            } else {
                object = .literal(row["objectLiteral"] ?? "")
            }
            result.append(Triple(subject, predicate, object))
        }
        return result.sorted()
    }

    // MARK: - Decoding stored values

    /// The text of a document as stored (see ``TextCompression``).
    static func text(_ stored: Data, document: String, path: String) throws(StoreError) -> String {
        guard let text = TextCompression.decompress(Array(stored)) else {
            throw .invalidData(path: path, detail: "the stored text of \(document) is damaged; ingest the file again")
        }
        return text
    }

    static func kind(_ raw: String, path: String) throws(StoreError) -> EntityKind {
        guard let kind = EntityKind(rawValue: raw) else {
            throw .invalidData(path: path, detail: "unknown entity kind \"\(raw)\"")
        }
        return kind
    }

    static func predicate(_ raw: String, path: String) throws(StoreError) -> Predicate {
        guard let predicate = Predicate(rawValue: raw) else {
            throw .invalidData(path: path, detail: "unknown predicate \"\(raw)\"")
        }
        return predicate
    }

    static func kindOrder(_ kind: EntityKind?) -> Int {
        kind.flatMap { EntityKind.allCases.firstIndex(of: $0) } ?? -1
    }
}
