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
    /// A document that is not valid UTF-8 (nor GB18030, when the encoding was detected);
    /// `byteOffset` is the offset of the first byte that is not UTF-8.
    case invalidUTF8(path: String, byteOffset: Int)
    /// A document that is not valid in the encoding it was read with (UTF-16 or GB18030);
    /// `byteOffset` is the offset of the first bad byte.
    case undecodable(path: String, encoding: TextEncoding, byteOffset: Int)
    /// A document with no text: zero bytes, or only white space.
    case emptyDocument(String)
    /// A document that is not text: it has a NUL byte (at `byteOffset`), is not UTF-16 and
    /// was not read as such.
    case binaryDocument(path: String, byteOffset: Int)
    /// A document larger than the limit; it was not read.
    case documentTooLarge(path: String, size: Int64, limit: Int64)
    /// The `--db` path is a folder.
    case databaseIsFolder(String)
    /// The `--db` path is a FIFO, a device or a socket. It was not opened.
    case databaseNotAFile(String)
    /// The database file cannot be created where it was asked for (its folder is a file,
    /// or cannot be written).
    case cannotCreateDatabase(path: String, reason: String)
    /// A write was asked of a database file whose permission bits allow no write.
    /// Nothing was written.
    case readOnlyDatabase(String)
    /// A source key (a name given with `--source`) is stored with other content, and
    /// replacing was not asked for. Nothing was written.
    case sourceTaken(key: String, path: String)
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
            "\(path) contains no .txt files; pass a folder with .txt documents"
        case .unreadable(let path, let reason):
            "cannot read \(path) (\(reason)); check the file and its permissions"
        case .invalidUTF8(let path, let offset):
            "\(path) is not valid UTF-8 (first bad byte at offset \(offset)); convert it to UTF-8 (e.g. iconv -f GB18030 -t UTF-8) or pass --encoding utf16|gb18030"
        case .undecodable(let path, let encoding, let offset):
            "\(path) is not valid \(encoding.displayName) (first bad byte at offset \(offset)); check --encoding or convert the file to UTF-8"
        case .emptyDocument(let path):
            "\(path) is empty (no text); nothing to ingest"
        case .binaryDocument(let path, let offset):
            "\(path) is a binary file, not text (NUL byte at offset \(offset)); pass UTF-8, UTF-16 or GB18030 text files"
        case .documentTooLarge(let path, let size, let limit):
            "\(path) is too large: \(Self.sizeText(size)), over the limit of \(Self.sizeText(limit)); it was not read; split it or raise --max-file-size"
        case .databaseIsFolder(let path):
            "\(path) is a folder, not a database file; pass a file path such as \(path)/tupu.sqlite"
        case .databaseNotAFile(let path):
            "\(path) is not a regular file (a FIFO, device or socket); it was left alone; pass the path of a database file"
        case .cannotCreateDatabase(let path, let reason):
            "cannot create the database \(path) (\(reason)); pass a --db path in a writable folder"
        case .readOnlyDatabase(let path):
            "\(path) is read-only; it was left untouched; make it writable (chmod u+w) or pass another --db path"
        case .sourceTaken(let key, let path):
            "\(path): the source \(key) is stored with other content; it was left as it is; pass --replace to replace it or another --source name"
        case .invalidData(let path, let detail):
            "\(path) holds data this version of Tupu cannot read (\(detail)); upgrade tupu or rebuild the database"
        case .database(let path, let code, let message):
            "database error on \(path) (SQLite code \(code)): \(message)"
        }
    }

    /// `size` in bytes, and in MB with one decimal when at least 1 MB.
    private static func sizeText(_ size: Int64) -> String {
        let megabyte: Int64 = 1024 * 1024
        guard size >= megabyte else { return "\(size) bytes" }
        let tenths = (size * 10 + megabyte / 2) / megabyte
        return "\(size) bytes (\(tenths / 10).\(tenths % 10) MB)"
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
