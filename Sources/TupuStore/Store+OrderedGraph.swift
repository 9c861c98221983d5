import struct Foundation.Data
import GRDB
import TupuModel

/// The whole graph read from the store's cursors in ``Store/snapshot()``'s order, nothing of it
/// held but the edges of one subject name (and, for ``article(named:entity:)``, two integers a
/// document): what `tupu export` writes tsv, jsonl, csv and graphml from in memory that does not
/// grow with the store. The RDF formats and neo4j read it too, through what it gives as an
/// ``OrderedDocumentGraph`` (each node's facts, the documents; see Store+OrderedDocuments.swift).
///
/// - Nodes: per kind (in `EntityKind.allCases` order) through the entity table's unique index on
///   (kind, name), so SQLite gives them sorted by name; each node's aliases read by its id.
/// - Edges: the entities in name order through the `entity_name` index, each subject's triples
///   through `triple_subject` with the object joined (SQLite's plan has no sorter: see the
///   test). The edges of one subject name (usually one entity; a name may be a person and a
///   place) are sorted in Swift by predicate, object name, subject and object kind, as
///   ``Store/sortEdges(_:triples:nodesById:)`` orders them.
/// - Evidence: each edge's rows by the evidence table's key (tripleId first), their documents
///   and rules joined, sorted by path, offsets and rule; sentences cut from the document's text,
///   the last ``textCacheSize`` texts kept (an event's edges share their documents).
///
/// SQLite sorts names by their UTF-8 bytes, Swift by Unicode scalars after canonical
/// normalization: the same order for the NFC text the extractor stores. ``Store/orderedGraph()``
/// checks every adjacent pair of the store's names once (0.8 s with the triple count at 1,000,000
/// articles, 1.6 million entities) and gives nil when they do not sort alike, so that the export
/// reads the graph whole instead (``Store/wholeGraph(batchSize:evidenceBudget:)``).
///
/// The jsonl export of 1,000,000 articles (13 million triples) peaks at 102,928 KB for the whole
/// process this way (2,890 MB with the graph held), in 903 s (981 s).
///
/// Every read sees the store as it was when the graph was made (a file store's reads go through
/// one SQLite snapshot, as ``StoredGraph``'s).
public final class StoredOrderedGraph: OrderedGraph {
    public let edgeCount: Int
    /// The document texts kept for cutting sentences, the most recently read.
    static let textCacheSize = 64
    /// The most edges held at once by ``forEachEdge(text:_:)`` (those of one subject name), for tests.
    public private(set) var mostEdgesHeld = 0
    /// The most facts ``forEachNode(facts:_:)`` held at once (those of one node), for tests.
    public internal(set) var mostFactsHeld = 0
    /// The most evidence rows ``forEachDocumentEvidence(_:)`` held at once (those of one document), for tests.
    public internal(set) var mostEvidenceHeld = 0
    /// The length of the last array of evidence numbers made (one entry per triple id), for tests.
    public internal(set) var evidenceNumbersHeld = 0
    /// Whether the documents are distinct (``documentsAreDistinct()``), once known.
    var distinctDocuments: Bool?
    let store: Store
    private let reader: any DatabaseReader
    /// For each document entity, the first document in snapshot order with its name: pairs of
    /// entity and document id sorted by entity (16 bytes a document, 16 MB per million
    /// documents), made when first asked for.
    private var articles: [(entity: Int64, document: Int64)]?

    init?(store: Store) throws(StoreError) {
        let reader: any DatabaseReader
        do {
            reader = try (store.writer as? DatabasePool).map { pool in try Store.retryingWhileBusy { try pool.makeSnapshot() } } ?? store.writer
        } catch {
            throw StoreError.wrap(error, path: store.path)
        }
        let (count, sorted) = try store.read(from: reader) { db -> (Int, Bool) in
            let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM triple") ?? 0
            // Every adjacent pair of names in SQLite's order is equal or in Swift's order.
            let names = try PreparedStatement(db, sql: "SELECT name FROM entity ORDER BY name")
            var previous: String?
            var sorted = true
            try names.forEachRow {
                let name = names.text(0) ?? ""
                if let previous, previous != name, !(previous < name) { sorted = false }
                if previous == name, let previous, !previous.utf8.elementsEqual(name.utf8) { sorted = false }
                previous = name
            }
            return (count, sorted)
        }
        guard sorted else { return nil }
        self.edgeCount = count
        self.store = store
        self.reader = reader
    }

    /// The connection of the read running now: a read inside another (an article looked up
    /// while the nodes are read) goes through it, as GRDB's reads may not nest.
    private var current: Database?

    /// Runs `body` on the graph's connection; SQLite's errors become ``StoreError``s, others
    /// (the writer's) pass as they are.
    func reading<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            if let current { return try body(current) }
            return try reader.read { db in
                current = db
                defer { current = nil }
                return try body(db)
            }
        } catch let error as DatabaseError {
            throw StoreError.wrap(error, path: store.path)
        }
    }

    public func forEachNode(_ body: (GraphSnapshot.Node) throws -> Void) throws {
        let path = store.path
        try reading { db in
            let entities = try PreparedStatement(db, sql: "SELECT id, name FROM entity WHERE kind = ? ORDER BY name, id")
            let aliases = try PreparedStatement(db, sql: "SELECT DISTINCT alias FROM alias WHERE entityId = ?")
            for kind in EntityKind.allCases {
                entities.bind(1, kind.rawValue)
                try entities.forEachRow {
                    let id = entities.column(0)
                    aliases.bind(1, id)
                    var names: [String] = []
                    try aliases.forEachRow { names.append(aliases.text(0) ?? "") }
                    try body(GraphSnapshot.Node(id: id, kind: kind, name: entities.text(1) ?? "", aliases: names.sorted()))
                }
            }
            // A kind this build does not know would be left out silently: say so instead.
            let known = EntityKind.allCases.map { "'\($0.rawValue)'" }.joined(separator: ", ")
            if let unknown = try String.fetchOne(db, sql: "SELECT kind FROM entity WHERE kind NOT IN (\(known)) LIMIT 1") {
                _ = try Store.kind(unknown, path: path)
            }
        }
    }

    /// The triples with their subjects and objects, in subject name order: SQLite walks the
    /// `entity_name` index and finds each subject's triples by `triple_subject`, with no
    /// sorter (a sorter would spill a whole store's triples to temporary files).
    static let edgesSQL = """
        SELECT s.id, s.kind, s.name, t.id, t.predicate, t.objectId, t.objectLiteral, o.kind, o.name
        FROM entity s JOIN triple t ON t.subjectId = s.id LEFT JOIN entity o ON o.id = t.objectId
        ORDER BY s.name
        """

    /// The key an edge is sorted by in the snapshot: subject name, predicate, object name (a
    /// literal's text), subject kind, object kind.
    struct EdgeKey: Comparable {
        var subject: String
        var predicate: Predicate
        var object: String
        var subjectKind: Int
        var objectKind: Int

        init(_ edge: GraphSnapshot.Edge, subject: GraphSnapshot.Node, object: GraphSnapshot.Node?) {
            self.subject = subject.name
            predicate = edge.predicate
            self.object = object?.name ?? edge.literal ?? ""
            subjectKind = Store.kindOrder(subject.kind)
            objectKind = Store.kindOrder(object?.kind)
        }

        static func < (l: EdgeKey, r: EdgeKey) -> Bool {
            if l.subject != r.subject { return l.subject < r.subject }
            if l.predicate != r.predicate { return l.predicate < r.predicate }
            if l.object != r.object { return l.object < r.object }
            if l.subjectKind != r.subjectKind { return l.subjectKind < r.subjectKind }
            return l.objectKind < r.objectKind
        }
    }

    /// The node with id `id` whose kind and name are the columns `kind` and `name` of the current
    /// row of `statement` (nil when `id` is nil or the row has no kind: no such entity).
    static func node(_ statement: PreparedStatement, id: Int64?, kind: Int32, name: Int32, path: String) throws -> GraphSnapshot.Node? {
        guard let id, let kind = statement.text(kind) else { return nil }
        return GraphSnapshot.Node(id: id, kind: try Store.kind(kind, path: path), name: statement.text(name) ?? "")
    }

    /// One edge as read, before its subject name's edges are sorted.
    private struct PendingEdge {
        var triple: Int64
        var edge: GraphSnapshot.Edge
        var subject: GraphSnapshot.Node
        var object: GraphSnapshot.Node?
        var key: EdgeKey
    }

    public func forEachEdge(
        evidence withEvidence: Bool, text: Bool, _ body: (Int, GraphSnapshot.Edge, GraphSnapshot.Node?, GraphSnapshot.Node?) throws -> Void
    ) throws {
        try forEachPendingEdge(evidence: withEvidence, text: text) { index, _, edge, subject, object, _ in
            try body(index, edge, subject, object)
        }
    }

    public func forEachEdge(
        text: Bool, documents body: (Int, GraphSnapshot.Edge, GraphSnapshot.Node?, GraphSnapshot.Node?, [Int64]) throws -> Void
    ) throws {
        try forEachPendingEdge(evidence: true, text: text) { index, _, edge, subject, object, documents in
            try body(index, edge, subject, object, documents)
        }
    }

    /// Each edge in order with its triple's id (and, with `evidence`, its evidence and the id
    /// of each row's document).
    func forEachPendingEdge(
        evidence withEvidence: Bool, text: Bool,
        _ body: (Int, Int64, GraphSnapshot.Edge, GraphSnapshot.Node?, GraphSnapshot.Node?, [Int64]) throws -> Void
    ) throws {
        let path = store.path
        let expected = edgeCount
        var index = 0
        var most = 0
        try reading { db in
            let triples = try PreparedStatement(db, sql: Self.edgesSQL)
            let evidence = EvidenceReader(try PreparedStatement(db, sql: """
                SELECT d.path, v.start, v."end", v.sentenceStart, v.sentenceEnd, r.name, v.confidenceThousandths, v.documentId
                FROM evidence v JOIN rule r ON r.id = v.ruleId JOIN document d ON d.id = v.documentId
                WHERE v.tripleId = ? AND d.compressedText IS NOT NULL
                """), texts: try PreparedStatement(db, sql: "SELECT compressedText FROM document WHERE id = ?"),
                path: path, withText: text)
            var group: [PendingEdge] = []
            var groupName: String?
            func flush() throws {
                most = max(most, group.count)
                group.sort { $0.key < $1.key }
                for pending in group {
                    var edge = pending.edge
                    var documents: [Int64] = []
                    if withEvidence { (edge.evidence, documents) = try evidence.rows(of: pending.triple) }
                    try body(index, pending.triple, edge, pending.subject, pending.object, documents)
                    index += 1
                }
                group.removeAll(keepingCapacity: group.count < 4_096)
            }
            try triples.forEachRow {
                let name = triples.text(2) ?? ""
                if name != groupName {
                    try flush()
                    groupName = name
                }
                let subject = GraphSnapshot.Node(
                    id: triples.column(0), kind: try Store.kind(triples.text(1) ?? "", path: path), name: name)
                let objectID = triples.optionalColumn(5)
                let object = try StoredOrderedGraph.node(triples, id: objectID, kind: 7, name: 8, path: path)
                let edge = GraphSnapshot.Edge(
                    subject: subject.id, predicate: try Store.predicate(triples.text(4) ?? "", path: path),
                    object: objectID, literal: objectID == nil ? triples.text(6) : nil)
                group.append(PendingEdge(
                    triple: triples.column(3), edge: edge, subject: subject, object: object,
                    key: EdgeKey(edge, subject: subject, object: object)))
            }
            try flush()
        }
        mostEdgesHeld = max(mostEdgesHeld, most)
        guard index == expected else {
            throw StoreError.invalidData(path: path, detail: """
                \(expected - index) of \(expected) triples have a subject the entity table does not hold, \
                so they cannot be exported in order; check the store with `sqlite3 \(path) 'PRAGMA foreign_key_check'`
                """)
        }
    }

    /// Reads one edge's evidence, cutting surfaces and sentences from the texts it keeps.
    private final class EvidenceReader {
        let statement: PreparedStatement
        let texts: PreparedStatement
        let path: String
        let withText: Bool
        let inflater = TextCompression.Inflater()
        /// The texts kept, by document id, and the order they came in (the oldest goes first).
        var kept: [Int64: DocumentText] = [:]
        var order: [Int64] = []
        var next = 0

        init(_ statement: PreparedStatement, texts: PreparedStatement, path: String, withText: Bool) {
            self.statement = statement
            self.texts = texts
            self.path = path
            self.withText = withText
        }

        /// The triple's evidence rows, sorted, and the id of each row's document.
        func rows(of triple: Int64) throws -> ([GraphSnapshot.EvidenceRow], [Int64]) {
            statement.bind(1, triple)
            var rows: [GraphSnapshot.EvidenceRow] = []
            var documents: [Int64] = []
            try statement.forEachRow {
                let document = statement.text(0) ?? ""
                let start = Int(statement.column(1)), end = Int(statement.column(2))
                var surface = "", sentence = ""
                if withText {
                    let text = try self.text(of: statement.column(7), document: document)
                    surface = text.text(start, end)
                    sentence = text.text(Int(statement.column(3)), Int(statement.column(4)))
                }
                rows.append(GraphSnapshot.EvidenceRow(
                    document: document, start: start, end: end, surface: surface, sentence: sentence,
                    rule: statement.text(5) ?? "", confidence: StoredConfidence.confidence(Int(statement.column(6)))))
                documents.append(statement.column(7))
            }
            if rows.count > 1 {
                let order = rows.indices.sorted { l, r in
                    (rows[l].document, rows[l].start, rows[l].end, rows[l].rule) < (rows[r].document, rows[r].start, rows[r].end, rows[r].rule)
                }
                return (order.map { rows[$0] }, order.map { documents[$0] })
            }
            return (rows, documents)
        }

        private func text(of id: Int64, document: String) throws -> DocumentText {
            if let text = kept[id] { return text }
            let text = try DocumentText.stored(id, reading: texts, inflater: inflater, path: path, document: document)
            if order.count < StoredOrderedGraph.textCacheSize {
                order.append(id)
            } else {
                kept[order[next]] = nil
                order[next] = id
                next = (next + 1) % order.count
            }
            kept[id] = text
            return text
        }
    }

    public func literalValues() throws -> [String] {
        let path = store.path
        // Each literal's first edge: the least (subject name, predicate, subject kind) of its
        // edges; the literals in the order of those edges (the literal itself ranks between the
        // predicate and the kind). One entry a distinct literal (4,200 at 100,000 articles).
        struct First {
            var subject: String
            var predicate: Predicate
            var kind: Int
        }
        var first: [String: First] = [:]
        try reading { db in
            let literals = try PreparedStatement(db, sql: """
                SELECT t.objectLiteral, s.name, t.predicate, s.kind
                FROM triple t JOIN entity s ON s.id = t.subjectId WHERE t.objectId IS NULL
                """)
            try literals.forEachRow {
                let candidate = First(
                    subject: literals.text(1) ?? "", predicate: try Store.predicate(literals.text(2) ?? "", path: path),
                    kind: Store.kindOrder(try Store.kind(literals.text(3) ?? "", path: path)))
                let value = literals.text(0) ?? ""
                if let known = first[value],
                   (known.subject, known.predicate, known.kind) <= (candidate.subject, candidate.predicate, candidate.kind) {
                    return
                }
                first[value] = candidate
            }
        }
        return first.sorted { l, r in
            (l.value.subject, l.value.predicate, l.key, l.value.kind) < (r.value.subject, r.value.predicate, r.key, r.value.kind)
        }.map(\.key)
    }

    public func article(named name: String, entity: Int64) throws -> GraphSnapshot.Document? {
        if articles == nil { articles = try readArticles() }
        guard let articles else { return nil }
        var low = 0, high = articles.count
        while low < high {
            let middle = (low + high) / 2
            if articles[middle].entity < entity { low = middle + 1 } else { high = middle }
        }
        guard low < articles.count, articles[low].entity == entity else { return nil }
        let id = articles[low].document
        return try reading { db in
            try Row.fetchOne(db, sql: "SELECT path, contentHash, title, published FROM document WHERE id = ?", arguments: [id]).map {
                GraphSnapshot.Document(path: $0[0], contentHash: $0[1], title: $0[2], published: $0[3])
            }
        }
    }

    /// The first document (in path, then hash order) of each document entity's name.
    private func readArticles() throws -> [(entity: Int64, document: Int64)] {
        var pairs: [(entity: Int64, document: Int64, position: Int)] = []
        try reading { db in
            let documents = try PreparedStatement(db, sql: "SELECT id, path, contentHash, title FROM document ORDER BY path, contentHash")
            let entity = try PreparedStatement(db, sql: "SELECT id FROM entity WHERE kind = 'document' AND name = ?")
            var position = 0
            try documents.forEachRow {
                let document = GraphSnapshot.Document(
                    path: documents.text(1) ?? "", contentHash: documents.text(2) ?? "", title: documents.text(3))
                entity.bind(1, document.entityName)
                if let id = try entity.int64() { pairs.append((id, documents.column(0), position)) }
                position += 1
            }
        }
        pairs.sort { ($0.entity, $0.position) < ($1.entity, $1.position) }
        var articles: [(entity: Int64, document: Int64)] = []
        for pair in pairs where articles.last?.entity != pair.entity { articles.append((pair.entity, pair.document)) }
        return articles
    }
}

extension Store {
    /// The whole graph read from cursors in ``snapshot()``'s order (``StoredOrderedGraph``), or
    /// nil when the store's names do not sort alike in SQLite and in Swift (then read it whole).
    public func orderedGraph() throws(StoreError) -> StoredOrderedGraph? {
        try StoredOrderedGraph(store: self)
    }
}

extension DocumentText {
    /// The text of document `id`, read by `statement` (`SELECT compressedText FROM document WHERE
    /// id = ?`) and decompressed; `document` names it in the error of a damaged text, in the
    /// store at `path`.
    static func stored(
        _ id: Int64, reading statement: PreparedStatement, inflater: TextCompression.Inflater, path: String, document: String
    ) throws -> DocumentText {
        statement.bind(1, id)
        var stored: Data?
        try statement.forEachRow { stored = statement.data(0) }
        guard let stored, let utf8 = inflater.utf8(stored) else {
            throw StoreError.invalidData(path: path, detail: "the stored text of \(document) is damaged; ingest the file again")
        }
        return DocumentText(utf8)
    }
}
