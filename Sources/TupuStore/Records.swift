import GRDB

// One value type per table. Property names are the column names (see Store+Schema.swift).
// Records with an auto-incremented `id` leave it nil before insertion; the store reads
// the new id back with `Database.lastInsertedRowID`.

struct EntityRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "entity"
    var id: Int64?
    var kind: String
    var name: String
}

struct AliasRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "alias"
    var id: Int64?
    var entityId: Int64
    var alias: String
    var documentId: Int64
    var rule: String?
}

struct TripleRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "triple"
    var id: Int64?
    var subjectId: Int64
    var predicate: String
    var objectId: Int64?
    var objectLiteral: String?
}

/// How evidence confidence is stored: in thousandths, an integer (two bytes instead of eight).
enum StoredConfidence {
    /// The stored form of a confidence between 0 and 1 (three decimals are kept).
    static func thousandths(_ confidence: Double) -> Int {
        guard confidence.isFinite else { return 0 }
        return Int((min(max(confidence, 0), 1) * 1000).rounded())
    }

    /// The confidence a stored value stands for.
    static func confidence(_ thousandths: Int) -> Double {
        Double(thousandths) / 1000
    }
}
