import Foundation
import GRDB
import TupuModel

/// Totals of ``Store/merge(from:batchSize:report:)``.
public struct MergeSummary: Sendable, Equatable {
    /// Documents of the shard.
    public var documents = 0
    /// Sources of the shard (a document has one or more) and what became of each.
    public var sources = 0
    public var added = 0
    public var replaced = 0
    public var unchanged = 0
    public var linked = 0
    /// Wall-clock seconds.
    public var seconds: Double = 0

    public init() {}
}

extension Store {
    /// Unions a shard store into this one, as if the shard's files had been ingested here.
    ///
    /// Each document of the shard is read back as it is stored (its text, title and date, and
    /// the mentions, aliases and facts with evidence its rows hold, events already named as
    /// instances) and written through the same writer as a file ingest, under each of its
    /// source keys: the first key stores the document under
    /// its path (the source read with that path first, then by key), the others become more
    /// sources of it. So the store identifies everything as
    /// one ingest would: an entity by kind and name, a fact by its triple, an event instance by
    /// its name (date or document), a document by its content hash, its evidence by
    /// document, triple, span and rule. A key stored here with the same content is unchanged,
    /// with other content it is replaced (as ingesting a changed file replaces it), so merging
    /// again changes nothing and shards merged in the order their files were ingested give the
    /// store one ingest of all the files gives (compare with `tupu export --format jsonl`, sorted).
    ///
    /// `batchSize` documents are written in one transaction: a merge killed at any point leaves
    /// whole documents, and running it again completes it. `report` is called after each
    /// batch with the documents done and the total. The shard is only read.
    ///
    /// ```swift
    /// let merged = try Store(path: "all.sqlite")
    /// for shard in ["a.sqlite", "b.sqlite"] { _ = try merged.merge(from: try Store(path: shard, readOnly: true)) }
    /// ```
    public func merge(
        from shard: Store, batchSize: Int = 256, report: (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) throws(StoreError) -> MergeSummary {
        let clock = ContinuousClock()
        let started = clock.now
        var summary = MergeSummary()
        let ids = try shard.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM document ORDER BY id") }
        let cache = IdCache()
        // Into a store with no document: a bulk load (see Store+BulkLoad.swift).
        try beginBulkLoadIfEmpty()
        var start = 0
        while start < ids.count {
            let chunk = Array(ids[start..<min(start + max(batchSize, 1), ids.count)])
            start += chunk.count
            // Documents whose every key is here with the same content are not read back (a
            // merge run again, or resumed after a kill, skips what it stored).
            let keys = try shard.sourceKeys(of: chunk)
            let stored = try storedSources(keys.map { ($0.key, $0.contentHash) })
            let pending = Set(keys.filter { !stored.contains($0.key) }.map(\.documentId))
            let items = try shard.storedBatch(chunk.filter { pending.contains($0) })
            let outcomes = items.isEmpty ? [] : try store(items, cache: cache, replacing: true) { _ in Extraction() }
            let skipped = keys.count { !pending.contains($0.documentId) }
            summary.documents += chunk.count
            summary.sources += outcomes.count + skipped
            summary.unchanged += skipped
            for outcome in outcomes {
                switch outcome {
                case .added: summary.added += 1
                case .replaced: summary.replaced += 1
                case .unchanged: summary.unchanged += 1
                case .linked: summary.linked += 1
                case .refused: break
                }
            }
            report(summary.documents, ids.count)
        }
        try completeBulkLoad()
        summary.seconds = (clock.now - started).seconds
        return summary
    }

    /// The source keys of these documents, with their content hashes.
    func sourceKeys(of ids: [Int64]) throws(StoreError) -> [(key: String, contentHash: String, documentId: Int64)] {
        try read { db in
            var keys: [(key: String, contentHash: String, documentId: Int64)] = []
            for chunk in Self.chunks(ids) {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT s.key, d.contentHash, d.id FROM source s JOIN document d ON d.id = s.documentId
                    WHERE d.id IN (\(Self.placeholders(chunk.count)))
                    """, arguments: StatementArguments(chunk))
                keys += rows.map { (key: $0[0], contentHash: $0[1], documentId: $0[2]) }
            }
            return keys
        }
    }

    /// Which of these source keys are stored with these content hashes.
    func storedSources(_ keys: [(key: String, contentHash: String)]) throws(StoreError) -> Set<String> {
        try read { db in
            let find = try db.cachedStatement(sql: """
                SELECT 1 FROM source s JOIN document d ON d.id = s.documentId WHERE s.key = ? AND d.contentHash = ?
                """)
            var stored = Set<String>()
            for (key, hash) in keys where try Bool.fetchOne(find, arguments: [key, hash]) != nil {
                stored.insert(key)
            }
            return stored
        }
    }

    /// The documents with these ids as a batch to write elsewhere: one item per source key, the
    /// first with the document's path and its stored extraction.
    func storedBatch(_ ids: [Int64]) throws(StoreError) -> [BatchItem] {
        let path = self.path
        return try read { db in
            var names = EventIdentityMigration.StoredNames(db)
            var items: [BatchItem] = []
            for id in ids {
                guard let row = try Row.fetchOne(
                    db, sql: "SELECT path, contentHash, title, published, compressedText FROM document WHERE id = ?", arguments: [id])
                else { continue }
                let compressed: Data? = row["compressedText"]
                guard let text = compressed.flatMap({ TextCompression.decompress(Array($0)) }) else {
                    throw StoreError.invalidData(path: path, detail: "the text of document \(id) is damaged")
                }
                let documentPath: String = row["path"]
                let contentHash: String = row["contentHash"]
                // Facts, mentions and aliases as stored: events are instances already.
                let extraction = try EventIdentityMigration.readBack(
                    document: id, title: row["title"], published: row["published"], text: text, names: &names, db)
                // The source read with the document's path first (the one that stored it), then by key.
                let sources = try Row.fetchAll(
                    db, sql: "SELECT key, path FROM source WHERE documentId = ? ORDER BY path <> ?, key", arguments: [id, documentPath])
                var extracted: ExtractedDocument?
                for source in sources {
                    let document = SourceDocument(
                        path: extracted == nil ? documentPath : source["path"], text: text, contentHash: contentHash, sourceKey: source["key"])
                    // One extraction (and compressed text) for every key: the writer uses it for the
                    // key that stores the content, the others link to it.
                    let shared = extracted ?? ExtractedDocument(document: document, extraction: extraction)
                    extracted = shared
                    items.append(BatchItem(document: document, extracted: shared))
                }
            }
            return items
        }
    }
}
