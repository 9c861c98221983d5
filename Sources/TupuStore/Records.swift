import GRDB

// One value type per table. Property names are the column names (see Store+Schema.swift).
// Records with an auto-incremented `id` leave it nil before insertion; the store reads
// the new id back with `Database.lastInsertedRowID`.

struct DocumentRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "document"
    var id: Int64?
    var path: String
    var contentHash: String
    var title: String?
    var published: String?
    var text: String
    var ingestedAt: String
}

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

struct MentionRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "mention"
    var id: Int64?
    var entityId: Int64
    var documentId: Int64
    var start: Int
    var end: Int
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

struct EvidenceRecord: Codable, FetchableRecord, PersistableRecord, Sendable {
    static let databaseTableName = "evidence"
    var id: Int64?
    var tripleId: Int64
    var documentId: Int64
    var sentenceStart: Int
    var sentenceEnd: Int
    var start: Int
    var end: Int
    var rule: String
    var confidence: Double
}
