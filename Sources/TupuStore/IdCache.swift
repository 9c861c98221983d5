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
/// It is also emptied after a batch that deleted anything, and the triples are forgotten
/// past ``tripleLimit`` entries, which bounds its memory.
public final class IdCache: Sendable {
    struct Ids {
        var entities: [EntityRef: Int64] = [:]
        var triples: [Triple: Int64] = [:]
        var rules: [String: Int64] = [:]
        /// Set when a deletion may have made some ids stale.
        var invalidated = false
    }

    /// About 40 MB of triples at most.
    static let tripleLimit = 200_000

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
        state.withLock { $0.ids = ids }
    }
}
