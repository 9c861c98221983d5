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
                predicates: try Row.fetchAll(db, sql: "SELECT predicateId, count(*) AS n FROM triple GROUP BY predicateId")
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
            let code: Int64 = row["predicateId"]
            guard let predicate = PredicateCode.predicate(code: code) else {
                throw .invalidData(path: path, detail: "unknown predicate code \(code)")
            }
            stats.triplesByPredicate[predicate] = row["n"]
        }
        return stats
    }

    /// The stored documents, sorted by path (the first `limit` of them when given).
    public func documents(limit: Int? = nil) throws(StoreError) -> [StoredDocument] {
        // SQLite's BINARY order of the paths is the order of their UTF-8 bytes.
        let records = try read { db in
            try Row.fetchAll(
                db, sql: "SELECT path, contentHash, title, published, ingestedAt FROM document ORDER BY path, id"
                    + (limit.map { " LIMIT \(max($0, 0))" } ?? ""))
        }
        return records.map { row in
            StoredDocument(path: row["path"], contentHash: row["contentHash"], title: row["title"],
                           published: row["published"], ingestedAt: row["ingestedAt"])
        }
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
            conditions.append("t.predicateId = ?")
            arguments += [PredicateCode.code(predicate)]
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
