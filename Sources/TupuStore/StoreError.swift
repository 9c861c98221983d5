import GRDB

/// Everything that can go wrong when opening, reading or writing a Tupu store.
///
/// Each description says what failed, on which database, and what to do about it, in words
/// that name no command-line option (the command line adds its own hint). Reading the
/// documents that go into a store fails with the ingest module's `DocumentError`.
public enum StoreError: Error, CustomStringConvertible, Equatable {
    /// The file exists but is not an SQLite database. It was not touched.
    case notADatabase(String)
    /// The file is an SQLite database that Tupu did not create (it has tables but no
    /// migration history). It was not touched.
    case foreignDatabase(String)
    /// The database was migrated by a newer Tupu (it records migrations this build does
    /// not know). It was not touched.
    case newerSchema(path: String, unknownMigrations: [String])
    /// A read-only open of a database that does not exist or was never initialised.
    case missingDatabase(String)
    /// The parent folder of a new database could not be created.
    case cannotCreateDirectory(path: String, reason: String)
    /// The database file could not be read.
    case unreadable(path: String, reason: String)
    /// The database path is a folder.
    case databaseIsFolder(String)
    /// The database path is a FIFO, a device or a socket. It was not opened.
    case databaseNotAFile(String)
    /// The database file cannot be created where it was asked for (its folder is a file,
    /// or cannot be written).
    case cannotCreateDatabase(path: String, reason: String)
    /// A write was asked of a database file whose permission bits allow no write.
    /// Nothing was written.
    case readOnlyDatabase(String)
    /// The database holds a value this build cannot interpret (an unknown kind or predicate).
    case invalidData(path: String, detail: String)
    /// An SQLite error, with its (extended) result code and message.
    case database(path: String, resultCode: Int32, message: String)

    /// The message in words that name no command-line option (``description(databaseOption:)``).
    public var description: String { description(databaseOption: nil) }

    /// The message, naming `databaseOption` (a command line's `--db`) where it says to choose
    /// another database; without one, it says "database path".
    ///
    /// ```swift
    /// StoreError.readOnlyDatabase("x.sqlite").description(databaseOption: "--db")
    /// // x.sqlite is read-only; it was left untouched; make it writable (chmod u+w) or pass another --db path
    /// ```
    public func description(databaseOption: String?) -> String {
        let another = "pass another \(databaseOption ?? "database") path"
        return switch self {
        case .notADatabase(let path):
            "\(path) is not a Tupu database (file is not a database); it was left untouched; \(another)"
        case .foreignDatabase(let path):
            "\(path) is an SQLite database that Tupu did not create; it was left untouched; \(another)"
        case .newerSchema(let path, let unknown):
            "\(path) was written by a newer version of Tupu (unknown migrations: \(unknown.joined(separator: ", "))); it was left untouched; upgrade tupu or \(another)"
        case .missingDatabase(let path):
            "\(path) is not an initialised Tupu database; run `tupu ingest` first or \(another)"
        case .cannotCreateDirectory(let path, let reason):
            "cannot create the folder \(path) for the database (\(reason)); check permissions or \(another)"
        case .unreadable(let path, let reason):
            "cannot read \(path) (\(reason)); check the file and its permissions"
        case .databaseIsFolder(let path):
            "\(path) is a folder, not a database file; pass a file path such as \(path)/tupu.sqlite"
        case .databaseNotAFile(let path):
            "\(path) is not a regular file (a FIFO, device or socket); it was left alone; pass the path of a database file"
        case .cannotCreateDatabase(let path, let reason):
            "cannot create the database \(path) (\(reason)); pass a \(databaseOption ?? "database") path in a writable folder"
        case .readOnlyDatabase(let path):
            "\(path) is read-only; it was left untouched; make it writable (chmod u+w) or \(another)"
        case .invalidData(let path, let detail):
            "\(path) holds data this version of Tupu cannot read (\(detail)); upgrade tupu or rebuild the database"
        case .database(let path, let code, let message):
            "database error on \(path) (SQLite code \(code)): \(message)"
        }
    }

    /// Wraps any error raised by GRDB/SQLite, keeping its result code.
    static func wrap(_ error: any Error, path: String) -> StoreError {
        switch error {
        case let storeError as StoreError:
            return storeError
        case let dbError as DatabaseError:
            if dbError.resultCode == .SQLITE_NOTADB {
                return .notADatabase(path)
            }
            return .database(path: path, resultCode: dbError.extendedResultCode.rawValue, message: dbError.message ?? "\(dbError)")
        default:
            return .database(path: path, resultCode: 1, message: String(describing: error))
        }
    }
}
