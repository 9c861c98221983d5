import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#endif
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
    /// initialised. Without it, a file whose permission bits allow no write is refused
    /// before anything is written (``StoreError/readOnlyDatabase(_:)``), even for root; a
    /// folder, a FIFO or a device is refused; a new file is created first, so a path whose
    /// folder is missing, is a file or cannot be written gives
    /// ``StoreError/cannotCreateDatabase(path:reason:)``.
    public init(path: String, readOnly: Bool = false) throws(StoreError) {
        _ = Self.sqliteConfigured
        self.path = path
        let fileManager = FileManager.default
        var isDirectory: ObjCBool = false
        let exists = fileManager.fileExists(atPath: path, isDirectory: &isDirectory)
        if exists, isDirectory.boolValue {
            throw .databaseIsFolder(path)
        }
        // SQLite would block on a FIFO and leave a -journal file beside a device.
        var status = stat()
        if exists, stat(path, &status) == 0, status.st_mode & S_IFMT != S_IFREG {
            throw .databaseNotAFile(path)
        }
        // A reader that cannot create files beside the database opens it immutable.
        let location = readOnly && exists ? try Self.readerLocation(path) : path
        // The migrations the file had applied when the preflight read it.
        var applied: Set<String> = []
        if exists {
            // Before the preflight, which opens the file (and, on a WAL database, may leave
            // -wal and -shm files beside it).
            if !readOnly, Self.isReadOnlyFile(path) {
                throw .readOnlyDatabase(path)
            }
            do {
                applied = try Self.retryingWhileBusy { try Self.preflight(path: path, location: location) }
            } catch {
                throw StoreError.wrap(error, path: path)
            }
        } else if readOnly {
            throw .missingDatabase(path)
        } else {
            try Self.createEmptyFile(path)
        }

        var configuration = Self.configuration
        configuration.readonly = readOnly
        if readOnly {
            // A store before v12 that cannot be written (so not migrated) has no lists of a
            // document's triples: a temporary view makes them from its evidence, keyed by document.
            // One before v13 reads the codes of its triples' predicates through a temporary view
            // named `triple` (it hides the table): conditions on `predicateId` find the rows
            // without an index, and the names are read as stored.
            configuration.prepareDatabase { db in
                if try !db.tableExists("document_triple"), try db.tableExists("evidence") {
                    try db.execute(sql: """
                        CREATE TEMP VIEW IF NOT EXISTS document_triple AS
                            SELECT documentId, json_group_array(DISTINCT tripleId) AS tripleIds FROM evidence GROUP BY documentId
                        """)
                }
                if try db.tableExists("triple"), try !db.columns(in: "triple").contains(where: { $0.name == "predicateId" }) {
                    try db.execute(sql: """
                        CREATE TEMP VIEW IF NOT EXISTS triple AS
                            SELECT id, subjectId, \(PredicateCode.codeExpression(of: "predicate")) AS predicateId, objectId, objectLiteral, predicate
                            FROM main.triple
                        """)
                }
            }
        }
        do {
            writer = try Self.retryingWhileBusy { () throws -> any DatabaseWriter in
                if location != path {
                    let queue = try DatabaseQueue(path: location, configuration: configuration)
                    let applied = try queue.read { db in try Self.migrator.appliedIdentifiers(db) }
                    if !applied.contains("v1") { throw StoreError.missingDatabase(path) }
                    return queue
                }
                if readOnly {
                    try Self.upgradeForReading(path: path, applied: applied)
                }
                let pool = try DatabasePool(path: path, configuration: configuration)
                if readOnly {
                    let applied = try pool.read { db in try Self.migrator.appliedIdentifiers(db) }
                    if !applied.contains("v1") { throw StoreError.missingDatabase(path) }
                } else {
                    try Self.migrate(pool)
                }
                return pool
            }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Where a reader opens the database: the path, or, when the process cannot create
    /// files in the database's folder (a read-only folder or medium, another user's folder)
    /// and no shared-memory file (`-shm`) is there, an `immutable=1` URI, with which SQLite
    /// reads the file without the write-ahead log's shared memory or any lock. A database
    /// whose write-ahead log holds data (a writer is running, or one ended without closing)
    /// cannot be read that way and is reported.
    static func readerLocation(_ path: String) throws(StoreError) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        let folder = parent.isEmpty ? "." : parent
        guard access(folder, W_OK) != 0, !FileManager.default.fileExists(atPath: path + "-shm") else { return path }
        let wal = (try? FileManager.default.attributesOfItem(atPath: path + "-wal"))?[.size] as? NSNumber
        if let wal, wal.int64Value > 0 {
            throw .unreadable(
                path: path,
                reason: "its write-ahead log \(path)-wal holds changes a reader cannot use without write access to the folder \(folder); run any tupu command there with write access once, or copy the database")
        }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: "?#%")
        let encoded = path.addingPercentEncoding(withAllowedCharacters: allowed) ?? path
        return "file:\(encoded)?immutable=1"
    }

    /// Runs `body` again while SQLite answers busy (another process holds a lock or is
    /// recovering the write-ahead log after a process ended without closing, which read-only
    /// connections cannot wait out with the busy timeout), for up to about five seconds.
    static func retryingWhileBusy<T>(_ body: () throws -> T) throws -> T {
        var attempt = 0
        while true {
            do {
                return try body()
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && attempt < 100 {
                attempt += 1
                usleep(50_000)
            } catch StoreError.database(_, let code, _) where code & 0xFF == ResultCode.SQLITE_BUSY.rawValue && attempt < 100 {
                attempt += 1
                usleep(50_000)
            }
        }
    }

    /// Whether a write to the existing database at `path` would be refused with
    /// ``StoreError/readOnlyDatabase(_:)`` (see ``isReadOnlyFile(_:)``), checked without opening it.
    public static func refusesWrites(path: String) -> Bool {
        FileManager.default.fileExists(atPath: path) && isReadOnlyFile(path)
    }

    /// Whether a write command must leave the file alone: the process cannot write it, or
    /// its permission bits give nobody write access (`chmod 444`). The bits are checked
    /// because root may write any file, so `access(2)` says yes even after `chmod 444`.
    static func isReadOnlyFile(_ path: String) -> Bool {
        let fileManager = FileManager.default
        if !fileManager.isWritableFile(atPath: path) { return true }
        guard let attributes = try? fileManager.attributesOfItem(atPath: path),
              let permissions = attributes[.posixPermissions] as? NSNumber
        else { return false }
        return permissions.intValue & 0o222 == 0
    }

    /// Creates the empty database file (SQLite reads an empty file as an empty database), so
    /// that a path that cannot hold a database is reported clearly. A missing folder is not
    /// created (a mistyped --db would otherwise leave folders behind): it is reported. A file
    /// another process created in the meantime is left to SQLite's locking.
    private static func createEmptyFile(_ path: String) throws(StoreError) {
        let fileManager = FileManager.default
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty {
            var isDirectory: ObjCBool = false
            if fileManager.fileExists(atPath: parent, isDirectory: &isDirectory) {
                if !isDirectory.boolValue {
                    throw .cannotCreateDatabase(path: path, reason: "\(parent) is a file, not a folder")
                }
            } else {
                var ancestor = (parent as NSString).deletingLastPathComponent
                while !ancestor.isEmpty, ancestor != "/", !fileManager.fileExists(atPath: ancestor) {
                    ancestor = (ancestor as NSString).deletingLastPathComponent
                }
                var ancestorIsDirectory: ObjCBool = false
                if !ancestor.isEmpty, fileManager.fileExists(atPath: ancestor, isDirectory: &ancestorIsDirectory),
                   !ancestorIsDirectory.boolValue {
                    throw .cannotCreateDatabase(path: path, reason: "\(ancestor) is a file, not a folder")
                }
                throw .cannotCreateDatabase(path: path, reason: "the folder \(parent) does not exist; create it first (mkdir -p)")
            }
        }
        let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        if descriptor < 0, errno == EEXIST { return }
        guard descriptor >= 0 else {
            let reason = String(cString: strerror(errno))
            let folder = parent.isEmpty ? "." : parent
            throw .cannotCreateDatabase(path: path, reason: "cannot create a file in the folder \(folder): \(reason)")
        }
        close(descriptor)
    }

    /// A database written by an older Tupu gets the missing migrations before a read-only
    /// open, so readers can use the newer indexes; a file that cannot be written is read as is.
    /// `applied` is what the preflight read (a migration another process applies since then is
    /// found applied by the migrator, which applies only what is missing).
    private static func upgradeForReading(path: String, applied: Set<String>) throws {
        let pending = applied.contains("v1") && !migrator.migrations.allSatisfy(applied.contains)
        guard pending, !isReadOnlyFile(path) else { return }
        let pool = try DatabasePool(path: path, configuration: Self.configuration)
        try migrate(pool)
        try pool.close()
    }

    /// Applies the migrations the database lacks, also when another process is migrating the
    /// same new file at the same moment (two `tupu ingest` started together).
    ///
    /// GRDB reads the applied migrations before it takes the write lock, so the second process
    /// may then run a migration the first has just committed and fail ("table … already
    /// exists"); its transaction rolls back. The migration is then tried again (it reads what
    /// is now applied) until everything is applied, once per migration at most.
    static func migrate(_ writer: any DatabaseWriter) throws {
        var attempts = 0
        while true {
            do {
                try migrator.migrate(writer)
                return
            } catch {
                attempts += 1
                let complete = (try? writer.read { db in try migrator.hasCompletedMigrations(db) }) ?? false
                if complete { return }
                if attempts > migrator.migrations.count { throw error }
            }
        }
    }

    private init(path: String, writer: any DatabaseWriter) {
        self.path = path
        self.writer = writer
    }

    /// A fresh, migrated store that lives in memory (for tests and dry runs).
    public static func inMemory() throws(StoreError) -> Store {
        _ = sqliteConfigured
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
        configuration.prepareDatabase { db in
            // A 64 MiB page cache per connection (SQLite's default is 2 MiB): a batch of
            // documents touches pages all over the entity, triple and evidence indexes, and
            // reading them back from the file each time made writes I/O-bound.
            try db.execute(sql: "PRAGMA cache_size = -\(Self.pageCacheKibibytes)")
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 16384")
            // Since v12 a document's triples are a packed list (``TripleList``) that SQL reads
            // through this function.
            db.add(function: Self.tripleIdsFunction)
        }
        return configuration
    }

    /// The page cache of each connection, in KiB.
    static let pageCacheKibibytes = 64 * 1024

    /// The first 16 bytes of every SQLite 3 database file.
    private static let sqliteHeader = Array("SQLite format 3\0".utf8)

    /// Checks an existing file without writing to it: it must be empty or an SQLite
    /// database, created by Tupu (or empty of tables), with no migration this build does
    /// not know.
    /// Returns the migrations the file has applied (none for an empty file).
    @discardableResult
    private static func preflight(path: String, location: String) throws(StoreError) -> Set<String> {
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
        if header.isEmpty { return [] }  // SQLite treats an empty file as an empty database.
        guard header.count == 100, Array(header.prefix(16)) == sqliteHeader else {
            throw .notADatabase(path)
        }

        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "Tupu preflight"
        configuration.busyMode = .timeout(5)
        let result: (tables: Int, hasMigrations: Bool, applied: Set<String>)
        do {
            let queue = try DatabaseQueue(path: location, configuration: configuration)
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
        return result.applied
    }

    // MARK: - Helpers shared by the extensions

    /// A read of the database, tried again while SQLite answers busy.
    func readRetrying<T>(_ body: (Database) throws -> T) throws -> T {
        try Self.retryingWhileBusy { try writer.read(body) }
    }

    func read<T>(_ body: (Database) throws -> T) throws(StoreError) -> T {
        try read(from: writer, body)
    }

    /// A read through `reader` (a snapshot of this store), tried again while SQLite answers busy.
    func read<T>(from reader: any DatabaseReader, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try Self.retryingWhileBusy { try reader.read(body) }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// The migration identifiers recorded in the database, in the order they were registered
    /// (v1 … v9, v10: not sorted as strings), for diagnostics and tests.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read { db in
            let applied = try Self.migrator.appliedIdentifiers(db)
            return Self.migrator.migrations.filter { applied.contains($0) }
        }
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
