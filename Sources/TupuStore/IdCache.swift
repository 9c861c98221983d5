import Foundation
import GRDB
import Synchronization
import TupuModel

/// Entity, triple and rule ids remembered from one write transaction to the next during
/// one multi-file ingest, so a name or fact that comes back in a later batch is not looked
/// up again.
///
/// An id stays right only while no other process changes the database, so the cache is
/// trusted only when SQLite's `PRAGMA data_version` (which changes when another connection
/// commits, never for this connection's own commits) is what it was when the ids were kept.
/// It is also emptied after a batch that deleted anything, and the entities and the triples are
/// each forgotten past ``entityLimit`` and ``tripleLimit`` entries, which bounds its memory
/// whatever the size of the corpus.
public final class IdCache: Sendable {
    struct Ids {
        var entities = ByteKeyTable<EntityKey>()
        var triples = ByteKeyTable<TripleKey>()
        var rules = ByteKeyTable<RuleKey>()
        /// The entities of kind document and the triples that name one, for one batch only: a
        /// document entity (its headline and content hash) and its triples do not come back in
        /// another document, so keeping them from batch to batch would only hold memory (on
        /// 100,000 articles, 100,000 names and 200,000 triples).
        var batchEntities = ByteKeyTable<EntityKey>()
        var batchTriples = ByteKeyTable<TripleKey>()
        /// Set when a deletion may have made some ids stale.
        var invalidated = false
    }

    /// About 20 MB of triples at most: a ``ByteKeyTable`` of 524,288 slots of 32 bytes, and the
    /// keys' bytes (17 a triple: two ids and a predicate, and a literal's bytes).
    static let tripleLimit = 200_000

    /// About 20 MB of entities at most (as many slots; a key is a kind and a name, about 20
    /// bytes). The 100,000-article bench
    /// keeps about 80,000 besides its documents; a corpus of millions of articles names more
    /// meetings and dates than that, and without a bound the map grew with the corpus.
    static let entityLimit = 200_000

    public init() {}

    private let state = Mutex<(ids: Ids, dataVersion: Int64?)>((Ids(), nil))

    /// The ids kept, when they are still valid in `db`; else none. Call inside the write
    /// transaction that will use them.
    func take(_ db: Database) throws -> Ids {
        let version = try Int64.fetchOne(db, sql: "PRAGMA data_version")
        return state.withLock { state in
            defer { state = (Ids(), version) }
            return state.dataVersion == version && version != nil ? state.ids : Ids()
        }
    }

    /// Keeps the ids of a committed batch.
    func keep(_ ids: Ids) {
        var ids = ids
        if ids.invalidated { ids = Ids() }
        if ids.triples.count > Self.tripleLimit { ids.triples = ByteKeyTable() }
        if ids.entities.count > Self.entityLimit { ids.entities = ByteKeyTable() }
        ids.batchEntities.removeAll()
        ids.batchTriples.removeAll()
        state.withLock { $0.ids = ids }
    }
}

/// An entity as the writer's maps key it: its kind and its name's bytes.
struct EntityKey: ByteKey {
    var kind: EntityKind
    var name: String

    init(_ ref: EntityRef) {
        kind = ref.kind
        name = ref.name
    }

    func write(into bytes: inout [UInt8]) {
        bytes.append(contentsOf: kind.rawValue.utf8)
        bytes.append(0)
        bytes.append(contentsOf: name.utf8)
    }
}

/// A triple as the writer's maps key it, by the ids of its entities: its subject's id, its
/// predicate, and its object's id or (for a literal, with object -1) the literal's bytes.
struct TripleKey: ByteKey {
    var subject: Int64
    var predicate: TupuModel.Predicate
    var object: Int64
    var literal: String?

    func write(into bytes: inout [UInt8]) {
        withUnsafeBytes(of: subject.littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(truncatingIfNeeded: PredicateCode.code(predicate)))
        withUnsafeBytes(of: object.littleEndian) { bytes.append(contentsOf: $0) }
        if let literal { bytes.append(contentsOf: literal.utf8) }
    }
}

/// A rule as the writer's maps key it: its name's bytes.
struct RuleKey: ByteKey {
    var name: String

    init(_ name: String) {
        self.name = name
    }

    func write(into bytes: inout [UInt8]) {
        bytes.append(contentsOf: name.utf8)
    }
}

/// A row of `triple_kind`: a predicate, its subject's kind and its object's kind (nil for a
/// literal object, stored as '').
struct TripleKindKey: Hashable {
    var predicate: TupuModel.Predicate
    var subjectKind: EntityKind
    var objectKind: EntityKind?

    init(predicate: TupuModel.Predicate, subjectKind: EntityKind, objectKind: EntityKind?) {
        self.predicate = predicate
        self.subjectKind = subjectKind
        self.objectKind = objectKind
    }

    /// The key of a stored row, or nil when this build does not know its predicate or kinds.
    init?(predicate: String, subjectKind: String, objectKind: String) {
        guard let predicate = TupuModel.Predicate(rawValue: predicate), let subject = EntityKind(rawValue: subjectKind) else {
            return nil
        }
        self.predicate = predicate
        self.subjectKind = subject
        if objectKind.isEmpty {
            self.objectKind = nil
        } else {
            guard let object = EntityKind(rawValue: objectKind) else { return nil }
            self.objectKind = object
        }
    }
}
