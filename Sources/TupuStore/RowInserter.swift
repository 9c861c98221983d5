import GRDB

/// Rows of integers inserted many at a time: the rows added are written by
/// ``flush()`` with one multi-row `INSERT` per ``chunk`` rows (statements prepared once per
/// row count, when first needed).
///
/// The batch writer adds about twenty evidence rows and as many `entity_document` rows per
/// document; one statement for all of them instead of one per row saves SQLite's work of
/// starting and ending a statement (opening its cursors, resetting it) for each row. The rows
/// are the same, inserted in the same order. An instance belongs to one `Database` and must
/// not outlive the access block it was made in.
final class RowInserter {
    private let db: Database
    /// The statement up to `VALUES`, as in `INSERT OR IGNORE INTO t (a, b) VALUES`.
    private let head: String
    private let columns: Int
    private let chunk: Int
    private var statements: [Int: PreparedStatement] = [:]
    private var values: [Int64] = []

    init(_ db: Database, head: String, columns: Int, chunk: Int = 64) {
        self.db = db
        self.head = head
        self.columns = columns
        self.chunk = chunk
    }

    /// Adds the next value of the row being built (the rows are the values taken `columns` at a time).
    func add(_ value: Int64) {
        values.append(value)
    }

    func add(_ value: Int) {
        values.append(Int64(value))
    }

    /// Inserts the rows added since the last flush.
    func flush() throws {
        let rows = values.count / columns
        var done = 0
        while done < rows {
            let count = min(chunk, rows - done)
            let statement = try self.statement(rows: count)
            let first = done * columns
            for index in 0..<(count * columns) {
                statement.bind(Int32(index + 1), values[first + index])
            }
            try statement.run()
            done += count
        }
        values.removeAll(keepingCapacity: true)
    }

    private func statement(rows: Int) throws -> PreparedStatement {
        if let statement = statements[rows] { return statement }
        let row = "(" + Array(repeating: "?", count: columns).joined(separator: ", ") + ")"
        let statement = try PreparedStatement(
            db, sql: head + " " + Array(repeating: row, count: rows).joined(separator: ", "))
        statements[rows] = statement
        return statement
    }
}
