import Foundation
import GRDB
import TupuModel

/// Migration v5: events become instances and documents entities (see
/// ``TupuModel/Extraction/identified(contentHash:)``).
///
/// Before v5 an event was its name, so every 省委常委会会议 of a store was one node with the
/// dates and places of all of them. The migration reads back what each document's rows say
/// (facts with their evidence, mentions, aliases), applies the same identity step that ingest
/// now applies, and writes the document's rows again; what only the old event nodes held is
/// then cleaned up. Extraction does not run again, so the facts stay those the store had.
///
/// It uses ``BatchWriter`` on the v5 tables, which are the v4 tables (v5 changes no table).
enum EventIdentityMigration {
    static func run(_ db: Database) throws {
        var writer = try BatchWriter(db)
        var names = StoredNames(db)
        let documents = try Row.fetchAll(db, sql: "SELECT id, contentHash, title, published, compressedText FROM document ORDER BY id")
        for row in documents {
            let id: Int64 = row["id"]
            let stored: Data? = row["compressedText"]
            let text = stored.flatMap { TextCompression.decompress(Array($0)) }
            let extraction = try readBack(document: id, title: row["title"], published: row["published"], text: text, names: &names, db)
            try writer.deleteRows(of: id, db)
            try writer.insertRows(of: id, extraction.identified(contentHash: row["contentHash"]))
        }
        try writer.finish(db)
    }

    /// What the rows of one document say, as an extraction.
    /// Entity and rule names by id, read once for the whole migration: the ids of the stored rows
    /// stay valid until ``BatchWriter/finish(_:)`` cleans up after the last document.
    struct StoredNames {
        let db: Database
        var entities: [Int64: EntityRef] = [:]
        var rules: [Int64: String] = [:]

        init(_ db: Database) {
            self.db = db
        }

        mutating func entity(_ id: Int64) throws -> EntityRef? {
            if let known = entities[id] { return known }
            guard let row = try Row.fetchOne(db, sql: "SELECT kind, name FROM entity WHERE id = ?", arguments: [id]),
                let kind = EntityKind(rawValue: row["kind"])
            else { return nil }
            let ref = EntityRef(kind, row["name"])
            entities[id] = ref
            return ref
        }

        mutating func rule(_ id: Int64) throws -> String {
            if let known = rules[id] { return known }
            let name = try String.fetchOne(db, sql: "SELECT name FROM rule WHERE id = ?", arguments: [id]) ?? ""
            rules[id] = name
            return name
        }
    }

    static func readBack(
        document id: Int64, title: String?, published: String?, text: String?, names: inout StoredNames, _ db: Database
    ) throws -> Extraction {
        let scalars = text.map { Array($0.unicodeScalars) } ?? []
        func surface(_ start: Int, _ end: Int) -> String {
            guard start >= 0, start <= end, end <= scalars.count else { return "" }
            return scalars.text(start, end)
        }
        func entity(_ entityId: Int64) throws -> EntityRef? { try names.entity(entityId) }

        var facts: [Fact] = []
        // Before v12 (the migration to v5 reads back through here) evidence is keyed by
        // document; since v12 by triple, and the document's list of triples finds its rows.
        let rows = try db.tableExists("document_triple")
            ? """
              FROM document_triple dt, json_each(tupu_triple_ids(dt.tripleIds)) j
              JOIN evidence e ON e.tripleId = j.value AND e.documentId = dt.documentId JOIN triple t ON t.id = e.tripleId
              WHERE dt.documentId = ?
              """
            : "FROM evidence e JOIN triple t ON t.id = e.tripleId WHERE e.documentId = ?"
        let evidence = try Row.fetchAll(db, sql: """
            SELECT t.subjectId, t.predicate, t.objectId, t.objectLiteral, e.start, e."end", e.ruleId,
                   e.sentenceStart, e.sentenceEnd, e.confidenceThousandths
            \(rows) ORDER BY e.start, e."end", e.tripleId
            """, arguments: [id])
        for row in evidence {
            guard let subject = try entity(row[0]), let predicate = Predicate(rawValue: row[1]) else { continue }
            let object: TripleObject
            if let objectId: Int64 = row[2] {
                guard let ref = try entity(objectId) else { continue }
                object = .entity(ref)
            } else {
                object = .literal(row[3] ?? "")
            }
            facts.append(Fact(
                Triple(subject, predicate, object),
                evidence: Evidence(
                    sentence: Span(start: row[7], end: max(row[7], row[8])), span: Span(start: row[4], end: max(row[4], row[5])),
                    rule: try names.rule(row[6]), confidence: StoredConfidence.confidence(row[9]))))
        }

        var mentions: [Mention] = []
        if let packed = try Data.fetchOne(db, sql: "SELECT spans FROM mention WHERE documentId = ?", arguments: [id]) {
            guard let list = MentionList(encoded: Array(packed)) else {
                throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "the mentions of document \(id) are damaged")
            }
            for item in list.items {
                guard let ref = try entity(item.entityId) else { continue }
                mentions.append(Mention(
                    entity: ref, span: Span(start: item.start, end: max(item.start, item.end)), surface: surface(item.start, item.end),
                    rule: try item.ruleId.map { try names.rule($0) } ?? ""))
            }
        }

        var aliases: [Alias] = []
        let aliasSQL = try db.tableExists("document_triple")
            ? "SELECT a.entityId, a.alias, r.name FROM alias a LEFT JOIN rule r ON r.id = a.ruleId WHERE a.documentId = ?"
            : "SELECT entityId, alias, rule FROM alias WHERE documentId = ?"
        for row in try Row.fetchAll(db, sql: aliasSQL, arguments: [id]) {
            guard let ref = try entity(row[0]) else { continue }
            aliases.append(Alias(entity: ref, alias: row[1], rule: row[2] ?? ""))
        }

        return Extraction(
            title: title, publicationDate: published, mentions: mentions, aliases: aliases, facts: facts,
            titleSpan: title.flatMap { Self.span(of: $0, in: scalars) },
            publicationSpan: published.flatMap { Self.lineSpan(writing: $0, in: scalars) })
    }

    /// Where `needle` is first written in the text.
    static func span(of needle: String, in scalars: [Unicode.Scalar]) -> Span? {
        let target = Array(needle.unicodeScalars)
        guard !target.isEmpty, target.count <= scalars.count else { return nil }
        for start in 0...(scalars.count - target.count) where scalars[start] == target[0] {
            if scalars[start..<(start + target.count)].elementsEqual(target) { return Span(start: start, end: start + target.count) }
        }
        return nil
    }

    /// The first line that writes the ISO date `yyyy-mm-dd` as is or as `yyyy年m月d日`.
    static func lineSpan(writing date: String, in scalars: [Unicode.Scalar]) -> Span? {
        let parts = date.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let forms = [date, "\(parts[0])年\(parts[1])月\(parts[2])日", String(format: "%04d年%02d月%02d日", parts[0], parts[1], parts[2])]
        let found = forms.compactMap { span(of: $0, in: scalars) }.min()
        guard let found else { return nil }
        var start = found.start
        while start > 0, scalars[start - 1] != "\n" { start -= 1 }
        var end = found.end
        while end < scalars.count, scalars[end] != "\n" { end += 1 }
        return Span(start: start, end: end)
    }
}
