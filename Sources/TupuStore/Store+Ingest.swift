import Foundation
import GRDB
import TupuModel

/// What ``Store/ingest(_:extract:)`` did with a document.
public enum IngestOutcome: Sendable, Equatable {
    /// The path was new.
    case added
    /// The path was stored with the same content hash: nothing was extracted or written.
    case unchanged
    /// The path was stored with another hash: its old facts were replaced.
    case replaced
}

extension Store {
    /// Stores a document and what `extract` finds in its text, in one write transaction.
    ///
    /// When the path is already stored with the same content hash, returns `.unchanged`
    /// without calling `extract`. Otherwise the old rows of the path (if any) are
    /// removed, `extract` runs on the text, and the document, its entities, mentions,
    /// aliases, triples (shared with other documents) and evidence are inserted; then
    /// triples without evidence and entities without triple, mention or alias are
    /// deleted. If anything throws — `extract` included — the transaction rolls back
    /// and the store is as before. Errors thrown by `extract` are rethrown as is;
    /// database errors are thrown as ``StoreError``.
    public func ingest(_ document: SourceDocument, extract: (String) throws -> Extraction) throws -> IngestOutcome {
        do {
            return try writer.write { db in
                let existing = try DocumentRecord.filter(Column("path") == document.path).fetchOne(db)
                if let existing, existing.contentHash == document.contentHash {
                    return .unchanged
                }
                if let id = existing?.id {
                    try DocumentRecord.deleteOne(db, key: id)
                }
                let extraction = try extract(document.text)
                try insert(document, extraction, db)
                try Self.deleteOrphans(db)
                return existing == nil ? .added : .replaced
            }
        } catch let error as DatabaseError {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Removes a document and what only it supported. Returns false when the path is not stored.
    public func remove(path documentPath: String) throws -> Bool {
        do {
            return try writer.write { db in
                let deleted = try DocumentRecord.filter(Column("path") == documentPath).deleteAll(db)
                guard deleted > 0 else { return false }
                try Self.deleteOrphans(db)
                return true
            }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Deletes triples left without evidence, then entities left without any triple
    /// (as subject or object), mention or alias.
    static func deleteOrphans(_ db: Database) throws {
        try db.execute(sql: """
            DELETE FROM triple WHERE NOT EXISTS (SELECT 1 FROM evidence WHERE evidence.tripleId = triple.id);
            DELETE FROM entity
            WHERE NOT EXISTS (SELECT 1 FROM triple WHERE triple.subjectId = entity.id)
              AND NOT EXISTS (SELECT 1 FROM triple WHERE triple.objectId = entity.id)
              AND NOT EXISTS (SELECT 1 FROM mention WHERE mention.entityId = entity.id)
              AND NOT EXISTS (SELECT 1 FROM alias WHERE alias.entityId = entity.id);
            """)
    }

    private func insert(_ document: SourceDocument, _ extraction: Extraction, _ db: Database) throws {
        let record = DocumentRecord(
            id: nil,
            path: document.path,
            contentHash: document.contentHash,
            title: extraction.title,
            published: extraction.publicationDate,
            text: document.text,
            ingestedAt: Date().formatted(.iso8601))
        try record.insert(db)
        let documentId = db.lastInsertedRowID

        /// The id of the row `find` returns, else of the row `insert` adds, with the same arguments.
        func findOrInsert(_ find: Statement, _ insert: Statement, _ arguments: StatementArguments) throws -> Int64 {
            if let found = try Int64.fetchOne(find, arguments: arguments) { return found }
            try insert.execute(arguments: arguments)
            return db.lastInsertedRowID
        }

        var entityIds: [EntityRef: Int64] = [:]
        let findEntity = try db.cachedStatement(sql: "SELECT id FROM entity WHERE kind = ? AND name = ?")
        let insertEntity = try db.cachedStatement(sql: "INSERT INTO entity (kind, name) VALUES (?, ?)")
        func entityId(_ ref: EntityRef) throws -> Int64 {
            if let id = entityIds[ref] { return id }
            let id = try findOrInsert(findEntity, insertEntity, [ref.kind.rawValue, ref.name])
            entityIds[ref] = id
            return id
        }

        let insertMention = try db.cachedStatement(sql: """
            INSERT INTO mention (entityId, documentId, start, "end", rule) VALUES (?, ?, ?, ?, ?)
            """)
        for mention in extraction.mentions {
            try insertMention.execute(arguments: [
                try entityId(mention.entity), documentId, mention.span.start, mention.span.end, mention.rule,
            ])
        }

        let insertAlias = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO alias (entityId, alias, documentId, rule) VALUES (?, ?, ?, ?)
            """)
        for alias in extraction.aliases {
            try insertAlias.execute(arguments: [try entityId(alias.entity), alias.alias, documentId, alias.rule])
        }

        var tripleIds: [Triple: Int64] = [:]
        let findTriple = try db.cachedStatement(sql: """
            SELECT id FROM triple
            WHERE subjectId = ? AND predicate = ? AND objectId IS ? AND objectLiteral IS ?
            """)
        let insertTriple = try db.cachedStatement(sql: """
            INSERT INTO triple (subjectId, predicate, objectId, objectLiteral) VALUES (?, ?, ?, ?)
            """)
        func tripleId(_ triple: Triple) throws -> Int64 {
            if let id = tripleIds[triple] { return id }
            var objectId: Int64?
            var literal: String?
            switch triple.object {
            case .entity(let ref): objectId = try entityId(ref)
            case .literal(let value): literal = value
            }
            let arguments: StatementArguments = [
                try entityId(triple.subject), triple.predicate.rawValue, objectId, literal,
            ]
            let id = try findOrInsert(findTriple, insertTriple, arguments)
            tripleIds[triple] = id
            return id
        }

        let insertEvidence = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO evidence
                (tripleId, documentId, sentenceStart, sentenceEnd, start, "end", rule, confidence)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for fact in extraction.facts {
            let evidence = fact.evidence
            try insertEvidence.execute(arguments: [
                try tripleId(fact.triple), documentId,
                evidence.sentence.start, evidence.sentence.end, evidence.span.start, evidence.span.end,
                evidence.rule, evidence.confidence,
            ])
        }
    }
}
