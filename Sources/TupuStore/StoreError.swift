import GRDB

/// Everything that can go wrong when opening, reading or writing a Tupu store,
/// or reading the documents that go into it.
///
/// Each description says what failed, on which path, and what to do about it,
/// so the command line can print it as is.
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
    /// A document path (file or folder) that does not exist.
    case missingPath(String)
    /// A folder that holds no `*.txt` file, even in its subfolders.
    case noTextFiles(String)
    /// A document that could not be read.
    case unreadable(path: String, reason: String)
    /// A document that is not valid UTF-8; `byteOffset` is the offset of the first bad byte.
    case invalidUTF8(path: String, byteOffset: Int)
    /// The database holds a value this build cannot interpret (an unknown kind or predicate).
    case invalidData(path: String, detail: String)
    /// An SQLite error, with its (extended) result code and message.
    case database(path: String, resultCode: Int32, message: String)

    public var description: String {
        switch self {
        case .notADatabase(let path):
            "\(path) is not a Tupu database (file is not a database); it was left untouched; pass another --db path"
        case .foreignDatabase(let path):
            "\(path) is an SQLite database that Tupu did not create; it was left untouched; pass another --db path"
        case .newerSchema(let path, let unknown):
            "\(path) was written by a newer version of Tupu (unknown migrations: \(unknown.joined(separator: ", "))); it was left untouched; upgrade tupu or pass another --db path"
        case .missingDatabase(let path):
            "\(path) is not an initialised Tupu database; run `tupu ingest` first or pass another --db path"
        case .cannotCreateDirectory(let path, let reason):
            "cannot create the folder \(path) for the database (\(reason)); check permissions or pass another --db path"
        case .missingPath(let path):
            "\(path) does not exist; check the path"
        case .noTextFiles(let path):
            "\(path) contains no .txt files; pass a folder with UTF-8 .txt documents"
        case .unreadable(let path, let reason):
            "cannot read \(path) (\(reason)); check the file and its permissions"
        case .invalidUTF8(let path, let offset):
            "\(path) is not valid UTF-8 (first bad byte at offset \(offset)); convert it to UTF-8 (e.g. iconv -f GB18030 -t UTF-8)"
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
