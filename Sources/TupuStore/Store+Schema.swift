import Foundation
import GRDB

/// The database schema, one `DatabaseMigrator` migration per version.
///
/// Naming: tables are singular lower-case nouns (`document`, `entity`, `alias`,
/// `mention`, `triple`, `evidence`); columns are camelCase and equal to the property
/// names of the matching record types (GRDB's Codable convention); every table has an
/// integer primary key `id`, except (since v3) `evidence` and `entity_document` (WITHOUT ROWID
/// tables keyed by what makes a row unique; since v12 evidence by triple first) and `mention` and
/// `document_triple` (keyed by their document); a foreign
/// key is `<table>Id`. Text offsets (`start`,
/// `end`, `sentenceStart`, `sentenceEnd`) are Unicode code point offsets into
/// `document.text`. Dates are ISO 8601 text.
///
/// Migration identifiers are append-only: a database that records an identifier this
/// build does not know was written by a newer Tupu and is refused.
extension Store {
    static let migrator: DatabaseMigrator = {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "document") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("path", .text).notNull().unique()
                t.column("contentHash", .text).notNull()
                t.column("title", .text)
                t.column("published", .text)
                t.column("text", .text).notNull()
                t.column("ingestedAt", .text).notNull()
            }
            try db.create(table: "entity") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("kind", .text).notNull()
                t.column("name", .text).notNull()
                t.uniqueKey(["kind", "name"])
            }
            try db.create(table: "alias") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("entity", onDelete: .cascade).notNull()
                t.column("alias", .text).notNull()
                t.belongsTo("document", onDelete: .cascade).notNull()
                t.column("rule", .text)
                t.uniqueKey(["entityId", "alias", "documentId"])
            }
            try db.create(table: "mention") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("entity", onDelete: .cascade).notNull()
                t.belongsTo("document", onDelete: .cascade).notNull()
                t.column("start", .integer).notNull()
                t.column("end", .integer).notNull()
                t.column("rule", .text)
            }
            try db.create(table: "triple") { t in
                t.autoIncrementedPrimaryKey("id")
                // No cascade: a triple goes only when its last evidence goes (see cleanup).
                t.belongsTo("subject", inTable: "entity", indexed: false).notNull()
                t.column("predicate", .text).notNull()
                t.belongsTo("object", inTable: "entity", indexed: false)
                t.column("objectLiteral", .text)
                t.check(sql: "(objectId IS NULL) <> (objectLiteral IS NULL)")
            }
            try db.execute(sql: """
                CREATE UNIQUE INDEX triple_unique ON triple(subjectId, predicate, ifnull(objectId, -1), ifnull(objectLiteral, ''));
                CREATE INDEX triple_subject ON triple(subjectId, predicate);
                CREATE INDEX triple_predicate_object ON triple(predicate, objectId);
                CREATE INDEX triple_object ON triple(objectId);
                """)
            try db.create(table: "evidence") { t in
                t.autoIncrementedPrimaryKey("id")
                t.belongsTo("triple", onDelete: .cascade, indexed: false).notNull()
                t.belongsTo("document", onDelete: .cascade, indexed: false).notNull()
                t.column("sentenceStart", .integer).notNull()
                t.column("sentenceEnd", .integer).notNull()
                t.column("start", .integer).notNull()
                t.column("end", .integer).notNull()
                t.column("rule", .text).notNull()
                t.column("confidence", .double).notNull()
                t.uniqueKey(["tripleId", "documentId", "start", "end", "rule"])
            }
            try db.execute(sql: """
                CREATE INDEX evidence_triple ON evidence(tripleId);
                CREATE INDEX evidence_document ON evidence(documentId);
                CREATE INDEX alias_alias ON alias(alias);
                """)
            // `belongsTo` already indexes mention(entityId), mention(documentId),
            // alias(entityId) and alias(documentId).
        }
        // v2: lookups by name alone (queries), literal objects, and substring search of names
        // and aliases with FTS5's trigram tokenizer (row ids follow entity and alias ids).
        migrator.registerMigration("v2") { db in
            try db.execute(sql: """
                CREATE INDEX entity_name ON entity(name);
                CREATE INDEX triple_literal ON triple(objectLiteral) WHERE objectLiteral IS NOT NULL;
                CREATE VIRTUAL TABLE entity_search USING fts5(name, tokenize = 'trigram');
                CREATE VIRTUAL TABLE alias_search USING fts5(alias, tokenize = 'trigram');
                INSERT INTO entity_search(rowid, name) SELECT id, name FROM entity;
                INSERT INTO alias_search(rowid, alias) SELECT id, alias FROM alias;
                CREATE TRIGGER entity_search_insert AFTER INSERT ON entity BEGIN
                    INSERT INTO entity_search(rowid, name) VALUES (new.id, new.name);
                END;
                CREATE TRIGGER entity_search_delete AFTER DELETE ON entity BEGIN
                    DELETE FROM entity_search WHERE rowid = old.id;
                END;
                CREATE TRIGGER alias_search_insert AFTER INSERT ON alias BEGIN
                    INSERT INTO alias_search(rowid, alias) VALUES (new.id, new.alias);
                END;
                CREATE TRIGGER alias_search_delete AFTER DELETE ON alias BEGIN
                    DELETE FROM alias_search WHERE rowid = old.id;
                END;
                """)
        }
        // v3: a smaller store that takes batches faster. Document text is stored compressed
        // (`compressedText`, see TextCompression). A document's mentions are one row, packed
        // (see MentionList), and `entity_document` says which documents mention an entity.
        // Rule names are stored once (`rule`) and referenced by id; evidence becomes a
        // WITHOUT ROWID table keyed by document first, then by what makes a row unique (so a
        // new document's rows are appended, and the key doubles as the index by document,
        // with an index by triple); confidence is stored in
        // thousandths (an integer); the index on triple(subjectId, predicate) goes
        // (triple_unique starts with those columns).
        migrator.registerMigration("v3") { db in
            try db.execute(sql: """
                CREATE TABLE rule (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
                INSERT INTO rule (name)
                    SELECT rule FROM evidence UNION SELECT rule FROM mention WHERE rule IS NOT NULL ORDER BY 1;

                CREATE TABLE evidence_v3 (
                    tripleId INTEGER NOT NULL REFERENCES triple(id) ON DELETE CASCADE,
                    documentId INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                    start INTEGER NOT NULL,
                    "end" INTEGER NOT NULL,
                    ruleId INTEGER NOT NULL REFERENCES rule(id),
                    sentenceStart INTEGER NOT NULL,
                    sentenceEnd INTEGER NOT NULL,
                    confidenceThousandths INTEGER NOT NULL,
                    PRIMARY KEY (documentId, tripleId, start, "end", ruleId)
                ) WITHOUT ROWID;
                INSERT INTO evidence_v3
                    SELECT e.tripleId, e.documentId, e.start, e."end", r.id, e.sentenceStart, e.sentenceEnd,
                           CAST(round(e.confidence * 1000) AS INTEGER)
                    FROM evidence e JOIN rule r ON r.name = e.rule;
                DROP TABLE evidence;
                ALTER TABLE evidence_v3 RENAME TO evidence;
                CREATE INDEX evidence_triple ON evidence(tripleId);

                CREATE TABLE mention_v3 (
                    documentId INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
                    count INTEGER NOT NULL,
                    spans BLOB NOT NULL
                );
                CREATE TABLE entity_document (
                    entityId INTEGER NOT NULL REFERENCES entity(id),
                    documentId INTEGER NOT NULL REFERENCES document(id),
                    PRIMARY KEY (entityId, documentId)
                ) WITHOUT ROWID;
                INSERT INTO entity_document SELECT DISTINCT entityId, documentId FROM mention ORDER BY 1, 2;
                DROP INDEX triple_subject;
                """)
            // Each document's mention rows become one packed list (see MentionList).
            let rows = try Row.fetchCursor(db, sql: """
                SELECT m.documentId, m.start, m."end", m.entityId, r.id
                FROM mention m LEFT JOIN rule r ON r.name = m.rule
                ORDER BY m.documentId
                """)
            var current: (document: Int64, items: [MentionList.Item])?
            func flush() throws {
                guard let (document, items) = current else { return }
                let list = MentionList(items)
                try db.execute(
                    sql: "INSERT INTO mention_v3 (documentId, count, spans) VALUES (?, ?, ?)",
                    arguments: [document, list.items.count, Data(list.encoded)])
            }
            while let row = try rows.next() {
                let document: Int64 = row[0]
                if current?.document != document {
                    try flush()
                    current = (document, [])
                }
                current?.items.append(MentionList.Item(start: row[1], end: row[2], entityId: row[3], ruleId: row[4]))
            }
            try flush()
            try db.execute(sql: """
                DROP TABLE mention;
                ALTER TABLE mention_v3 RENAME TO mention;
                """)
            db.add(function: DatabaseFunction("tupu_compress", argumentCount: 1, pure: true) { values in
                String.fromDatabaseValue(values[0]).map { Data(TextCompression.compress($0)) }
            })
            try db.execute(sql: """
                ALTER TABLE document ADD COLUMN compressedText BLOB;
                UPDATE document SET compressedText = tupu_compress(text);
                ALTER TABLE document DROP COLUMN text;
                """)
        }
        // v4: a document is its content. `document.contentHash` is unique, and `source` lists
        // the keys a document was read from (see ``SourceDocument/sourceKey``): a file's
        // canonical absolute path, or a name given with `--source`; `source.path` is the path
        // as given, for messages. `document.path` stays the path shown in evidence (that of the
        // source that first stored it) and is no longer unique: two folders may each hold a
        // `news.txt`. A v3 store identified documents by their path as given, so each becomes a
        // source key as is; documents with the same content are merged into the oldest one (its
        // evidence is kept, the copies' rows go, and what only the copies held is cleaned up).
        migrator.registerMigration("v4") { db in
            try db.execute(sql: """
                CREATE TEMP TABLE document_keeper AS
                    SELECT d.id AS id, (SELECT min(o.id) FROM document o WHERE o.contentHash = d.contentHash) AS keeper
                    FROM document d;
                CREATE TEMP TABLE source_v4 AS
                    SELECT d.path AS key, k.keeper AS documentId, d.path AS path
                    FROM document d JOIN document_keeper k ON k.id = d.id;
                CREATE TEMP TABLE document_copy AS SELECT id FROM document_keeper WHERE id <> keeper;
                CREATE TEMP TABLE touched_triple AS
                    SELECT DISTINCT tripleId AS id FROM evidence WHERE documentId IN (SELECT id FROM document_copy);
                CREATE TEMP TABLE touched_entity AS
                    SELECT entityId AS id FROM entity_document WHERE documentId IN (SELECT id FROM document_copy)
                    UNION SELECT entityId FROM alias WHERE documentId IN (SELECT id FROM document_copy);
                DELETE FROM evidence WHERE documentId IN (SELECT id FROM document_copy);
                DELETE FROM mention WHERE documentId IN (SELECT id FROM document_copy);
                DELETE FROM alias WHERE documentId IN (SELECT id FROM document_copy);
                DELETE FROM entity_document WHERE documentId IN (SELECT id FROM document_copy);
                -- Only what the copies used and nothing else holds (the same text gives the same
                -- facts, unless the rules changed between the two ingests).
                DELETE FROM touched_triple WHERE EXISTS (SELECT 1 FROM evidence e WHERE e.tripleId = touched_triple.id);
                INSERT INTO touched_entity SELECT subjectId FROM triple WHERE id IN (SELECT id FROM touched_triple)
                    UNION SELECT objectId FROM triple WHERE id IN (SELECT id FROM touched_triple) AND objectId IS NOT NULL;
                DELETE FROM triple WHERE id IN (SELECT id FROM touched_triple);
                DELETE FROM entity WHERE id IN (SELECT id FROM touched_entity)
                    AND NOT EXISTS (SELECT 1 FROM triple t WHERE t.subjectId = entity.id)
                    AND NOT EXISTS (SELECT 1 FROM triple t WHERE t.objectId = entity.id)
                    AND NOT EXISTS (SELECT 1 FROM entity_document m WHERE m.entityId = entity.id)
                    AND NOT EXISTS (SELECT 1 FROM alias a WHERE a.entityId = entity.id);

                CREATE TABLE document_v4 (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    path TEXT NOT NULL,
                    contentHash TEXT NOT NULL UNIQUE,
                    title TEXT,
                    published TEXT,
                    ingestedAt TEXT NOT NULL,
                    compressedText BLOB
                );
                INSERT INTO document_v4 (id, path, contentHash, title, published, ingestedAt, compressedText)
                    SELECT id, path, contentHash, title, published, ingestedAt, compressedText FROM document
                    WHERE id NOT IN (SELECT id FROM document_copy) ORDER BY id;
                DROP TABLE document;
                ALTER TABLE document_v4 RENAME TO document;
                CREATE INDEX document_path ON document(path);

                CREATE TABLE source (
                    key TEXT NOT NULL PRIMARY KEY,
                    documentId INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                    path TEXT NOT NULL
                ) WITHOUT ROWID;
                INSERT INTO source (key, documentId, path) SELECT key, documentId, path FROM source_v4 ORDER BY key;
                CREATE INDEX source_document ON source(documentId);
                DROP TABLE document_keeper;
                DROP TABLE source_v4;
                DROP TABLE document_copy;
                DROP TABLE touched_triple;
                DROP TABLE touched_entity;
                """)
        }
        // v5: an event is one happening (its name and date, or its name and document) and a
        // document is an entity with its publication date; see ``EventIdentityMigration``.
        migrator.registerMigration("v5") { db in
            try EventIdentityMigration.run(db)
        }
        // v6: the links between entities read from indexes alone. A path or a neighbourhood reads
        // (id, subjectId, objectId) by subject and by object; without these two covering indexes
        // each row cost a lookup in the table (a 4-step path on 1.4 M triples: 0.83 s of CPU
        // before, 0.12 s after).
        migrator.registerMigration("v6") { db in
            try db.execute(sql: """
                DROP INDEX triple_object;
                CREATE INDEX triple_object ON triple(objectId, subjectId);
                CREATE INDEX triple_subject_object ON triple(subjectId, objectId);
                """)
        }
        // v7: the name and alias search indexes read their text from `entity` and `alias`
        // (FTS5 external content) and keep no column sizes (nothing ranks matches): the copy
        // of every name and alias goes (on the 20,000-article bench, 4.8 MB of a 91 MB store).
        // The triggers must give FTS5 the exact values a row was indexed with, so a row's
        // name or alias is never updated in place (none is: a changed name is another entity).
        migrator.registerMigration("v7") { db in
            try db.execute(sql: """
                DROP TRIGGER entity_search_insert;
                DROP TRIGGER entity_search_delete;
                DROP TRIGGER alias_search_insert;
                DROP TRIGGER alias_search_delete;
                DROP TABLE entity_search;
                DROP TABLE alias_search;
                CREATE VIRTUAL TABLE entity_search USING fts5(
                    name, tokenize = 'trigram', content = 'entity', content_rowid = 'id', columnsize = 0);
                CREATE VIRTUAL TABLE alias_search USING fts5(
                    alias, tokenize = 'trigram', content = 'alias', content_rowid = 'id', columnsize = 0);
                INSERT INTO entity_search(entity_search) VALUES ('rebuild');
                INSERT INTO alias_search(alias_search) VALUES ('rebuild');
                CREATE TRIGGER entity_search_insert AFTER INSERT ON entity BEGIN
                    INSERT INTO entity_search(rowid, name) VALUES (new.id, new.name);
                END;
                CREATE TRIGGER entity_search_delete AFTER DELETE ON entity BEGIN
                    INSERT INTO entity_search(entity_search, rowid, name) VALUES ('delete', old.id, old.name);
                END;
                CREATE TRIGGER alias_search_insert AFTER INSERT ON alias BEGIN
                    INSERT INTO alias_search(rowid, alias) VALUES (new.id, new.alias);
                END;
                CREATE TRIGGER alias_search_delete AFTER DELETE ON alias BEGIN
                    INSERT INTO alias_search(alias_search, rowid, alias) VALUES ('delete', old.id, old.alias);
                END;
                """)
        }
        // v8: a bulk load (an ingest into a store with no document) builds the secondary indexes
        // and the search triggers once at the end; `deferred_index` holds the SQL of those it
        // left out until they are built (see Store+BulkLoad.swift). Empty otherwise; a build
        // before v8 would write into a store in that state without keeping search in step, so
        // it is refused by the version check.
        migrator.registerMigration("v8") { db in
            try db.execute(sql: """
                CREATE TABLE deferred_index (name TEXT NOT NULL PRIMARY KEY, type TEXT NOT NULL, sql TEXT NOT NULL) WITHOUT ROWID;
                """)
        }
        // v9: the kinds each predicate has linked (`triple_kind`: predicate, subject kind, object
        // kind, '' for a literal object), kept by a trigger on every new triple. Rows are never
        // taken out when triples go, so the table may name more kinds than the store still holds,
        // never fewer: a query ordered by an entity's name walks the names of those kinds only
        // (see ``OrderedWalk``), where walking every entity's name would read the 100,000
        // document entities too. An entity's kind never changes and triples are never updated.
        // The trigger costs the writer: on a 3,000-article corpus (42,408 triples, `ingest
        // --from-jsonl`, writer thread CPU) 2.4 to 3.3 s without it, 3.2 to 3.3 s with this one
        // (3.6 to 4.4 s when it inserted on every triple instead of checking first).
        migrator.registerMigration("v9") { db in
            try db.execute(sql: """
                CREATE TABLE triple_kind (
                    predicate TEXT NOT NULL,
                    subjectKind TEXT NOT NULL,
                    objectKind TEXT NOT NULL,
                    PRIMARY KEY (predicate, subjectKind, objectKind)
                ) WITHOUT ROWID;
                INSERT OR IGNORE INTO triple_kind (predicate, subjectKind, objectKind)
                    SELECT DISTINCT t.predicate, s.kind, ifnull(o.kind, '')
                    FROM triple t JOIN entity s ON s.id = t.subjectId LEFT JOIN entity o ON o.id = t.objectId;
                CREATE TRIGGER triple_kind_insert AFTER INSERT ON triple
                WHEN NOT EXISTS (
                    SELECT 1 FROM entity s JOIN triple_kind k
                        ON k.predicate = new.predicate AND k.subjectKind = s.kind
                        AND k.objectKind = ifnull((SELECT o.kind FROM entity o WHERE o.id = new.objectId), '')
                    WHERE s.id = new.subjectId)
                BEGIN
                    INSERT OR IGNORE INTO triple_kind (predicate, subjectKind, objectKind)
                        SELECT new.predicate, s.kind, ifnull((SELECT o.kind FROM entity o WHERE o.id = new.objectId), '')
                        FROM entity s WHERE s.id = new.subjectId;
                END;
                """)
        }
        // v10: the writer keeps `triple_kind` itself (it knows the kinds of a new triple's
        // entities, and the few rows of the table, so it inserts a row only for a new
        // combination), and the trigger of v9, which looked up both entities and the table on
        // every new triple, goes. Rows are as before; a build before v10 would insert triples
        // without their kinds, so it is refused by the version check.
        migrator.registerMigration("v10") { db in
            try db.execute(sql: "DROP TRIGGER triple_kind_insert")
        }
        // v11: alias(entityId) goes: the unique key of `alias`, (entityId, alias, documentId),
        // starts with it and serves its readers (on the 100,000-article bench store 2.8 MiB). A
        // pending bulk load's record of it goes with it. Texts stored from v11 on are compressed
        // with a preset dictionary (see TextCompression): a build before v11 could not read them,
        // and the version check refuses it. Texts stored before stay as they are and are still
        // read. (The key of a triple as plain unique indexes, which would also have covered the
        // links by subject and let triple_subject_object go, 19 MiB of that store, was tried and
        // not kept: SQLite's planner, which has no statistics, then trusted a probe of the whole
        // unique key to find one row and started joins from every triple of a predicate; see the
        // README's Benchmark.)
        migrator.registerMigration("v11") { db in
            try db.execute(sql: """
                DELETE FROM deferred_index WHERE name = 'alias_on_entityId';
                DROP INDEX IF EXISTS alias_on_entityId;
                """)
        }
        // v12: evidence keyed by triple. Every reader of evidence but one asks for the evidence
        // of given triples (`show`, `why`, exports, query patterns, the writer's check for a
        // triple left without evidence); only the removal of a document and the readers of what
        // one document states ask by document. So `evidence` is a WITHOUT ROWID table keyed by
        // (tripleId, documentId, start, end, ruleId) with no secondary index (its index by
        // triple, 37 MiB of the 100,000-article bench store, goes), and a document's triples are
        // one row of `document_triple` (documentId, the ids packed: ``TripleList``), which SQL
        // reads with `tupu_triple_ids`. A pending bulk load's record of the old index goes with it.
        // An alias names its rule by id (`alias.ruleId`, NULL for none) instead of by text (seven
        // names of about 21 bytes over 270,000 aliases in that store).
        migrator.registerMigration("v12") { db in
            try db.execute(sql: """
                DELETE FROM deferred_index WHERE name = 'evidence_triple';
                CREATE TABLE evidence_v12 (
                    tripleId INTEGER NOT NULL REFERENCES triple(id) ON DELETE CASCADE,
                    documentId INTEGER NOT NULL REFERENCES document(id) ON DELETE CASCADE,
                    start INTEGER NOT NULL,
                    "end" INTEGER NOT NULL,
                    ruleId INTEGER NOT NULL REFERENCES rule(id),
                    sentenceStart INTEGER NOT NULL,
                    sentenceEnd INTEGER NOT NULL,
                    confidenceThousandths INTEGER NOT NULL,
                    PRIMARY KEY (tripleId, documentId, start, "end", ruleId)
                ) WITHOUT ROWID;
                INSERT INTO evidence_v12
                    SELECT tripleId, documentId, start, "end", ruleId, sentenceStart, sentenceEnd, confidenceThousandths
                    FROM evidence ORDER BY tripleId, documentId, start, "end", ruleId;
                CREATE TABLE document_triple (
                    documentId INTEGER PRIMARY KEY REFERENCES document(id) ON DELETE CASCADE,
                    tripleIds BLOB NOT NULL
                );
                """)
            // Each document's triples, read by document from the old table's key.
            let rows = try Row.fetchCursor(db, sql: "SELECT DISTINCT documentId, tripleId FROM evidence ORDER BY documentId, tripleId")
            var current: (document: Int64, ids: [Int64])?
            func flush() throws {
                guard let (document, ids) = current else { return }
                try db.execute(
                    sql: "INSERT INTO document_triple (documentId, tripleIds) VALUES (?, ?)",
                    arguments: [document, Data(TripleList(ids).encoded)])
            }
            while let row = try rows.next() {
                let document: Int64 = row[0]
                if current?.document != document {
                    try flush()
                    current = (document, [])
                }
                current?.ids.append(row[1])
            }
            try flush()
            try db.execute(sql: """
                DROP TABLE evidence;
                ALTER TABLE evidence_v12 RENAME TO evidence;
                INSERT OR IGNORE INTO rule (name) SELECT DISTINCT rule FROM alias WHERE ifnull(rule, '') <> '' ORDER BY 1;
                ALTER TABLE alias ADD COLUMN ruleId INTEGER REFERENCES rule(id);
                UPDATE alias SET ruleId = (SELECT id FROM rule WHERE name = alias.rule) WHERE ifnull(rule, '') <> '';
                ALTER TABLE alias DROP COLUMN rule;
                """)
        }
        // v13: a triple's predicate is stored as its code (``PredicateCode``): `triple.predicateId`,
        // and `triple_unique` and `triple_predicate_object` hold the code. `triple.predicate` stays,
        // the name computed from the code when read (a virtual generated column), so every reader
        // and SQLite tool still reads names. The table is copied (SQLite cannot change a column's
        // type in place), in id order, with its AUTOINCREMENT counter; its indexes are built again,
        // except those a killed bulk load left out, whose recorded SQL is rewritten.
        migrator.registerMigration("v13") { db in
            try PredicateCodeMigration.run(db)
        }
        // v14: document text is written as an LZ4 block with the dictionary (``TextCompression``);
        // texts stored before stay as they are and are still read. Nothing in the schema changes:
        // the migration is recorded so that a build from before, which cannot read such texts,
        // refuses the store instead of calling its texts damaged.
        migrator.registerMigration("v14") { _ in }
        // v15: `triple_unique` is keyed by the larger of the triple's two entity ids first
        // (``TripleKeyOrder``), then by the same columns as before. A new fact nearly always names
        // an entity just stored (the meeting of the article, its date), so its key falls at the
        // end of the index instead of beside the older triples of its subject (an official's
        // hundreds of meetings): the writer's inserts into the one triple index a bulk load
        // keeps touch the last pages instead of any page of the index. The index no longer finds
        // a subject's triples by predicate, so `triple_subject_object (subjectId, objectId)`
        // becomes `triple_subject (subjectId, predicateId, objectId)`, which does (without it,
        // SQLite's planner sought a bound subject's `holds_role` through every `holds_role`
        // triple). A reader during a bulk load, which builds that index at its end, scans.
        // The planner needs statistics to choose between these indexes (Store+Statistics.swift):
        // the tables are measured.
        migrator.registerMigration("v15") { db in
            try TripleKeyOrder.migrate(db)
            try Store.refreshStatistics(db, always: false)
        }
        // v16: the ids of documents, entities, aliases and triples are given by the writer, not by
        // SQLite's AUTOINCREMENT (see ``IdCounter``). The tables are copied without the keyword,
        // rows and ids as they were, and the counters move from `sqlite_sequence` to `id_counter`.
        migrator.registerMigration("v16") { db in
            try IdCounter.migrate(db)
        }
        return migrator
    }()
}

/// The order of `triple_unique` since v15 (see the comment on v15 in ``Store/migrator``).
enum TripleKeyOrder {
    /// The larger of a triple's entity ids (its subject's for a literal): the first column of
    /// `triple_unique`. The writer's look-up names it in these words, so SQLite matches it to
    /// the index's expression.
    static let first = "max(subjectId, ifnull(objectId, -1))"

    static let uniqueIndex = """
        CREATE UNIQUE INDEX triple_unique ON triple(\(first), subjectId, predicateId, ifnull(objectId, -1), ifnull(objectLiteral, ''))
        """

    /// A subject's triples, by predicate and object; it replaces `triple_subject_object`.
    static let subjectIndex = "CREATE INDEX triple_subject ON triple(subjectId, predicateId, objectId)"

    static func migrate(_ db: Database) throws {
        try db.execute(sql: "DROP INDEX IF EXISTS triple_unique")
        try db.execute(sql: uniqueIndex)
        let pending = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM deferred_index WHERE name = 'triple_subject_object')") ?? false
        if pending {
            // A bulk load killed before its end left the old index out: it will build the new one.
            try db.execute(sql: "DELETE FROM deferred_index WHERE name = 'triple_subject_object'")
            try db.execute(sql: "INSERT INTO deferred_index (name, type, sql) VALUES ('triple_subject', 'index', ?)", arguments: [subjectIndex])
        } else {
            try db.execute(sql: "DROP INDEX IF EXISTS triple_subject_object")
            try db.execute(sql: subjectIndex)
        }
    }
}

/// The migration to v13 (see the comment on it in ``Store/migrator``).
enum PredicateCodeMigration {
    /// The triple table's indexes since v13, by name.
    static let indexes: [(name: String, sql: String)] = [
        ("triple_unique", "CREATE UNIQUE INDEX triple_unique ON triple(subjectId, predicateId, ifnull(objectId, -1), ifnull(objectLiteral, ''))"),
        ("triple_predicate_object", "CREATE INDEX triple_predicate_object ON triple(predicateId, objectId)"),
        ("triple_object", "CREATE INDEX triple_object ON triple(objectId, subjectId)"),
        ("triple_subject_object", "CREATE INDEX triple_subject_object ON triple(subjectId, objectId)"),
        ("triple_literal", "CREATE INDEX triple_literal ON triple(objectLiteral) WHERE objectLiteral IS NOT NULL"),
    ]

    static func run(_ db: Database) throws {
        let unknown = try String.fetchAll(
            db, sql: "SELECT DISTINCT predicate FROM triple WHERE (\(PredicateCode.codeExpression(of: "predicate"))) IS NULL")
        if !unknown.isEmpty {
            throw DatabaseError(
                resultCode: .SQLITE_CONSTRAINT,
                message: "triples with predicates this build does not know (\(unknown.joined(separator: ", "))); use the Tupu that wrote them")
        }
        let existing = try Set(String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'triple'"))
        let pending = try Set(String.fetchAll(db, sql: "SELECT name FROM deferred_index"))
        let counter = try Int64.fetchOne(db, sql: "SELECT seq FROM sqlite_sequence WHERE name = 'triple'") ?? 0
        try db.execute(sql: """
            CREATE TABLE triple_v13 (
                "id" INTEGER PRIMARY KEY AUTOINCREMENT,
                "subjectId" INTEGER NOT NULL REFERENCES "entity"("id"),
                "predicateId" INTEGER NOT NULL,
                "objectId" INTEGER REFERENCES "entity"("id"),
                "objectLiteral" TEXT,
                "predicate" TEXT GENERATED ALWAYS AS (\(PredicateCode.nameExpression(of: "predicateId"))) VIRTUAL,
                CHECK ((objectId IS NULL) <> (objectLiteral IS NULL))
            );
            INSERT INTO triple_v13 (id, subjectId, predicateId, objectId, objectLiteral)
                SELECT id, subjectId, \(PredicateCode.codeExpression(of: "predicate")), objectId, objectLiteral FROM triple ORDER BY id;
            DROP TABLE triple;
            ALTER TABLE triple_v13 RENAME TO triple;
            """)
        try db.execute(sql: "UPDATE sqlite_sequence SET seq = max(seq, ?) WHERE name = 'triple'", arguments: [counter])
        for index in indexes {
            if existing.contains(index.name) {
                try db.execute(sql: index.sql)
            } else if pending.contains(index.name) {
                try db.execute(sql: "UPDATE deferred_index SET sql = ? WHERE name = ?", arguments: [index.sql, index.name])
            }
        }
    }
}
