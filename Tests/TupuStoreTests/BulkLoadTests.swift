import Foundation
import GRDB
import Testing
import TupuExtract
import TupuModel

@testable import TupuIngest
@testable import TupuStore

/// An ingest into a store with no document is a bulk load: the secondary indexes and search
/// triggers are left out while it writes and built at its end (Store+BulkLoad.swift).
@Suite struct BulkLoadTests {
    static let articles = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fixtures/articles")

    static func articlePaths() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: articles.path).filter { $0.hasSuffix(".txt") }.sorted()
            .map { articles.appendingPathComponent($0).path }
    }

    /// The bundled rules, loaded once for the suite.
    static let loaded = Result { try RuleSet.load() }

    static func extract(_ text: String) throws -> Extraction {
        Extractor(rules: try loaded.get()).extract(text)
    }

    static func extractor() throws -> @Sendable (String) -> Extraction {
        let extractor = Extractor(rules: try loaded.get())
        return { extractor.extract($0) }
    }

    /// Every fact with its evidence, by names (ids depend on the order of writing).
    static func facts(_ store: Store) throws -> [String] {
        try store.writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT s.kind || ':' || s.name || ' ' || t.predicate || ' ' || ifnull(o.kind || ':' || o.name, t.objectLiteral)
                       || ' @' || d.path || ' ' || e.start || '-' || e."end" || ' ' || r.name || ' ' || e.confidenceThousandths
                FROM evidence e JOIN triple t ON t.id = e.tripleId JOIN entity s ON s.id = t.subjectId
                LEFT JOIN entity o ON o.id = t.objectId JOIN document d ON d.id = e.documentId JOIN rule r ON r.id = e.ruleId
                ORDER BY 1
                """)
        }
    }

    /// The indexes and triggers, with their SQL, by name.
    static func schema(_ store: Store) throws -> [String] {
        try store.writer.read { db in
            try String.fetchAll(db, sql: """
                SELECT type || ' ' || name || ' ' || ifnull(sql, '') FROM sqlite_master WHERE type IN ('index', 'trigger') ORDER BY name
                """)
        }
    }

    static func searchCounts(_ store: Store) throws -> [Int] {
        try store.writer.write { db in
            try ["entity_search", "alias_search"].map { table in
                // The FTS5 integrity check compares the index with the table it reads from.
                try db.execute(sql: "INSERT INTO \(table)(\(table), rank) VALUES ('integrity-check', 1)")
                return try Int.fetchOne(db, sql: "SELECT count(*) FROM \(table)") ?? -1
            }
        }
    }

    /// A store of the first article written by the plain writer (one document: no bulk load).
    static func plainStore(_ paths: [String], in folder: URL) throws -> Store {
        let store = try Store(path: folder.appendingPathComponent("plain.sqlite").path)
        let first = try SourceDocument.read(path: paths[0])
        _ = try store.ingest(first) { try extract($0).identified(contentHash: first.contentHash) }
        #expect(try !store.beginBulkLoadIfEmpty(), "a store that holds a document is not bulk loaded")
        _ = try store.ingest(files: paths, options: IngestOptions(batchSize: 3, threads: 2), extract: try extractor())
        return store
    }

    @Test func aBulkLoadStoresWhatThePlainWriterStoresAndBuildsEveryIndex() throws {
        let folder = try temporaryFolder()
        let paths = try Self.articlePaths()
        #expect(paths.count >= 6)
        let plain = try Self.plainStore(paths, in: folder)
        let fresh = try Store(path: folder.appendingPathComponent("fresh.sqlite").path)
        let bulk = try Store(path: folder.appendingPathComponent("bulk.sqlite").path)
        let summary = try bulk.ingest(files: paths, options: IngestOptions(batchSize: 3, threads: 2), extract: try Self.extractor())
        #expect(summary.added == paths.count)
        #expect(try !bulk.hasPendingBulkLoad())
        #expect(try Self.schema(bulk) == Self.schema(fresh))
        #expect(try Self.schema(bulk).contains { $0.hasPrefix("index triple_predicate_object ") })
        let facts = try Self.facts(bulk)
        #expect(!facts.isEmpty)
        #expect(try facts == Self.facts(plain))
        #expect(try bulk.stats().entities == plain.stats().entities)
        #expect(try Self.searchCounts(bulk) == Self.searchCounts(plain))
        // Search reads the rebuilt trigram index.
        let name = try #require(try bulk.writer.read { db in try String.fetchOne(db, sql: "SELECT name FROM entity WHERE length(name) >= 4 ORDER BY id") })
        #expect(try bulk.search(String(name.prefix(3))).contains { $0.name == name })
        // Ingesting again changes nothing and starts no bulk load.
        let again = try bulk.ingest(files: paths, extract: try Self.extractor())
        #expect(again.unchanged == paths.count)
        #expect(try Self.facts(bulk) == facts)
    }

    /// What a kill in the middle of a bulk load leaves: whole documents, the indexes pending.
    /// Readers still answer (search scans), the next ingest resumes the bulk load and builds
    /// everything at its end, and a removal builds the indexes before it deletes.
    @Test func aPendingBulkLoadIsWholeAndTheNextIngestOrRemovalBuildsItsIndexes() throws {
        let folder = try temporaryFolder()
        let paths = try Self.articlePaths()
        let plain = try Self.plainStore(paths, in: folder)
        let fresh = try Store(path: folder.appendingPathComponent("fresh.sqlite").path)

        let path = folder.appendingPathComponent("killed.sqlite").path
        do {
            let store = try Store(path: path)
            #expect(try store.beginBulkLoadIfEmpty())
            let documents = try paths.prefix(3).map { path in
                let document = try SourceDocument.read(path: path)
                return ExtractedDocument(document: document, extraction: try Self.extract(document.text).identified(contentHash: document.contentHash))
            }
            _ = try store.store(documents)
            // Closed here without building, as a killed process leaves it.
        }
        let killed = try Store(path: path)
        #expect(try killed.hasPendingBulkLoad())
        let pendingSchema = try Self.schema(killed)
        #expect(!pendingSchema.contains { $0.hasPrefix("index triple_predicate_object ") || $0.hasPrefix("trigger entity_search_insert ") })
        #expect(pendingSchema.contains { $0.hasPrefix("index triple_unique ") })
        let name = try #require(try killed.writer.read { db in try String.fetchOne(db, sql: "SELECT name FROM entity WHERE length(name) >= 4 ORDER BY id") })
        #expect(try killed.search(String(name.prefix(3))).contains { $0.name == name }, "search scans while the index is pending")
        #expect(try killed.stats().documents == 3)
        #expect(try killed.beginBulkLoadIfEmpty(), "a pending bulk load is resumed")

        let resumed = try killed.ingest(files: paths, options: IngestOptions(batchSize: 2), extract: try Self.extractor())
        #expect((resumed.added, resumed.unchanged) == (paths.count - 3, 3))
        #expect(try !killed.hasPendingBulkLoad())
        #expect(try Self.schema(killed) == Self.schema(fresh))
        #expect(try Self.facts(killed) == Self.facts(plain))
        #expect(try Self.searchCounts(killed) == Self.searchCounts(plain))

        // A removal while a bulk load is pending builds the indexes first, in its transaction.
        let other = try Store(path: folder.appendingPathComponent("removed.sqlite").path)
        _ = try other.ingest(files: paths, extract: try Self.extractor())
        #expect(try !other.beginBulkLoadIfEmpty())
        try other.writer.write { db in
            // Leave it out again, as a bulk load killed before its end would.
            let sql = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE name = 'entity_search_delete'") ?? ""
            try db.execute(sql: "INSERT INTO deferred_index (name, type, sql) VALUES ('entity_search_delete', 'trigger', ?)", arguments: [sql])
            try db.execute(sql: "DROP TRIGGER entity_search_delete")
        }
        #expect(try other.remove(path: paths[0]))
        #expect(try !other.hasPendingBulkLoad())
        #expect(try Self.schema(other) == Self.schema(fresh))
        let left = try Self.searchCounts(other)
        #expect(left[0] == (try other.stats().entities))
    }

    /// A v7 store gains the empty table of pending indexes; an empty one is bulk loaded, one
    /// that holds documents is not.
    @Test func version8AddsTheTableOfPendingIndexes() throws {
        let folder = try temporaryFolder()
        var paths: [String] = []
        for name in ["empty", "holding"] {
            let path = folder.appendingPathComponent("\(name).sqlite").path
            let pool = try DatabasePool(path: path)
            try Store.migrator.migrate(pool, upTo: "v7")
            if name == "holding" {
                try pool.write { db in
                    try db.execute(sql: """
                        INSERT INTO document (id, path, contentHash, ingestedAt) VALUES (1, 'a.txt', 'h', 'now');
                        INSERT INTO source (key, documentId, path) VALUES ('a.txt', 1, 'a.txt');
                        INSERT INTO entity (id, kind, name) VALUES (1, 'person', '李希同志');
                        INSERT INTO entity_document (entityId, documentId) VALUES (1, 1);
                        """)
                }
            }
            try pool.close()
            paths.append(path)
        }
        let empty = try Store(path: paths[0])
        let holding = try Store(path: paths[1])
        for store in [empty, holding] {
            #expect(try store.appliedMigrations().last == "v16")
            #expect(try !store.hasPendingBulkLoad())
        }
        #expect(try holding.search("李希同").map(\.name) == ["李希同志"])
        #expect(try !holding.beginBulkLoadIfEmpty())
        #expect(try empty.beginBulkLoadIfEmpty())
        #expect(try empty.hasPendingBulkLoad())
        #expect(try empty.completeBulkLoad())
        #expect(try Self.schema(empty) == Self.schema(holding))
    }
}
