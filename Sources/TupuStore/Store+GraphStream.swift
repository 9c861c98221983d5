import struct Foundation.Data
import GRDB
import TupuModel

/// The whole graph as ``Store/snapshot()`` has it, with the evidence read when it is asked
/// for: nodes, edges (without evidence) and documents are held; each pass over the evidence
/// reads it again from the store. The evidence rows and their order are ``Store/snapshot()``'s.
///
/// Every read sees the store as it was when the graph was made (a file store's reads go
/// through one SQLite snapshot, a read transaction held while the graph lives): a store
/// written to meanwhile gives the graph and evidence of that moment, consistent with each other.
public struct StoredGraph: Sendable {
    /// The graph; its edges have no evidence rows.
    public let snapshot: GraphSnapshot
    /// The most edges one batch of ``forEachEdgeEvidence(text:_:)`` holds.
    public let batchSize: Int
    /// The evidence rows after which a batch of ``forEachEdgeEvidence(text:_:)`` takes no more
    /// edges: each batch cuts its texts from every document its rows come from, so fewer,
    /// larger batches decompress fewer documents again.
    public let evidenceBudget: Int
    private let store: Store
    /// What every read goes through: a snapshot of a file store, else the store's own connection.
    private let reader: any DatabaseReader
    /// The triple of each edge.
    private let triples: [Int64]
    /// The path of each document with text (evidence from others is left out, as ``Store/snapshot()`` leaves it).
    private let paths: [Int64: String]
    /// The documents with text in the snapshot's order (path, then hash).
    private let documents: [(id: Int64, path: String)]

    init(store: Store, batchSize: Int, evidenceBudget: Int) throws(StoreError) {
        let reader: any DatabaseReader
        do {
            reader = try (store.writer as? DatabasePool).map { pool in try Store.retryingWhileBusy { try pool.makeSnapshot() } } ?? store.writer
        } catch {
            throw StoreError.wrap(error, path: store.path)
        }
        // The triples become edges as they are read: a whole store's rows are not held beside its edges.
        var edges: [GraphSnapshot.Edge] = []
        var tripleIDs: [Int64] = []
        let path = store.path
        var rows = try store.read(from: reader) { db in
            let cursor = try TripleRecord.fetchCursor(db)
            while let triple = try cursor.next() {
                guard let id = triple.id else { continue }
                edges.append(GraphSnapshot.Edge(
                    subject: triple.subjectId, predicate: try Store.predicate(triple.predicate, path: path),
                    object: triple.objectId, literal: triple.objectLiteral))
                tripleIDs.append(id)
            }
            return Store.SnapshotRows(
                entities: try EntityRecord.fetchAll(db),
                aliases: try Row.fetchAll(db, sql: "SELECT DISTINCT entityId, alias FROM alias"),
                triples: [],
                evidence: [],
                documents: try Row.fetchAll(db, sql: """
                    SELECT id, path, contentHash, title, published, NULL AS compressedText,
                           compressedText IS NOT NULL AS hasText
                    FROM document
                    """))
        }
        let graph = try store.snapshot(of: rows, sorting: &edges, triples: &tripleIDs)
        // The graph holds the edges now; so do these locals until they let go.
        edges = []
        rows.entities = []
        triples = tripleIDs
        var paths: [Int64: String] = [:]
        var documents: [(id: Int64, path: String, hash: String)] = []
        for row in rows.documents where row["hasText"] as Bool {
            let id: Int64 = row["id"], path: String = row["path"], hash: String = row["contentHash"]
            paths[id] = path
            documents.append((id, path, hash))
        }
        documents.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) || ($0.path == $1.path && $0.hash < $1.hash) }
        self.paths = paths
        self.documents = documents.map { ($0.id, $0.path) }
        self.snapshot = graph
        self.batchSize = max(batchSize, 1)
        self.evidenceBudget = max(evidenceBudget, 1)
        self.store = store
        self.reader = reader
    }

    /// Calls `body` with each edge's index, from 0 in order, and its evidence, reading a batch
    /// of edges at a time (up to ``batchSize`` edges, and no more once it holds
    /// ``evidenceBudget`` rows); with `text` false, surfaces and sentences are empty and no
    /// document text is read.
    public func forEachEdgeEvidence(text: Bool, _ body: (Int, [GraphSnapshot.EvidenceRow]) throws -> Void) throws {
        var start = 0
        while start < triples.count {
            var end = start
            var rows: [Row] = []
            while end < triples.count, end - start < batchSize, rows.count < evidenceBudget {
                let next = min(end + min(500, batchSize - (end - start)), triples.count)
                rows += try store.evidenceRows(of: Array(triples[end..<next]), from: reader)
                end = next
            }
            let found = try store.evidence(rows, paths: paths, text: text, from: reader)
            for index in start..<end {
                try body(index, found[triples[index]] ?? [])
            }
            start = end
        }
    }

    /// Calls `body` with the path and evidence (with text) of each document that has some, in
    /// the snapshot's order, reading one document at a time: each row with its edge's index,
    /// sorted by edge, then as an edge's evidence is sorted.
    public func forEachDocumentEvidence(_ body: (String, [(edge: Int, row: GraphSnapshot.EvidenceRow)]) throws -> Void) throws {
        // The edge of each triple, made for this pass only: the formats that read the evidence
        // in edge order do not hold it.
        var edgeByTriple: [Int64: Int] = [:]
        edgeByTriple.reserveCapacity(triples.count)
        for (index, id) in triples.enumerated() { edgeByTriple[id] = index }
        for document in documents {
            let evidence = try store.evidence(ofDocument: document.id, path: document.path, edges: edgeByTriple, from: reader)
            if !evidence.isEmpty { try body(document.path, evidence) }
        }
    }
}

extension Store {
    /// The evidence rows after which a batch of a ``StoredGraph`` takes no more edges, by
    /// default (about 80 MB of evidence with its sentences).
    public static let defaultEvidenceBudget = 200_000

    /// The whole graph as ``snapshot()`` has it, its evidence read when asked for, in edge
    /// order a batch at a time (at most `batchSize` edges, no more edges once it holds
    /// `evidenceBudget` rows), or a document at a time (``StoredGraph``).
    public func wholeGraph(
        batchSize: Int = .max, evidenceBudget: Int = Store.defaultEvidenceBudget
    ) throws(StoreError) -> StoredGraph {
        try StoredGraph(store: self, batchSize: batchSize, evidenceBudget: evidenceBudget)
    }

    /// The evidence of one document with its text, each row with the index of its edge (rows
    /// of triples that are no edge left out), sorted by edge, then as ``snapshot()`` sorts an edge's.
    fileprivate func evidence(
        ofDocument id: Int64, path document: String, edges: [Int64: Int], from reader: any DatabaseReader
    ) throws(StoreError) -> [(edge: Int, row: GraphSnapshot.EvidenceRow)] {
        let (rows, stored) = try read(from: reader) { db in
            (try Row.fetchAll(db, sql: Self.evidenceSQL + " WHERE v.documentId = ?", arguments: [id]),
             try Data.fetchOne(db, sql: "SELECT compressedText FROM document WHERE id = ?", arguments: [id]))
        }
        guard !rows.isEmpty, let stored else { return [] }
        let scalars = Array(try Self.text(stored, document: document, path: path).unicodeScalars)
        var evidence: [(edge: Int, row: GraphSnapshot.EvidenceRow)] = []
        for row in rows {
            let tripleId: Int64 = row[0]
            guard let edge = edges[tripleId] else { continue }
            evidence.append((edge, GraphSnapshot.EvidenceRow(
                document: document, start: row[2], end: row[3],
                surface: scalars.text(row[2], row[3]), sentence: scalars.text(row[4], row[5]),
                rule: row[6], confidence: StoredConfidence.confidence(row[7]))))
        }
        evidence.sort { ($0.edge, $0.row.start, $0.row.end, $0.row.rule) < ($1.edge, $1.row.start, $1.row.end, $1.row.rule) }
        return evidence
    }

    /// The evidence rows (``evidenceSQL``'s columns) of the triples `ids`, by triple, the rows
    /// of one triple in the order of the evidence table's key (document, start, end, rule id),
    /// as the whole table reads in ``snapshot()``: rows that sort alike later keep it.
    fileprivate func evidenceRows(of ids: [Int64], from reader: any DatabaseReader) throws(StoreError) -> [Row] {
        try read(from: reader) { db in
            var rows: [Row] = []
            for chunk in Self.chunks(ids) {
                rows += try Row.fetchAll(
                    db, sql: Self.evidenceSQL + """
                         WHERE v.tripleId IN (\(Self.placeholders(chunk.count)))
                        ORDER BY v.tripleId, v.documentId, v.start, v."end", v.ruleId
                        """,
                    arguments: StatementArguments(chunk))
            }
            return rows
        }
    }

    /// The evidence of `rows` (``evidenceRows(of:)``) by triple, each sorted as ``snapshot()``
    /// sorts it; with `text`, with the surfaces and sentences cut from the documents (one at a time).
    fileprivate func evidence(
        _ rows: [Row], paths: [Int64: String], text: Bool, from reader: any DatabaseReader
    ) throws(StoreError) -> [Int64: [GraphSnapshot.EvidenceRow]] {
        var surfaces: [Int: (surface: String, sentence: String)] = [:]
        if text {
            var rowsByDocument: [Int64: [Int]] = [:]
            for (index, row) in rows.enumerated() { rowsByDocument[row[1] as Int64, default: []].append(index) }
            for chunk in Self.chunks(rowsByDocument.keys.sorted()) {
                let documents = try read(from: reader) { db in
                    try Row.fetchAll(
                        db, sql: "SELECT id, path, compressedText FROM document WHERE id IN (\(Self.placeholders(chunk.count)))",
                        arguments: StatementArguments(chunk))
                }
                for document in documents {
                    guard let stored: Data = document["compressedText"] else { continue }
                    let id: Int64 = document["id"], name: String = document["path"]
                    let scalars = Array(try Self.text(stored, document: name, path: path).unicodeScalars)
                    for index in rowsByDocument[id] ?? [] {
                        let row = rows[index]
                        surfaces[index] = (scalars.text(row[2], row[3]), scalars.text(row[4], row[5]))
                    }
                }
            }
        }
        var evidence: [Int64: [GraphSnapshot.EvidenceRow]] = [:]
        for (index, row) in rows.enumerated() {
            let tripleId: Int64 = row[0], documentId: Int64 = row[1]
            guard let document = paths[documentId], !text || surfaces[index] != nil else { continue }
            evidence[tripleId, default: []].append(GraphSnapshot.EvidenceRow(
                document: document, start: row[2], end: row[3],
                surface: surfaces[index]?.surface ?? "", sentence: surfaces[index]?.sentence ?? "",
                rule: row[6], confidence: StoredConfidence.confidence(row[7])))
        }
        for (tripleId, rows) in evidence {
            evidence[tripleId] = rows.sorted { ($0.document, $0.start, $0.end, $0.rule) < ($1.document, $1.start, $1.end, $1.rule) }
        }
        return evidence
    }
}
