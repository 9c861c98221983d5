import Foundation
import GRDB
import TupuModel

/// The SQLite store of documents, entities, triples and their evidence.
///
/// A file store is a GRDB `DatabasePool` (WAL mode); ``Store/inMemory()`` is a
/// `DatabaseQueue`. Foreign keys are on. Every write happens in one transaction.
public final class Store: Sendable {
    /// The database path as given (`:memory:` for an in-memory store).
    public let path: String
    let writer: any DatabaseWriter

    /// Opens (creating it when missing) and migrates the database at `path`.
    ///
    /// A file that is not an SQLite database, an SQLite database Tupu did not create, or
    /// a database written by a newer Tupu is refused and left untouched. With
    /// `readOnly`, nothing is created or migrated, and the database must exist and be
    /// initialised.
    public init(path: String, readOnly: Bool = false) throws(StoreError) {
        self.path = path
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue {
            throw .notADatabase(path)
        }
        if exists {
            try Self.preflight(path: path)
        } else if readOnly {
            throw .missingDatabase(path)
        } else {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty, !fileManager.fileExists(atPath: parent) {
                do {
                    try fileManager.createDirectory(atPath: parent, withIntermediateDirectories: true)
                } catch {
                    throw .cannotCreateDirectory(path: parent, reason: error.localizedDescription)
                }
            }
        }

        var configuration = Self.configuration
        configuration.readonly = readOnly
        do {
            if readOnly {
                try Self.upgradeForReading(path: path)
            }
            let pool = try DatabasePool(path: path, configuration: configuration)
            if readOnly {
                let applied = try pool.read { db in try Self.migrator.appliedIdentifiers(db) }
                if !applied.contains("v1") { throw StoreError.missingDatabase(path) }
            } else {
                try Self.migrator.migrate(pool)
            }
            writer = pool
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// A database written by an older Tupu gets the missing migrations before a read-only
    /// open, so readers can use the newer indexes; a file that cannot be written is read as is.
    private static func upgradeForReading(path: String) throws {
        let pending: Bool = try {
            var configuration = Self.configuration
            configuration.readonly = true
            let probe = try DatabaseQueue(path: path, configuration: configuration)
            defer { try? probe.close() }
            return try probe.read { db in
                let applied = try migrator.appliedIdentifiers(db)
                return applied.contains("v1") && !migrator.migrations.allSatisfy(applied.contains)
            }
        }()
        guard pending, FileManager.default.isWritableFile(atPath: path) else { return }
        let pool = try DatabasePool(path: path, configuration: Self.configuration)
        try migrator.migrate(pool)
        try pool.close()
    }

    private init(path: String, writer: any DatabaseWriter) {
        self.path = path
        self.writer = writer
    }

    /// A fresh, migrated store that lives in memory (for tests and dry runs).
    public static func inMemory() throws(StoreError) -> Store {
        do {
            let queue = try DatabaseQueue(configuration: configuration)
            try migrator.migrate(queue)
            return Store(path: ":memory:", writer: queue)
        } catch {
            throw StoreError.wrap(error, path: ":memory:")
        }
    }

    static var configuration: Configuration {
        var configuration = Configuration()
        configuration.foreignKeysEnabled = true  // PRAGMA foreign_keys = ON
        configuration.label = "Tupu"
        configuration.busyMode = .timeout(5)
        return configuration
    }

    /// The first 16 bytes of every SQLite 3 database file.
    private static let sqliteHeader = Array("SQLite format 3\0".utf8)

    /// Checks an existing file without writing to it: it must be empty or an SQLite
    /// database, created by Tupu (or empty of tables), with no migration this build does
    /// not know.
    private static func preflight(path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: "cannot open the file for reading")
        }
        let header: Data
        do {
            header = try handle.read(upToCount: 100) ?? Data()
            try handle.close()
        } catch {
            throw .unreadable(path: path, reason: error.localizedDescription)
        }
        if header.isEmpty { return }  // SQLite treats an empty file as an empty database.
        guard header.count == 100, Array(header.prefix(16)) == sqliteHeader else {
            throw .notADatabase(path)
        }

        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "Tupu preflight"
        let result: (tables: Int, hasMigrations: Bool, applied: Set<String>)
        do {
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            result = try queue.read { db in
                let tables = try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0
                let hasMigrations = try db.tableExists("grdb_migrations")
                let applied = hasMigrations ? try migrator.appliedIdentifiers(db) : []
                return (tables, hasMigrations, applied)
            }
            try queue.close()
        } catch {
            throw StoreError.wrap(error, path: path)
        }
        if !result.hasMigrations && result.tables > 0 {
            throw .foreignDatabase(path)
        }
        let known = Set(migrator.migrations)
        let unknown = result.applied.subtracting(known).sorted()
        if !unknown.isEmpty {
            throw .newerSchema(path: path, unknownMigrations: unknown)
        }
    }

    // MARK: - Helpers shared by the extensions

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try writer.read(body)
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// The migration identifiers recorded in the database (for diagnostics and tests).
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in try Self.migrator.appliedIdentifiers(db).sorted() }
    }

    /// The journal mode SQLite reports (`wal` for file stores).
    public func journalMode() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    /// The version of the SQLite library in use.
    public func sqliteVersion() throws(StoreError) -> String {
        try read { db in try String.fetchOne(db, sql: "SELECT sqlite_version()") ?? "" }
    }
}
