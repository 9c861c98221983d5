import GRDB

/// The statistics SQLite's planner reads (`sqlite_stat1`, written by `ANALYZE`, since v15).
///
/// Without them the planner guesses about ten rows for an equality on an index's first column
/// and a few less for each further column, whatever the column. That guess cannot tell a
/// subject (a few triples each) from a predicate (hundreds of thousands): with
/// `triple_subject (subjectId, predicateId, objectId)`, whose three columns looked more
/// selective than the two of `triple_predicate_object`, it started `?e held_in ?place` from
/// every `held_in` triple (the path `谭俊浩 attended/held_in ?place` on the 100,000-article
/// bench store: 0.74 ms before v15, 60 ms with v15 and no statistics, 0.53 ms with them).
///
/// The tables are measured in full (`ANALYZE`; 1.1 s on that store, 8.7 s on the
/// 1,000,000-article store): a sampled measure
/// (`PRAGMA analysis_limit`) saw a few hundred rows of each predicate and guessed as badly as
/// no statistics. They are measured at the end of every bulk load, by the migration to v15 (of
/// a store with triples), and at the end of an ingest into a store whose triples have more than
/// doubled since the last measure, so the cost of measuring stays a fraction of the cost of
/// writing what grew. An empty store is not measured: its statistics would say every table is
/// empty until its first ingest ends.
///
/// Plans follow the data; the benchmark's queries are checked with these statistics, and tests
/// check the plans that matter (a bound subject's triples by predicate, never by predicate
/// alone).
extension Store {
    /// Measures the tables when `always`, or when the triples have more than doubled since the
    /// last measure (or were never measured). Returns whether it measured.
    @discardableResult
    static func refreshStatistics(_ db: Database, always: Bool) throws -> Bool {
        if !always {
            let triples = try Int64.fetchOne(db, sql: "SELECT ifnull(max(id), 0) FROM triple") ?? 0
            guard triples > 0 else { return false }
            if let measured = try measuredTriples(db), triples <= 2 * measured { return false }
        }
        for table in measuredTables { try db.execute(sql: "ANALYZE \(table)") }
        // Only these tables: see ``measuredTables``.
        try db.execute(
            sql: "DELETE FROM sqlite_stat1 WHERE tbl NOT IN (\(placeholders(measuredTables.count)))",
            arguments: StatementArguments(measuredTables))
        return true
    }

    /// The tables measured: Tupu's own. Not the search tables' (FTS5's shadow tables): FTS5's
    /// own statements are planned for no statistics, and with those of a store of a few rows
    /// it rebuilt the search of 70,926 names in 16.4 s instead of 1.0 (on a larger store they
    /// would only be slower to measure).
    static let measuredTables = [
        "triple", "evidence", "entity", "alias", "document", "source", "mention", "entity_document",
        "document_triple", "rule", "triple_kind",
    ]

    /// How many triples the last measure counted, if any.
    static func measuredTriples(_ db: Database) throws -> Int64? {
        guard try db.tableExists("sqlite_stat1") else { return nil }
        // The first number of a row is the table's row count.
        let stat = try String.fetchOne(db, sql: "SELECT stat FROM sqlite_stat1 WHERE tbl = 'triple' AND idx = 'triple_unique'")
        return stat.flatMap { $0.split(separator: " ").first.flatMap { Int64($0) } }
    }
}
