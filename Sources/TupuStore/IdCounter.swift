import Foundation
import GRDB

/// The ids of documents, entities, aliases and triples, given by the batch writer since v16.
///
/// An id is never given twice, even after its row is deleted: a query's output, an export or
/// an analyst's notes may name a row by id, and a later ingest must not give that id to
/// another entity. SQLite's AUTOINCREMENT promises that, but keeps its promise on every
/// statement: each INSERT reads the table's row of `sqlite_sequence` and writes it back, as
/// costly as the insert itself (the 1,371,595 triples and 178,977 entities of the
/// 100,000-article bench store, one statement each: 7.5 and 1.25 s with AUTOINCREMENT, 5.3
/// and 0.76 s without). The writer keeps the same promise once per transaction instead: it
/// reads the last id given in each table when it starts (``read(_:)``), gives the next ones
/// itself, and writes the last ones in `id_counter` before the commit (``write(_:)``), in
/// the same transaction as the rows.
///
/// A table's last id is the largest of its `id_counter` row, its largest id and, for a store
/// migrated from before v16, its old `sqlite_sequence` row, so a row inserted by another
/// program without the counter still never gets its id given again while it exists.
struct IdCounter {
    /// The tables whose ids the writer gives.
    enum Table: String, CaseIterable {
        case document, entity, alias, triple
    }

    /// The last id given in each table.
    private var last: [Int64] = Array(repeating: 0, count: Table.allCases.count)
    /// The last ids as read, to write only those that moved.
    private var read: [Int64] = Array(repeating: 0, count: Table.allCases.count)
    /// Whether the store has `id_counter` (since v16; the migration to v5 writes through the
    /// writer before, into tables whose AUTOINCREMENT keeps `sqlite_sequence` itself).
    private var stored = false

    /// The last id given in `table` (each id given after it is larger).
    func lastGiven(_ table: Table) -> Int64 {
        last[table.index]
    }

    /// Gives the next id of `table`.
    mutating func next(_ table: Table) -> Int64 {
        last[table.index] += 1
        return last[table.index]
    }

    /// Takes back the id just given by ``next(_:)`` to a row that was not inserted (an
    /// `INSERT OR IGNORE` that found its row), so ids stay without gaps where they can.
    mutating func giveBack(_ id: Int64, _ table: Table) {
        if last[table.index] == id { last[table.index] -= 1 }
    }

    /// The last ids given in `db`'s tables, read inside the writer's transaction.
    static func read(_ db: Database) throws -> IdCounter {
        var counter = IdCounter()
        counter.stored = try db.tableExists("id_counter")
        let sequence = try db.tableExists("sqlite_sequence")
        for table in Table.allCases {
            var parts = ["(SELECT max(id) FROM \(table.rawValue))"]
            if counter.stored { parts.append("(SELECT last FROM id_counter WHERE name = '\(table.rawValue)')") }
            if sequence { parts.append("(SELECT seq FROM sqlite_sequence WHERE name = '\(table.rawValue)')") }
            let value = try Int64.fetchOne(db, sql: "SELECT max(\(parts.map { "ifnull(\($0), 0)" }.joined(separator: ", ")), 0)") ?? 0
            counter.last[table.index] = value
        }
        counter.read = counter.last
        return counter
    }

    /// Writes the last ids that moved since ``read(_:)`` (nothing before v16, where SQLite
    /// keeps `sqlite_sequence` as the rows go in).
    mutating func write(_ db: Database) throws {
        guard stored, last != read else { return }
        for table in Table.allCases where last[table.index] != read[table.index] {
            try db.execute(
                sql: "INSERT OR REPLACE INTO id_counter (name, last) VALUES (?, ?)",
                arguments: [table.rawValue, last[table.index]])
        }
        read = last
    }

    /// The migration to v16: each table copied without AUTOINCREMENT, in id order, with its
    /// indexes and triggers made again (those a killed bulk load left out stay recorded in
    /// `deferred_index` and are built at its end), and its counter moved to `id_counter`.
    static func migrate(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE id_counter (name TEXT NOT NULL PRIMARY KEY, last INTEGER NOT NULL) WITHOUT ROWID;
            INSERT INTO id_counter (name, last)
                SELECT name, seq FROM sqlite_sequence WHERE name IN ('document', 'entity', 'alias', 'triple');
            """)
        for table in Table.allCases {
            try copyWithoutAutoincrement(table.rawValue, db)
        }
    }

    private static func copyWithoutAutoincrement(_ table: String, _ db: Database) throws {
        guard let create = try String.fetchOne(db, sql: "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", arguments: [table]) else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "the table \(table) is missing")
        }
        let copy = "\(table)_v16"
        let namePattern = try NSRegularExpression(pattern: #"^CREATE TABLE\s+("\#(table)"|\#(table))\s*\("#, options: [.caseInsensitive])
        let keywordPattern = try NSRegularExpression(pattern: #"\s+AUTOINCREMENT\b"#, options: [.caseInsensitive])
        let whole = NSRange(create.startIndex..., in: create)
        guard namePattern.firstMatch(in: create, range: whole) != nil else {
            throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "the table \(table) has an unexpected definition: \(create)")
        }
        var newCreate = namePattern.stringByReplacingMatches(in: create, range: whole, withTemplate: "CREATE TABLE \(copy) (")
        newCreate = keywordPattern.stringByReplacingMatches(
            in: newCreate, range: NSRange(newCreate.startIndex..., in: newCreate), withTemplate: "")
        // The indexes and triggers SQLite does not make by itself, to make again after the copy.
        let dependents = try String.fetchAll(db, sql: """
            SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL
            ORDER BY type, name
            """, arguments: [table])
        // Generated columns are computed, not copied.
        let columns = try Row.fetchAll(db, sql: "PRAGMA table_xinfo(\(table.quotedDatabaseIdentifier))")
            .filter { ($0["hidden"] as Int? ?? 0) == 0 }
            .map { ($0["name"] as String).quotedDatabaseIdentifier }
            .joined(separator: ", ")
        try db.execute(sql: newCreate)
        try db.execute(sql: "INSERT INTO \(copy) (\(columns)) SELECT \(columns) FROM \(table.quotedDatabaseIdentifier) ORDER BY id")
        try db.execute(sql: "DROP TABLE \(table.quotedDatabaseIdentifier)")
        try db.execute(sql: "ALTER TABLE \(copy) RENAME TO \(table.quotedDatabaseIdentifier)")
        for sql in dependents { try db.execute(sql: sql) }
    }
}

extension IdCounter.Table {
    fileprivate var index: Int {
        switch self {
        case .document: 0
        case .entity: 1
        case .alias: 2
        case .triple: 3
        }
    }
}
