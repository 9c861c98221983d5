import struct Foundation.Data
import GRDB
import GRDBSQLite
import TupuModel

/// An SQLite statement prepared once and run many times, with arguments bound straight
/// through SQLite's C API.
///
/// The batch writer runs a handful of INSERTs and lookups hundreds of thousands of times a
/// second; binding integers and text directly (instead of through `StatementArguments`,
/// which boxes every value) roughly halves the time spent outside SQLite. Everything else
/// in the store goes through GRDB. An instance belongs to one `Database` and must not
/// outlive the access block it was made in.
final class PreparedStatement {
    private let handle: OpaquePointer
    private let connection: OpaquePointer
    let sql: String
    /// Whether this instance finalizes the handle (else the connection's statement cache owns it).
    private let owned: Bool

    /// The statement of `sql` that the connection keeps between calls (GRDB's statement cache):
    /// for a read that every `tupu show` or path search runs, preparing the statement again each
    /// time cost more than a tenth of the read. It is reset and its bindings cleared first. Every
    /// instance of the same SQL on a connection shares one statement: use one at a time, and
    /// never run it again inside its own loop over rows. With `arguments`, they are bound (by
    /// GRDB, which checks their number).
    static func cached(_ db: Database, sql: String, arguments: StatementArguments? = nil) throws -> PreparedStatement {
        let statement = try db.cachedStatement(sql: sql)
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database connection is closed", sql: sql)
        }
        sqlite3_reset(statement.sqliteStatement)
        sqlite3_clear_bindings(statement.sqliteStatement)
        if let arguments { try statement.setArguments(arguments) }
        return PreparedStatement(handle: statement.sqliteStatement, connection: connection, sql: sql)
    }

    private init(handle: OpaquePointer, connection: OpaquePointer, sql: String) {
        self.handle = handle
        self.connection = connection
        self.sql = sql
        owned = false
    }

    init(_ db: Database, sql: String) throws {
        guard let connection = db.sqliteConnection else {
            throw DatabaseError(resultCode: .SQLITE_MISUSE, message: "the database connection is closed", sql: sql)
        }
        var handle: OpaquePointer?
        let code = sqlite3_prepare_v3(connection, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &handle, nil)
        guard code == SQLITE_OK, let handle else {
            throw DatabaseError(
                resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(connection)), sql: sql)
        }
        self.handle = handle
        self.connection = connection
        self.sql = sql
        owned = true
    }

    deinit {
        if owned { sqlite3_finalize(handle) }
    }

    /// Binds the value of the parameter at `index` (from 1).
    func bind(_ index: Int32, _ value: Int64) {
        sqlite3_bind_int64(handle, index, value)
    }

    func bind(_ index: Int32, _ value: Int) {
        sqlite3_bind_int64(handle, index, Int64(value))
    }

    func bind(_ index: Int32, _ value: Int64?) {
        if let value { sqlite3_bind_int64(handle, index, value) } else { sqlite3_bind_null(handle, index) }
    }

    func bind(_ index: Int32, _ value: String?) {
        guard let value else {
            sqlite3_bind_null(handle, index)
            return
        }
        var utf8 = value  // withUTF8 may make the string contiguous, so it is mutating
        utf8.withUTF8 { bytes in
            // SQLITE_TRANSIENT: SQLite copies the bytes before this call returns.
            _ = sqlite3_bind_text(handle, index, bytes.baseAddress, Int32(bytes.count), Self.transient)
        }
    }

    func bind(_ index: Int32, bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            _ = sqlite3_bind_blob(handle, index, raw.baseAddress, Int32(raw.count), Self.transient)
        }
    }

    /// Runs the statement to completion (an INSERT, UPDATE or DELETE).
    func run() throws {
        defer { reset() }
        let code = sqlite3_step(handle)
        guard code == SQLITE_DONE else { throw error() }
    }

    /// Runs the statement and returns the integer in the first column of its first row,
    /// or nil when it returns no row.
    func int64() throws -> Int64? {
        defer { reset() }
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW: return sqlite3_column_int64(handle, 0)
        case SQLITE_DONE: return nil
        default: throw error()
        }
    }

    /// Runs the statement and returns the integer and text of the first two columns of its
    /// first row, or nil when it returns no row.
    func int64AndText() throws -> (Int64, String)? {
        defer { reset() }
        let code = sqlite3_step(handle)
        switch code {
        case SQLITE_ROW:
            let text = sqlite3_column_text(handle, 1).map { String(cString: $0) } ?? ""
            return (sqlite3_column_int64(handle, 0), text)
        case SQLITE_DONE: return nil
        default: throw error()
        }
    }

    /// Runs the statement and calls `body` with the integers of the first two columns of the
    /// rows (a read of pairs, such as a triple's id and the entity at its other end), in the
    /// order SQLite returns them, from the row at offset `skip` on while `limit` lasts: the rows
    /// before it are stepped over, each row handed to `body` takes one from `limit`, and once
    /// `limit` is 0 no further row is handed on. Returns how many rows were stepped over or
    /// handed on, and whether a row was left because `limit` ran out.
    func forEachPair(
        skipping skip: Int, limit: inout Int, _ body: (Int64, Int64) throws -> Void
    ) throws -> (rows: Int, cut: Bool) {
        defer { reset() }
        var rows = 0
        while true {
            if limit <= 0 {
                // Whether a row is left: one more step tells.
                switch sqlite3_step(handle) {
                case SQLITE_ROW: return (rows, true)
                case SQLITE_DONE: return (rows, false)
                default: throw error()
                }
            }
            switch sqlite3_step(handle) {
            case SQLITE_ROW:
                if rows >= skip {
                    try body(sqlite3_column_int64(handle, 0), sqlite3_column_int64(handle, 1))
                    limit -= 1
                }
                rows += 1
            case SQLITE_DONE: return (rows, false)
            default: throw error()
            }
        }
    }

    /// Runs the statement and calls `body` with the integer in the first column of each row, in
    /// order, until `body` returns false (the rows after it are not read).
    func forEachInteger(_ body: (Int64) throws -> Bool) throws {
        defer { reset() }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: if try !body(sqlite3_column_int64(handle, 0)) { return }
            case SQLITE_DONE: return
            default: throw error()
            }
        }
    }

    /// Runs the statement and calls `body` once for each row, which reads the row's columns
    /// with ``column(_:)``, ``optionalColumn(_:)``, ``text(_:)`` and ``data(_:)`` (valid
    /// during the call only).
    func forEachRow(_ body: () throws -> Void) throws {
        defer { reset() }
        while true {
            switch sqlite3_step(handle) {
            case SQLITE_ROW: try body()
            case SQLITE_DONE: return
            default: throw error()
            }
        }
    }

    /// The integer in column `index` (from 0) of the current row.
    func column(_ index: Int32) -> Int64 {
        sqlite3_column_int64(handle, index)
    }

    /// The integer in column `index` of the current row, nil for NULL.
    func optionalColumn(_ index: Int32) -> Int64? {
        sqlite3_column_type(handle, index) == SQLITE_NULL ? nil : sqlite3_column_int64(handle, index)
    }

    /// The text in column `index` of the current row, nil for NULL.
    func text(_ index: Int32) -> String? {
        guard let bytes = sqlite3_column_text(handle, index) else { return nil }
        return String(decoding: UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, index))), as: UTF8.self)
    }

    /// The entity kind named in column `index` of the current row, nil for NULL or a name that is
    /// no kind: its bytes compared with each kind's name, without making a string of them.
    func entityKind(_ index: Int32) -> EntityKind? {
        guard let bytes = sqlite3_column_text(handle, index) else { return nil }
        let stored = UnsafeBufferPointer(start: bytes, count: Int(sqlite3_column_bytes(handle, index)))
        for (name, kind) in Self.kindNames where name.count == stored.count {
            var index = 0
            while index < name.count, name[index] == stored[index] { index += 1 }
            if index == name.count { return kind }
        }
        return nil
    }

    /// Each entity kind with its name's UTF-8 bytes.
    private static let kindNames = EntityKind.allCases.map { (name: Array($0.rawValue.utf8), kind: $0) }

    /// The blob in column `index` of the current row, nil for NULL (an empty blob is empty data).
    func data(_ index: Int32) -> Data? {
        guard sqlite3_column_type(handle, index) != SQLITE_NULL else { return nil }
        let count = Int(sqlite3_column_bytes(handle, index))
        guard count > 0, let bytes = sqlite3_column_blob(handle, index) else { return Data() }
        return Data(bytes: bytes, count: count)
    }

    /// The rowid of the last row this connection inserted.
    var lastInsertedRowID: Int64 { sqlite3_last_insert_rowid(connection) }

    /// The number of the statement's last parameter.
    var parameterCount: Int32 { sqlite3_bind_parameter_count(handle) }

    /// The rows the last INSERT, UPDATE or DELETE of the connection changed (0 for an
    /// `INSERT OR IGNORE` that ignored its row).
    var changes: Int32 { sqlite3_changes(connection) }

    private func reset() {
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
    }

    private func error() -> DatabaseError {
        DatabaseError(
            resultCode: ResultCode(rawValue: sqlite3_extended_errcode(connection)),
            message: String(cString: sqlite3_errmsg(connection)), sql: sql)
    }

    private static let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
}
