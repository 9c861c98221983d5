import Foundation
import GRDB
import Synchronization
import TupuModel

/// What ``Store/ingest(_:extract:)`` did with a document.
public enum IngestOutcome: Sendable, Equatable {
    /// The content was new: the document was extracted and stored.
    case added
    /// The source key was stored with the same content: nothing was extracted or written.
    case unchanged
    /// The source key was stored with other content: the key now belongs to the new
    /// content, and the document it belonged to went if no other key held it.
    case replaced
    /// The content was stored under another key: this key was added to that document as
    /// another source; nothing was extracted, and its evidence is not stored twice.
    case linked
    /// The source key was stored with other content and replacing was not allowed (a name
    /// given with `--source`, without `--replace`): nothing was written.
    case refused
}

/// A document with what extraction found in its text, ready to be stored as is (a file
/// ingest stores `extraction.identified(contentHash:)`).
public struct ExtractedDocument: Sendable {
    public let document: SourceDocument
    public let extraction: Extraction
    /// The text as stored (compressed here, on the thread that extracted it, rather than
    /// by the writer).
    let storedText: [UInt8]

    /// The entities and rules of `extraction` keyed for the writer's maps (written here too).
    let keys: ExtractionKeys

    public init(document: SourceDocument, extraction: Extraction) {
        self.document = document
        self.extraction = extraction
        self.storedText = TextCompression.compress(document.text)
        self.keys = ExtractionKeys(extraction)
    }
}

extension Store {
    /// Stores a document and what `extract` finds in its text, in one write transaction.
    ///
    /// When the path is already stored with the same content hash, returns `.unchanged`
    /// without calling `extract`. Otherwise the old rows of the path (if any) are
    /// removed, `extract` runs on the text, and the document, its entities, mentions,
    /// aliases, triples (shared with other documents) and evidence are inserted; then
    /// the triples and entities the old rows used are deleted if nothing else holds them
    /// (a triple needs evidence; an entity needs a triple, a mention or an alias). If
    /// anything throws — `extract` included — the transaction rolls back and the store is
    /// as before. Errors thrown by `extract` are rethrown as is; database errors are
    /// thrown as ``StoreError``.
    ///
    /// The extraction is stored as `extract` returns it; the ingest module's `ingest(files:options:extract:report:progress:)`
    /// names events and the document as the store keeps them
    /// (``TupuModel/Extraction/identified(contentHash:)``) — do the same in `extract` to store
    /// what a file ingest stores.
    ///
    /// To store many documents, ``store(_:)`` (one transaction for many) and
    /// the ingest module's `ingest(files:options:extract:report:progress:)` (reading and extracting in parallel) are
    /// much faster.
    public func ingest(
        _ document: SourceDocument, replacing: Bool = true, extract: (String) throws -> Extraction
    ) throws -> IngestOutcome {
        do {
            return try batchWrite { db in
                var batch = try BatchWriter(db)
                let outcome = try batch.store(document, replacing: replacing, db) { try extract(document.text) }
                try batch.finish(db)
                return outcome
            }
        } catch let error as DatabaseError {
            throw StoreError.wrap(error, path: path)
        }
    }

    /// Stores documents already extracted, in one write transaction, and returns what was
    /// done with each (in order).
    ///
    /// A document whose path is stored with the same content hash is left as it is
    /// (`.unchanged`); one stored with another hash is replaced. When a path comes twice,
    /// the later document wins. If anything throws, nothing of the batch is stored.
    ///
    /// ```swift
    /// let outcomes = try store.store(documents.map { ExtractedDocument(document: $0, extraction: extractor.extract($0.text)) })
    /// ```
    public func store(_ documents: [ExtractedDocument]) throws(StoreError) -> [IngestOutcome] {
        try store(documents, cache: nil)
    }

    /// ``store(_:)``, remembering ids from one batch to the next in `cache` (see ``IdCache``).
    public func store(_ documents: [ExtractedDocument], cache: IdCache?) throws(StoreError) -> [IngestOutcome] {
        try store(documents.map { BatchItem(document: $0.document, extracted: $0) }, cache: cache, replacing: true) { _ in
            Extraction()
        }
    }

    /// One document of a batch: extracted already, or not (its content was stored when the
    /// batch was prepared, so it is expected to be linked or found unchanged).
    public struct BatchItem: Sendable {
        public var document: SourceDocument
        public var extracted: ExtractedDocument?

        public init(document: SourceDocument, extracted: ExtractedDocument?) {
            self.document = document
            self.extracted = extracted
        }
    }

    /// Stores a batch in one transaction; `extract` runs only for a document that was not
    /// extracted beforehand and whose content is not stored (another process removed it).
    public func store(
        _ documents: [BatchItem], cache: IdCache?, replacing: Bool, extract: (String) -> Extraction
    ) throws(StoreError) -> [IngestOutcome] {
        var pending: [BatchItem]? = documents
        var outcomes: [IngestOutcome] = []
        try store(
            batches: { _ in
                defer { pending = nil }
                return pending.map { .batch($0) } ?? .finished
            },
            cache: cache, replacing: replacing, grouping: .none, extract: extract
        ) { groups, _, _ in outcomes = groups.first ?? [] }
        return outcomes
    }

    /// What the writer of ``store(batches:cache:replacing:grouping:extract:committed:)`` is handed next.
    public enum NextBatch: Sendable {
        /// A batch to store.
        case batch([BatchItem])
        /// No batch came in the time the writer could wait.
        case notReady
        /// No batch will come.
        case finished
    }

    /// How long a transaction of ``store(batches:cache:replacing:grouping:extract:committed:)``
    /// stays open for further batches: until it holds ``documents`` documents or has lasted
    /// ``seconds``, whichever comes first.
    public struct Grouping: Sendable, Equatable {
        public var documents: Int
        public var seconds: Double

        public init(documents: Int, seconds: Double) {
            self.documents = documents
            self.seconds = seconds
        }

        /// One batch a transaction.
        public static let none = Grouping(documents: 0, seconds: 0)

        /// Up to 4,096 documents, or one second, a transaction. Each commit writes every page its
        /// transaction changed to the write-ahead log, and a batch changes pages all over the
        /// triple, evidence and entity indexes, many of which the next batch changes again:
        /// storing 100,000 articles took 44.0 to 54.6 s of the writer's CPU time with a commit
        /// every 256 documents, 34.3 to 36.4 s grouped this way (300,000 articles: 196.8 and
        /// 154.4 s). The larger the store, the fewer pages two batches share, and the less it gains.
        public static let standard = Grouping(documents: 4096, seconds: 1)
    }

    /// Stores batches as `next` hands them over, several in one transaction (see ``Grouping``),
    /// and calls `committed` after each commit with what was done with each document of each of
    /// its batches (in order), and the wall and thread CPU seconds of the transaction.
    ///
    /// `next(nil)` waits for a batch or the end (it never answers ``NextBatch/notReady``),
    /// `next(seconds)` at most that long. A transaction starts
    /// when a batch comes, and waits for more only while the grouping allows, so the store's
    /// write lock is never held for much longer than ``Grouping/seconds`` (other writers wait up
    /// to their busy timeout). Returns when `next` says ``NextBatch/finished``. If anything
    /// throws, the transaction rolls back and the error is thrown; the transactions before it
    /// stay committed.
    public func store(
        batches next: (_ waitingAtMost: Double?) -> NextBatch, cache: IdCache?, replacing: Bool, grouping: Grouping,
        extract: (String) -> Extraction,
        committed: (_ outcomes: [[IngestOutcome]], _ seconds: Double, _ cpuSeconds: Double) -> Void
    ) throws(StoreError) {
        let clock = ContinuousClock()
        while case .batch(let first) = next(nil) {
            let (started, cpuStarted) = (clock.now, Self.threadCPUSeconds())
            let groups: [[IngestOutcome]]
            // The batch to store next: each batch stored is freed on another thread (``dispose(_:)``).
            var pending: [BatchItem]? = consume first
            do {
                let ids: IdCache.Ids
                (groups, ids) = try batchWrite { db in
                    var batch = try BatchWriter(db, ids: try cache?.take(db) ?? IdCache.Ids())
                    var groups: [[IngestOutcome]] = []
                    var documents = 0
                    while let items = pending {
                        pending = nil
                        groups.append(try batch.store(items, replacing: replacing, db, extract: extract))
                        documents += items.count
                        Self.dispose(consume items)
                        let left = grouping.seconds - (clock.now - started).seconds
                        if documents < grouping.documents, left > 0, case .batch(let more) = next(left) { pending = more }
                    }
                    try batch.finish(db)
                    return (groups, batch.ids)
                }
                // Only after the commit: the ids of a transaction that rolled back would not exist.
                cache?.keep(ids)
            } catch {
                throw StoreError.wrap(error, path: path)
            }
            // Give back what the transaction's rows and the batches freed (a batch freed on
            // another thread may still be in flight; what it frees goes back at the next
            // commit): glibc keeps it for later allocations, and memory freed on one thread and
            // asked for on another piles up
            // (`tupu ingest` of 100,000 articles: 234 MB peak without, 220 MB with; of 1,000,000
            // articles: 312 MB without, 271 MB with).
            Self.returnFreedMemory()
            committed(groups, (clock.now - started).seconds, Self.threadCPUSeconds() - cpuStarted)
        }
    }

    /// Frees a stored batch on another thread than the writer's, which bounds an ingest: a
    /// batch's extractions are thousands of small allocations (names, spans, rules), and freeing
    /// them was 2.3% of the writer's instructions for 5,000 records. It is freed as soon as it is
    /// stored, as the writer freed it, not held until the commit: a transaction groups up to 4,096
    /// documents, and holding them raised the peak of an ingest of 100,000 records by 20 MB.
    /// The batch goes through a box that only the other thread empties: had the closure held
    /// the batch itself, whichever thread let go of it last would free it, and under callgrind
    /// that was mostly the writer.
    static func dispose(_ batch: consuming [BatchItem]) {
        let box = SpentBatch(consume batch)
        DispatchQueue.global(qos: .userInitiated).async { box.free() }
    }

    /// CPU time used by the calling thread, in seconds.
    public static func threadCPUSeconds() -> Double {
        var spec = timespec()
        guard clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec) == 0 else { return 0 }
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }

    /// Which of these content hashes are stored.
    ///
    /// The reader connection lets go of the pages it read: an ingest asks this for every batch,
    /// and random hashes touch pages all over the hash index, so its page cache would otherwise
    /// fill up to its 64 MiB beside the writer's (at 1,000,000 articles the index is 71 MB).
    public func storedContentHashes(_ hashes: [String]) throws(StoreError) -> Set<String> {
        guard !hashes.isEmpty else { return [] }
        return try read { db in
            var stored = Set<String>()
            for chunk in Self.chunks(hashes) {
                let placeholders = Self.placeholders(chunk.count)
                stored.formUnion(try String.fetchAll(
                    db, sql: "SELECT contentHash FROM document WHERE contentHash IN (\(placeholders))",
                    arguments: StatementArguments(chunk)))
            }
            try db.execute(sql: "PRAGMA shrink_memory")
            return stored
        }
    }

    /// Runs `body` in one write transaction with foreign key enforcement off (SQLite
    /// cannot switch it inside a transaction), for ``BatchWriter``, which keeps the
    /// references right by construction. Enforcement is on again afterwards, also on error.
    func batchWrite<T>(_ body: (Database) throws -> T) throws -> T {
        try writer.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA foreign_keys = OFF")
            defer { try? db.execute(sql: "PRAGMA foreign_keys = ON") }
            var result: T?
            try db.inTransaction {
                result = try body(db)
                return .commit
            }
            guard let result else {
                throw DatabaseError(resultCode: .SQLITE_ERROR, message: "the write transaction returned nothing")
            }
            return result
        }
    }

    /// Removes the source with this key, or (when no key is `name`) every source whose path
    /// as given is `name`; a document left without a source goes with what only it
    /// supported. Returns false when nothing matched.
    public func remove(path name: String) throws -> Bool {
        do {
            return try batchWrite { db in
                var batch = try BatchWriter(db)
                var keys = try String.fetchAll(db, sql: "SELECT key FROM source WHERE key = ?", arguments: [name])
                if keys.isEmpty {
                    keys = try String.fetchAll(db, sql: "SELECT key FROM source WHERE path = ?", arguments: [name])
                }
                for key in keys { try batch.removeSource(key, db) }
                try batch.finish(db)
                return !keys.isEmpty
            }
        } catch {
            throw StoreError.wrap(error, path: path)
        }
    }
}

/// Writes documents inside one transaction: statements prepared once, entity, triple and
/// rule ids remembered across the documents of the batch, and the clean-up after deletions
/// limited to the triples and entities the deleted rows used.
///
/// It runs with foreign key enforcement off (see ``Store/batchWrite(_:)``): every id it
/// writes was looked up or inserted in the same transaction, and a deleted document's
/// evidence, mentions and aliases are deleted explicitly rather than by cascade.
///
/// The remembered ids are valid for the transaction only (another process may delete rows
/// between transactions), so a `BatchWriter` never outlives its `write` block.
struct BatchWriter {
    /// The ids looked up or inserted (valid while the transaction lasts, or longer when
    /// ``IdCache`` vouches for them).
    private(set) var ids: IdCache.Ids
    /// The ids this writer gives to the rows it inserts (``IdCounter``).
    private var counter: IdCounter
    /// Triples and entities that lost rows in a deletion: checked by ``finish(_:)``.
    private var touchedTriples = Set<Int64>()
    private var touchedEntities = Set<Int64>()
    /// Whether ``removeSource(_:_:)`` has made sure no index of a bulk load is pending.
    private var checkedDeferred = false

    private let findSource: PreparedStatement
    private let findContent: PreparedStatement
    private let insertSource: PreparedStatement
    private let insertDocument: PreparedStatement
    private let findEntity: PreparedStatement
    private let insertEntity: PreparedStatement
    private let findTriple: PreparedStatement
    private let insertTriple: PreparedStatement
    private let findRule: PreparedStatement
    private let insertRule: PreparedStatement
    private let insertMention: PreparedStatement
    private let insertEntityDocument: PreparedStatement
    private let insertAlias: PreparedStatement
    private let insertEvidence: PreparedStatement
    /// ``insertEvidence`` for ``evidenceChunk`` rows at once.
    private let insertEvidenceChunk: PreparedStatement
    /// A document's evidence rows not written yet (``writeEvidence()``).
    private var pendingEvidence: [EvidenceRow] = []
    /// Nil before v9 (the migration to v5 writes through this writer).
    private let insertTripleKind: PreparedStatement?
    /// Nil before v12, whose evidence is keyed by document and has no list of a document's triples.
    private let insertTripleList: PreparedStatement?
    /// Whether `alias` names its rule by id (since v12) rather than by text.
    private let aliasRuleById: Bool
    /// Whether `triple` stores its predicate's code (since v13) rather than its name.
    private let predicateById: Bool
    private let ingestedAt: String
    /// The last entity id given before this transaction: an entity with a larger id was inserted
    /// by this writer (it gives ids in order, ``IdCounter``), and a triple that names one cannot
    /// be stored unless this writer stored it, so when ``ids`` does not hold it, it is inserted
    /// without a look-up.
    private let entitiesBefore: Int64
    /// The rows of `triple_kind` (since v10 the writer keeps it, not a trigger).
    private var tripleKinds = Set<TripleKindKey>()

    /// The look-up of a triple by its parts (?1 subject, ?2 predicate, ?3 object id or NULL,
    /// ?4 literal or NULL), through `triple_unique` since v15: the larger end's id first.
    static func findTripleSQL(predicateColumn: String = "predicateId") -> String {
        """
        SELECT id FROM triple
        WHERE \(TripleKeyOrder.first) = max(?1, ifnull(?3, -1))
          AND subjectId = ?1 AND \(predicateColumn) = ?2 AND ifnull(objectId, -1) = ifnull(?3, -1)
          AND ifnull(objectLiteral, '') = ifnull(?4, '')
        """
    }

    init(_ db: Database, ids: IdCache.Ids = IdCache.Ids()) throws {
        self.ids = ids
        counter = try IdCounter.read(db)
        entitiesBefore = counter.lastGiven(.entity)
        findSource = try PreparedStatement(db, sql: """
            SELECT s.documentId, d.contentHash FROM source s JOIN document d ON d.id = s.documentId WHERE s.key = ?
            """)
        findContent = try PreparedStatement(db, sql: "SELECT id FROM document WHERE contentHash = ?")
        insertSource = try PreparedStatement(db, sql: "INSERT INTO source (key, documentId, path) VALUES (?, ?, ?)")
        insertDocument = try PreparedStatement(db, sql: """
            INSERT INTO document (path, contentHash, title, published, compressedText, ingestedAt, id) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        findEntity = try PreparedStatement(db, sql: "SELECT id FROM entity WHERE kind = ? AND name = ?")
        insertEntity = try PreparedStatement(db, sql: "INSERT INTO entity (kind, name, id) VALUES (?, ?, ?)")
        // Since v13 a triple's predicate is stored as its code (the migration to v5 writes
        // through this writer before).
        predicateById = try db.columns(in: "triple").contains { $0.name == "predicateId" }
        let predicateColumn = predicateById ? "predicateId" : "predicate"
        findTriple = try PreparedStatement(db, sql: Self.findTripleSQL(predicateColumn: predicateColumn))
        insertTriple = try PreparedStatement(db, sql: """
            INSERT INTO triple (subjectId, \(predicateColumn), objectId, objectLiteral, id) VALUES (?, ?, ?, ?, ?)
            """)
        findRule = try PreparedStatement(db, sql: "SELECT id FROM rule WHERE name = ?")
        insertRule = try PreparedStatement(db, sql: "INSERT INTO rule (name) VALUES (?)")
        insertMention = try PreparedStatement(db, sql: "INSERT INTO mention (documentId, count, spans) VALUES (?, ?, ?)")
        insertEntityDocument = try PreparedStatement(
            db, sql: "INSERT OR IGNORE INTO entity_document (entityId, documentId) VALUES (?, ?)")
        // Since v12 an alias names its rule by id and each document has a list of its triples (the
        // migration to v5 writes through this writer before).
        let sinceV12 = try db.tableExists("document_triple")
        aliasRuleById = sinceV12
        insertAlias = try PreparedStatement(db, sql: """
            INSERT OR IGNORE INTO alias (entityId, alias, documentId, \(aliasRuleById ? "ruleId" : "rule"), id) VALUES (?, ?, ?, ?, ?)
            """)
        let insertEvidenceSQL = """
            INSERT OR IGNORE INTO evidence
                (documentId, tripleId, start, "end", ruleId, sentenceStart, sentenceEnd, confidenceThousandths)
            VALUES
            """
        let evidenceValues = "(?, ?, ?, ?, ?, ?, ?, ?)"
        insertEvidence = try PreparedStatement(db, sql: insertEvidenceSQL + " " + evidenceValues)
        insertEvidenceChunk = try PreparedStatement(
            db, sql: insertEvidenceSQL + " " + Array(repeating: evidenceValues, count: Self.evidenceChunk).joined(separator: ", "))
        // The migration to v5 writes through this writer, before `triple_kind` exists.
        if try db.tableExists("triple_kind") {
            insertTripleKind = try PreparedStatement(db, sql: """
                INSERT OR IGNORE INTO triple_kind (predicate, subjectKind, objectKind) VALUES (?, ?, ?)
                """)
            for row in try Row.fetchAll(db, sql: "SELECT predicate, subjectKind, objectKind FROM triple_kind") {
                if let key = TripleKindKey(predicate: row[0], subjectKind: row[1], objectKind: row[2]) { tripleKinds.insert(key) }
            }
        } else {
            insertTripleKind = nil
        }
        insertTripleList = sinceV12
            ? try PreparedStatement(db, sql: "INSERT OR REPLACE INTO document_triple (documentId, tripleIds) VALUES (?, ?)")
            : nil
        ingestedAt = Date().formatted(.iso8601)
    }

    /// Stores one document under its source key.
    ///
    /// - The key is stored with the same content: `.unchanged`.
    /// - The key is stored with other content: unless `replacing`, `.refused` and nothing is
    ///   written; else the key leaves its document (which goes when no other key holds it).
    /// - The content is stored (under another key): the key is added to that document
    ///   (`.linked`, or `.replaced` when the key held other content).
    /// - Else `extract` runs and the document is inserted (`.added`, or `.replaced`).
    ///
    /// `storedText` is the text compressed (``TextCompression``), and `keys` the extraction's
    /// ``ExtractionKeys``, when the caller made them already (for what `extract` returns).
    mutating func store(
        _ document: SourceDocument, storedText: [UInt8]? = nil, keys: ExtractionKeys? = nil, replacing: Bool = true,
        _ db: Database, extract: () throws -> Extraction
    ) throws -> IngestOutcome {
        findSource.bind(1, document.sourceKey)
        let existing = try findSource.int64AndText()
        if let existing, existing.1 == document.contentHash { return .unchanged }
        if existing != nil {
            guard replacing else { return .refused }
            try removeSource(document.sourceKey, db)
        }
        findContent.bind(1, document.contentHash)
        let documentId: Int64
        let linked: Bool
        if let stored = try findContent.int64() {
            documentId = stored
            linked = true
        } else {
            let extraction = try extract()
            documentId = try insert(document, extraction, storedText: storedText, keys: keys)
            linked = false
        }
        insertSource.bind(1, document.sourceKey)
        insertSource.bind(2, documentId)
        insertSource.bind(3, document.path)
        try insertSource.run()
        if existing != nil { return .replaced }
        return linked ? .linked : .added
    }

    /// Stores the documents of a batch (``store(_:storedText:keys:replacing:_:extract:)``); `extract`
    /// runs only for a document not extracted beforehand whose content is not stored.
    mutating func store(
        _ items: [Store.BatchItem], replacing: Bool, _ db: Database, extract: (String) -> Extraction
    ) throws -> [IngestOutcome] {
        var outcomes: [IngestOutcome] = []
        outcomes.reserveCapacity(items.count)
        for item in items {
            outcomes.append(try store(
                item.document, storedText: item.extracted?.storedText, keys: item.extracted?.keys, replacing: replacing, db
            ) {
                item.extracted?.extraction ?? extract(item.document.text).identified(contentHash: item.document.contentHash)
            })
        }
        return outcomes
    }

    /// Takes a source key off its document; the document goes (``deleteDocument(_:_:)``)
    /// when no other key holds it.
    mutating func removeSource(_ key: String, _ db: Database) throws {
        // Deleting looks rows up by the indexes a bulk load leaves out: build them first.
        if !checkedDeferred {
            checkedDeferred = true
            if try Store.hasDeferred(db) { _ = try Store.completeDeferred(db) }
        }
        guard let id = try Int64.fetchOne(db, sql: "SELECT documentId FROM source WHERE key = ?", arguments: [key]) else {
            return
        }
        try db.execute(sql: "DELETE FROM source WHERE key = ?", arguments: [key])
        let others = try Int.fetchOne(db, sql: "SELECT count(*) FROM source WHERE documentId = ?", arguments: [id]) ?? 0
        if others == 0 { try deleteDocument(id, db) }
    }

    /// Deletes a document with its sources, evidence, mentions and aliases, and remembers the
    /// triples and entities those rows used.
    mutating func deleteDocument(_ id: Int64, _ db: Database) throws {
        try deleteRows(of: id, db)
        for sql in ["DELETE FROM source WHERE documentId = ?", "DELETE FROM document WHERE id = ?"] {
            try db.execute(sql: sql, arguments: [id])
        }
    }

    /// Deletes a document's evidence, mentions and aliases (not the document), and remembers
    /// the triples and entities those rows used.
    mutating func deleteRows(of id: Int64, _ db: Database) throws {
        if insertTripleList != nil {
            // Since v12 evidence is keyed by triple: the document's list says where its rows are.
            if let stored = try Data.fetchOne(db, sql: "SELECT tripleIds FROM document_triple WHERE documentId = ?", arguments: [id]) {
                guard let list = TripleList(encoded: Array(stored)) else {
                    throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "the triples of document \(id) are damaged")
                }
                let delete = try db.cachedStatement(sql: "DELETE FROM evidence WHERE tripleId = ? AND documentId = ?")
                for triple in list.ids {
                    try delete.execute(arguments: [triple, id])
                }
                touchedTriples.formUnion(list.ids)
            }
            try db.execute(sql: "DELETE FROM document_triple WHERE documentId = ?", arguments: [id])
        } else {
            touchedTriples.formUnion(try Int64.fetchAll(
                db, sql: "SELECT DISTINCT tripleId FROM evidence WHERE documentId = ?", arguments: [id]))
            try db.execute(sql: "DELETE FROM evidence WHERE documentId = ?", arguments: [id])
        }
        touchedEntities.formUnion(try Int64.fetchAll(db, sql: "SELECT entityId FROM alias WHERE documentId = ?", arguments: [id]))
        if let stored = try Data.fetchOne(db, sql: "SELECT spans FROM mention WHERE documentId = ?", arguments: [id]) {
            guard let mentions = MentionList(encoded: Array(stored)) else {
                throw DatabaseError(resultCode: .SQLITE_CORRUPT, message: "the mentions of document \(id) are damaged")
            }
            for entity in mentions.entityIds {
                touchedEntities.insert(entity)
                try db.execute(sql: "DELETE FROM entity_document WHERE entityId = ? AND documentId = ?", arguments: [entity, id])
            }
        }
        // Triples and entities are not deleted here, so the ids remembered for the batch stay
        // valid: a later document that uses one of them gives it evidence or a mention, and
        // ``finish(_:)`` then keeps it.
        for sql in ["DELETE FROM mention WHERE documentId = ?", "DELETE FROM alias WHERE documentId = ?"] {
            try db.execute(sql: sql, arguments: [id])
        }
    }

    /// Deletes the remembered triples that have no evidence left, then the remembered
    /// entities (and those of the deleted triples) that have no triple, mention or alias.
    /// Call once, after the last document of the batch.
    mutating func finish(_ db: Database) throws {
        try counter.write(db)
        guard !touchedTriples.isEmpty || !touchedEntities.isEmpty else { return }
        let orphanTriple = try db.cachedStatement(sql: """
            SELECT subjectId, objectId FROM triple
            WHERE id = ? AND NOT EXISTS (SELECT 1 FROM evidence WHERE tripleId = ?)
            """)
        let deleteTriple = try db.cachedStatement(sql: "DELETE FROM triple WHERE id = ?")
        for triple in touchedTriples.sorted() {
            guard let row = try Row.fetchOne(orphanTriple, arguments: [triple, triple]) else { continue }
            touchedEntities.insert(row[0])
            if let object: Int64 = row[1] { touchedEntities.insert(object) }
            try deleteTriple.execute(arguments: [triple])
        }
        let deleteEntity = try db.cachedStatement(sql: """
            DELETE FROM entity WHERE id = ?1
              AND NOT EXISTS (SELECT 1 FROM triple WHERE subjectId = ?1)
              AND NOT EXISTS (SELECT 1 FROM triple WHERE objectId = ?1)
              AND NOT EXISTS (SELECT 1 FROM entity_document WHERE entityId = ?1)
              AND NOT EXISTS (SELECT 1 FROM alias WHERE entityId = ?1)
            """)
        for entity in touchedEntities.sorted() {
            try deleteEntity.execute(arguments: [entity])
        }
        touchedTriples.removeAll()
        touchedEntities.removeAll()
        // Some remembered ids may belong to rows just deleted: start afresh.
        ids.invalidated = true
    }

    /// The id of the row `find` returns, else of the row `insert` adds: with the next id of
    /// `table` as its last parameter, or the id SQLite gives when `table` is nil; `bind` sets
    /// the same other parameters on both.
    private mutating func findOrInsert(
        _ find: PreparedStatement, _ insert: PreparedStatement, into table: IdCounter.Table?, _ bind: (PreparedStatement) -> Void
    ) throws -> (id: Int64, inserted: Bool) {
        bind(find)
        if let found = try find.int64() { return (found, false) }
        bind(insert)
        guard let table else {
            try insert.run()
            return (insert.lastInsertedRowID, true)
        }
        return (try insertRow(insert, into: table), true)
    }

    /// Runs `insert` with the next id of `table` bound to its last parameter; returns that id.
    private mutating func insertRow(_ insert: PreparedStatement, into table: IdCounter.Table) throws -> Int64 {
        let id = counter.next(table)
        insert.bind(insert.parameterCount, id)
        try insert.run()
        return id
    }

    /// The id of `ref`, whose key `keys` holds at `index`.
    private mutating func entityId(_ ref: EntityRef, written keys: WrittenKeys, at index: Int) throws -> Int64 {
        let forBatch = ref.kind == .document
        if let id = forBatch ? ids.batchEntities[written: keys, at: index] : ids.entities[written: keys, at: index] {
            return id
        }
        let (id, _) = try findOrInsert(findEntity, insertEntity, into: .entity) { statement in
            statement.bind(1, ref.kind.rawValue)
            statement.bind(2, ref.name)
        }
        if forBatch { ids.batchEntities[written: keys, at: index] = id } else { ids.entities[written: keys, at: index] = id }
        return id
    }

    /// The id of the rule `name`, whose key `keys` holds at `index`.
    private mutating func ruleId(_ name: String, written keys: WrittenKeys, at index: Int) throws -> Int64 {
        if let id = ids.rules[written: keys, at: index] { return id }
        let id = try findOrInsert(findRule, insertRule, into: nil) { $0.bind(1, name) }.id
        ids.rules[written: keys, at: index] = id
        return id
    }

    /// The triple's id, keyed by the ids of its entities, `subject` and `object` (nil for a
    /// literal), which the caller looked up (so the key hashes two integers rather than three
    /// names). Their ids are added to `ends`.
    private mutating func tripleId(_ triple: Triple, subject: Int64, object: Int64?, ends: inout [Int64]) throws -> Int64 {
        ends.append(subject)
        let key: TripleKey
        switch (triple.object, object) {
        case (.entity, let object?):
            ends.append(object)
            key = TripleKey(subject: subject, predicate: triple.predicate, object: object, literal: nil)
        case (.literal(let value), _): key = TripleKey(subject: subject, predicate: triple.predicate, object: -1, literal: value)
        case (.entity, nil): preconditionFailure("ExtractionKeys gives an id for every object that is an entity")
        }
        let forBatch = triple.subject.kind == .document || triple.object.entity?.kind == .document
        if let id = forBatch ? ids.batchTriples[key] : ids.triples[key] { return id }
        let byCode = predicateById
        let bind = { (statement: PreparedStatement) in
            statement.bind(1, subject)
            if byCode {
                statement.bind(2, PredicateCode.code(triple.predicate))
            } else {
                statement.bind(2, triple.predicate.rawValue)
            }
            statement.bind(3, key.literal == nil ? key.object : nil)
            statement.bind(4, key.literal)
        }
        let id: Int64
        let inserted: Bool
        if subject > entitiesBefore || (key.literal == nil && key.object > entitiesBefore) {
            // A new entity's triples are all in `ids`: this one is not stored.
            bind(insertTriple)
            (id, inserted) = (try insertRow(insertTriple, into: .triple), true)
        } else {
            (id, inserted) = try findOrInsert(findTriple, insertTriple, into: .triple, bind)
        }
        if inserted, let insertTripleKind { try noteKind(triple, insertTripleKind) }
        if forBatch { ids.batchTriples[key] = id } else { ids.triples[key] = id }
        return id
    }

    /// Adds the kinds of a new triple to `triple_kind` when they are not there.
    private mutating func noteKind(_ triple: Triple, _ insertTripleKind: PreparedStatement) throws {
        let objectKind: EntityKind?
        switch triple.object {
        case .entity(let ref): objectKind = ref.kind
        case .literal: objectKind = nil
        }
        let key = TripleKindKey(predicate: triple.predicate, subjectKind: triple.subject.kind, objectKind: objectKind)
        guard !tripleKinds.contains(key) else { return }
        insertTripleKind.bind(1, triple.predicate.rawValue)
        insertTripleKind.bind(2, triple.subject.kind.rawValue)
        insertTripleKind.bind(3, objectKind?.rawValue ?? "")
        try insertTripleKind.run()
        tripleKinds.insert(key)
    }

    /// Inserts the document and its rows (not its source); returns its id.
    private mutating func insert(
        _ document: SourceDocument, _ extraction: Extraction, storedText: [UInt8]?, keys: ExtractionKeys?
    ) throws -> Int64 {
        insertDocument.bind(1, document.path)
        insertDocument.bind(2, document.contentHash)
        insertDocument.bind(3, extraction.title)
        insertDocument.bind(4, extraction.publicationDate)
        insertDocument.bind(5, bytes: storedText ?? TextCompression.compress(document.text))
        insertDocument.bind(6, ingestedAt)
        let documentId = try insertRow(insertDocument, into: .document)
        try insertRows(of: documentId, extraction, keys: keys)
        return documentId
    }

    /// Inserts what the extraction says of a stored document: its mentions, aliases, facts and
    /// evidence (the document has none yet).
    ///
    /// `entity_document` gets a row only for an entity the document mentions and gives no fact
    /// or alias for: it is read only to decide whether a deletion leaves an entity without a
    /// triple, a mention or an alias, and an entity with a fact or an alias from the document is
    /// kept by the triple (whose evidence goes with the document) or by the alias row. On the
    /// 30,000 generated records of the benchmark that is 13,973 rows instead of 510,120 (97%
    /// of the entities a document mentions are in one of its facts or aliases).
    mutating func insertRows(of documentId: Int64, _ extraction: Extraction, keys: ExtractionKeys? = nil) throws {
        let keys = keys ?? ExtractionKeys(extraction)
        assert(
            keys.mentions.count == extraction.mentions.count && keys.aliases.count == extraction.aliases.count
                && keys.facts.count == extraction.facts.count, "the keys of another extraction")
        // Each entity and rule is looked up once, when first needed (so rows are inserted in
        // the order they were before keys were written beforehand); 0 is no id.
        var entityIds = [Int64](repeating: 0, count: keys.entities.count)
        var ruleIds = [Int64](repeating: 0, count: keys.rules.count)
        func once(_ ids: inout [Int64], _ index: Int32, _ lookUp: (Int) throws -> Int64) rethrows -> Int64 {
            let index = Int(index)
            if ids[index] == 0 { ids[index] = try lookUp(index) }
            return ids[index]
        }
        func entity(_ index: Int32) throws -> Int64 {
            try once(&entityIds, index) { try entityId(keys.entities[$0], written: keys.entityKeys, at: $0) }
        }
        func rule(_ index: Int32) throws -> Int64 {
            try once(&ruleIds, index) { try ruleId(keys.rules[$0], written: keys.ruleKeys, at: $0) }
        }
        var items: [MentionList.Item] = []
        items.reserveCapacity(extraction.mentions.count)
        for (mention, key) in zip(extraction.mentions, keys.mentions) {
            items.append(MentionList.Item(
                start: mention.span.start, end: mention.span.end,
                entityId: try entity(key.entity), ruleId: try rule(key.rule)))
        }
        let mentions = MentionList(items)
        insertMention.bind(1, documentId)
        insertMention.bind(2, mentions.items.count)
        insertMention.bind(3, bytes: mentions.encoded)
        try insertMention.run()
        // The entities this document's facts and aliases keep.
        var kept: [Int64] = []
        kept.reserveCapacity(2 * extraction.facts.count + extraction.aliases.count)
        for (alias, key) in zip(extraction.aliases, keys.aliases) {
            let entity = try entity(key.entity)
            kept.append(entity)
            insertAlias.bind(1, entity)
            insertAlias.bind(2, alias.alias)
            insertAlias.bind(3, documentId)
            if aliasRuleById {
                let rule: Int64? = key.rule < 0 ? nil : try rule(key.rule)
                insertAlias.bind(4, rule)
            } else {
                insertAlias.bind(4, alias.rule)
            }
            let id = try insertRow(insertAlias, into: .alias)
            // The same alias of the same entity twice in a document: one row, one id.
            if insertAlias.changes == 0 { counter.giveBack(id, .alias) }
        }
        var triples: [Int64] = []
        triples.reserveCapacity(extraction.facts.count)
        for (fact, key) in zip(extraction.facts, keys.facts) {
            let evidence = fact.evidence
            let subject = try entity(key.subject)
            let object = key.object < 0 ? nil : try entity(key.object)
            let triple = try tripleId(fact.triple, subject: subject, object: object, ends: &kept)
            triples.append(triple)
            let rule = try rule(key.rule)
            pendingEvidence.append(EvidenceRow(values: (
                documentId, triple, Int64(evidence.span.start), Int64(evidence.span.end), rule,
                Int64(evidence.sentence.start), Int64(evidence.sentence.end),
                Int64(StoredConfidence.thousandths(evidence.confidence)))))
        }
        try writeEvidence()
        if let insertTripleList, !triples.isEmpty {
            insertTripleList.bind(1, documentId)
            insertTripleList.bind(2, bytes: TripleList(triples).encoded)
            try insertTripleList.run()
        }
        // Both sorted: the mentioned entities are walked beside the kept ones.
        kept.sort()
        var next = 0
        for entity in mentions.entityIds {
            while next < kept.count, kept[next] < entity { next += 1 }
            if next < kept.count, kept[next] == entity { continue }
            insertEntityDocument.bind(1, entity)
            insertEntityDocument.bind(2, documentId)
            try insertEntityDocument.run()
        }
    }
}

extension BatchWriter {
    /// An evidence row's values, in the order of ``insertEvidence``'s parameters.
    struct EvidenceRow {
        var values: (Int64, Int64, Int64, Int64, Int64, Int64, Int64, Int64)
    }

    /// Evidence rows one statement inserts: one `INSERT` of many rows costs SQLite less than as
    /// many of one row (each statement is started, checked and ended once).
    static let evidenceChunk = 16

    /// Writes ``pendingEvidence``, ``evidenceChunk`` rows a statement and the rest one a
    /// statement, in order, and empties it.
    mutating func writeEvidence() throws {
        var index = 0
        while pendingEvidence.count - index >= Self.evidenceChunk {
            for offset in 0..<Self.evidenceChunk {
                Self.bind(pendingEvidence[index + offset], to: insertEvidenceChunk, from: Int32(offset * 8))
            }
            try insertEvidenceChunk.run()
            index += Self.evidenceChunk
        }
        while index < pendingEvidence.count {
            Self.bind(pendingEvidence[index], to: insertEvidence, from: 0)
            try insertEvidence.run()
            index += 1
        }
        pendingEvidence.removeAll(keepingCapacity: true)
    }

    /// Binds `row` to the eight parameters of `statement` after the first `first`.
    private static func bind(_ row: EvidenceRow, to statement: PreparedStatement, from first: Int32) {
        statement.bind(first + 1, row.values.0)
        statement.bind(first + 2, row.values.1)
        statement.bind(first + 3, row.values.2)
        statement.bind(first + 4, row.values.3)
        statement.bind(first + 5, row.values.4)
        statement.bind(first + 6, row.values.5)
        statement.bind(first + 7, row.values.6)
        statement.bind(first + 8, row.values.7)
    }
}

/// A stored batch on its way to the thread that frees it (``Store/dispose(_:)``).
private final class SpentBatch: Sendable {
    private let items: Mutex<[Store.BatchItem]?>

    init(_ items: consuming [Store.BatchItem]) {
        self.items = Mutex(consume items)
    }

    /// Frees the batch on the calling thread.
    func free() {
        items.withLock { $0 = nil }
    }
}
