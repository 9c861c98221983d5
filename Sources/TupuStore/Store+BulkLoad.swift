import CMalloc
import Foundation
import GRDB

/// A bulk load: an ingest into a store that holds no document writes its rows without the
/// secondary indexes and the search triggers, and builds them once at the end (sorted, by
/// `CREATE INDEX`, and the two FTS5 tables rebuilt from `entity` and `alias`).
///
/// Only what the writer does not need to find its rows is left out: the unique indexes
/// (entities by kind and name, triples by their parts, aliases, rules, documents by content)
/// stay, so a bulk load stores the same rows, with the same ids, as a plain ingest. They are
/// filled in the random order of their keys (pages about 88% full) and left so: from v12 until
/// 2 December 2026 they were rebuilt sorted (`REINDEX`) before the others were built, which saved
/// 2% of the store's bytes (268.7 against 274.2 bytes per triple at 100,000 bench articles) for
/// 10 to 15% of the writer's CPU time, and the queries were no faster for it.
///
/// What was left out is recorded in `deferred_index` (since v8) in the transaction that drops
/// it, and built and forgotten in one transaction, so every state a kill can leave is one of
/// two: everything pending (the store is whole, its readers are slower and `search` scans) or
/// nothing. The next ingest resumes a pending bulk load (it is again a bulk load) and builds
/// what is pending at its end; a removal, a merge into a store that holds documents, or any
/// deletion builds it first (deleting looks rows up by the indexes left out).
extension Store {
    /// The indexes and triggers a bulk load leaves out: every secondary index that is not
    /// unique, and the triggers that keep the search tables in step.
    static let deferrable: [String] = [
        "triple_predicate_object", "triple_object", "triple_subject", "triple_literal",
        "entity_name", "alias_alias", "alias_on_documentId", "document_path", "source_document",
        "entity_search_insert", "entity_search_delete", "alias_search_insert", "alias_search_delete",
    ]

    /// Starts a bulk load when the store holds no document, or resumes one that is pending (an
    /// earlier bulk load was killed, or another process is running one): returns whether this
    /// ingest is a bulk load. In one transaction, the indexes and triggers of ``deferrable`` are
    /// dropped and their SQL kept in `deferred_index`.
    @discardableResult
    public func beginBulkLoadIfEmpty() throws(StoreError) -> Bool {
        do {
            return try writer.write { db in
                if try Self.hasDeferred(db) { return true }
                guard try !(Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM document)") ?? true) else { return false }
                let rows = try Row.fetchAll(db, sql: """
                    SELECT type, name, sql FROM sqlite_master
                    WHERE type IN ('index', 'trigger') AND sql IS NOT NULL AND name IN (\(Self.placeholders(Self.deferrable.count)))
                    ORDER BY name
                    """, arguments: StatementArguments(Self.deferrable))
                for row in rows {
                    let type: String = row[0], name: String = row[1], sql: String = row[2]
                    try db.execute(sql: "INSERT INTO deferred_index (name, type, sql) VALUES (?, ?, ?)", arguments: [name, type, sql])
                    try db.execute(sql: "DROP \(type == "trigger" ? "TRIGGER" : "INDEX") \(name.quotedDatabaseIdentifier)")
                }
                return !rows.isEmpty
            }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Builds what a bulk load left out, in one transaction, and measures the tables for the
    /// planner after it (``refreshStatistics(_:always:)``); when nothing is pending, measures
    /// them only if the triples have more than doubled since they were last measured. Returns
    /// whether anything was built.
    @discardableResult
    public func completeBulkLoad() throws(StoreError) -> Bool {
        do {
            return try writer.writeWithoutTransaction { db in
                // The sorter of CREATE INDEX may use a second thread (SQLite's default is none).
                // It keeps up to the page cache's size of keys in memory per run it sorts (the
                // writer's 64 MiB cache: a sort of 64 MiB on top of a full cache of 64 MiB, the
                // peak of a 100,000-article ingest); with a cache of 8 MiB while the indexes are
                // built, runs of 8 MiB are sorted and merged instead (two indexes of that store
                // built in `sqlite3`: 140 MB peak with the 64 MiB cache, 37 MB with this one, no
                // more CPU time). The cache shrinks to that size (its pages are freed) and is
                // set back after.
                try db.execute(sql: "PRAGMA threads = 2")
                try db.execute(sql: "PRAGMA cache_size = -\(Self.indexBuildCacheKibibytes)")
                Self.returnFreedMemory()
                defer {
                    try? db.execute(sql: "PRAGMA threads = 0")
                    try? db.execute(sql: "PRAGMA cache_size = -\(Self.pageCacheKibibytes)")
                }
                var built = false
                try db.inTransaction {
                    built = try Self.completeDeferred(db)
                    try Self.refreshStatistics(db, always: built)
                    return .commit
                }
                return built
            }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Gives the memory freed so far back to the system (glibc keeps what a process frees for
    /// its next allocations, resident); nothing where the C library is not glibc. A bulk load
    /// calls it before the indexes are built: the sorter's buffers came on top of that memory,
    /// and the build was the peak of an ingest (`tupu ingest` of the 100,000 bench articles:
    /// 279 MB at the end, 242 MB while writing; with this the end stays under 170 MB). What it
    /// frees is the writer's page cache, just shrunk by 56 MiB, and the extraction threads'
    /// memory.
    public static func returnFreedMemory() {
        #if canImport(Glibc)
        _ = malloc_trim(0)
        #endif
    }

    /// The page cache while a bulk load's indexes are built, in KiB (it bounds the sorter's runs).
    static let indexBuildCacheKibibytes = 8 * 1024

    /// Whether a bulk load left indexes or triggers to build.
    /// (A store before v8, opened by a reader that cannot migrate it, has none.)
    static func hasDeferred(_ db: Database) throws -> Bool {
        guard try db.tableExists("deferred_index") else { return false }
        return try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM deferred_index)") ?? false
    }

    /// ``completeBulkLoad()`` inside the caller's transaction.
    static func completeDeferred(_ db: Database) throws -> Bool {
        let rows = try Row.fetchAll(db, sql: "SELECT type, sql FROM deferred_index ORDER BY type, name")
        guard !rows.isEmpty else { return false }
        var triggers = false
        for row in rows {
            let type: String = row[0], sql: String = row[1]
            try db.execute(sql: sql)
            if type == "trigger" { triggers = true }
        }
        if triggers {
            // The triggers were off: index every name and alias stored meanwhile. Not by FTS5's
            // 'rebuild', which reads `SELECT id, name FROM entity` in whatever order SQLite's
            // planner picks: through the covering index `entity_name` just built, so in the
            // order of the names, and FTS5 merges rowids that come out of order far more slowly.
            // Read in the order of the ids, the 100,000-article bench store's search index took
            // 1.0 s of `sqlite3` CPU instead of 5.0 s (names), and 0.26 s instead of 1.04 s
            // (aliases), the same index (`integrity-check`).
            try db.execute(sql: """
                INSERT INTO entity_search(entity_search) VALUES ('delete-all');
                INSERT INTO entity_search(rowid, name) SELECT id, name FROM entity ORDER BY id;
                INSERT INTO alias_search(alias_search) VALUES ('delete-all');
                INSERT INTO alias_search(rowid, alias) SELECT id, alias FROM alias ORDER BY id;
                """)
        }
        try db.execute(sql: "DELETE FROM deferred_index")
        return true
    }

    /// Whether a bulk load left indexes or triggers to build (``completeBulkLoad()`` builds them).
    public func hasPendingBulkLoad() throws(StoreError) -> Bool {
        try read { db in try Self.hasDeferred(db) }
    }
}
