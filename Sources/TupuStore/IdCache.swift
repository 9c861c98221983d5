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
        var entities: [EntityKey: Int64] = [:]
        var triples: [TripleKey: Int64] = [:]
        var rules: [String: Int64] = [:]
        /// The entities of kind document and the triples that name one, for one batch only: a
        /// document entity (its headline and content hash) and its triples do not come back in
        /// another document, so keeping them from batch to batch would only hold memory (on
        /// 100,000 articles, 100,000 names and 200,000 triples).
        var batchEntities: [EntityKey: Int64] = [:]
        var batchTriples: [TripleKey: Int64] = [:]
        /// Set when a deletion may have made some ids stale.
        var invalidated = false
    }

    /// About 10 MB of triples at most (a key is two ids, a predicate and, for a literal, its string).
    static let tripleLimit = 200_000

    /// About 20 MB of entities at most (a key is a kind and a name). The 100,000-article bench
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
        if ids.triples.count > Self.tripleLimit { ids.triples = [:] }
        if ids.entities.count > Self.entityLimit { ids.entities = [:] }
        ids.batchEntities = [:]
        ids.batchTriples = [:]
        state.withLock { $0.ids = ids }
    }
}

/// A string hashed and compared by its UTF-8 bytes, as SQLite compares text (the BINARY
/// collation of the store's unique keys).
///
/// Swift's `String` hashes and compares by Unicode canonical equivalence, which normalises
/// every non-ASCII string each time it is hashed: most of the writer's time outside SQLite
/// went there. Comparing bytes is also what the store does, so two names that are
/// canonically equal but written differently get the ids SQLite gives them (two rows).
struct UTF8Key: Hashable {
    var string: String

    init(_ string: String) {
        self.string = string
        // Native and contiguous from here, so `withUTF8` below reads it in place.
        self.string.makeContiguousUTF8()
    }

    static func == (a: UTF8Key, b: UTF8Key) -> Bool {
        a.withBytes { x in
            b.withBytes { y in
                guard x.count == y.count else { return false }
                guard let p = x.baseAddress, let q = y.baseAddress else { return x.count == 0 }
                return memcmp(p, q, x.count) == 0
            }
        }
    }

    func hash(into hasher: inout Hasher) {
        withBytes { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    private func withBytes<T>(_ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        var string = string  // `withUTF8` is mutating (it may make the string contiguous); it is already
        return string.withUTF8(body)
    }
}

/// An entity as the writer's maps key it: its kind and its name's bytes.
struct EntityKey: Hashable {
    var kind: EntityKind
    var name: UTF8Key

    init(_ ref: EntityRef) {
        kind = ref.kind
        name = UTF8Key(ref.name)
    }
}

/// A triple as the writer's maps key it, by the ids of its entities: its subject's id, its
/// predicate, and its object's id or (for a literal, with object -1) the literal's bytes.
struct TripleKey: Hashable {
    var subject: Int64
    var predicate: TupuModel.Predicate
    var object: Int64
    var literal: UTF8Key?
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
