import struct Foundation.Data
import GRDB
import TupuModel

/// What the RDF and neo4j exports read from the store's cursors besides the nodes and edges
/// (``OrderedDocumentGraph``), holding a node's facts or a document's evidence at a time.
///
/// - Each node's facts from both directions: the RDF graph groups facts by subject, and an
///   inverse predicate (`attended`, written `EVENT schema:attendee PERSON`) puts a fact under
///   its object. A node's own triples come through `triple_subject`, those it is the
///   object of through `triple_predicate_object` (by predicate code), sorted in Swift into the
///   snapshot's edge order.
/// - A document by its entity name: the name ends in the first eight hex digits of the
///   content hash (`标题（文档 74a9a881）`), so the documents whose hash starts with them are
///   found through the hash's unique index and their names compared; nothing is held per
///   document.
/// - Each document's evidence, numbered as the edge-ordered formats number it: the rows come
///   through `document_triple` and the evidence table's key (triple, document). A row's
///   number is its triple's first number plus the rows of that triple already given (the
///   documents go in path order, and an edge's evidence is sorted by path first): one 4-byte
///   integer per triple id, the next number of each (4 MB per million triples: 5.5 MB for the
///   1,371,595 triples of 100,000 articles), made by one pass over the edges in order that
///   counts each triple's evidence.
extension StoredOrderedGraph: OrderedDocumentGraph {
    public func documentsAreDistinct() throws -> Bool {
        if let distinctDocuments { return distinctDocuments }
        let distinct = try reading { db -> Bool in
            let documents = try PreparedStatement(db, sql: "SELECT id, path, contentHash, title FROM document ORDER BY path")
            let sameTag = try PreparedStatement(
                db, sql: "SELECT contentHash, title FROM document WHERE contentHash >= ? AND contentHash < ? AND id <> ?")
            var previous: String?
            var distinct = true
            try documents.forEachRow {
                guard distinct else { return }
                let path = documents.text(1) ?? ""
                // Equal paths, or paths SQLite and Swift sort apart.
                if let previous, !(previous < path) {
                    distinct = false
                    return
                }
                previous = path
                let document = GraphSnapshot.Document(path: path, contentHash: documents.text(2) ?? "", title: documents.text(3))
                let tag = String(document.contentHash.prefix(8))
                sameTag.bind(1, tag)
                sameTag.bind(2, tag + "\u{10FFFF}")
                sameTag.bind(3, documents.column(0))
                try sameTag.forEachRow {
                    let other = GraphSnapshot.Document(path: "", contentHash: sameTag.text(0) ?? "", title: sameTag.text(1))
                    if other.entityName == document.entityName { distinct = false }
                }
            }
            return distinct
        }
        distinctDocuments = distinct
        return distinct
    }

    public func hasFactsOutsideNodes(inverse: Set<Predicate>) throws -> Bool {
        let codes = inverse.map(PredicateCode.code).sorted()
        return try reading { db in
            let list = codes.map(String.init).joined(separator: ", ")
            if try Int.fetchOne(db, sql: """
                SELECT 1 FROM entity s JOIN triple t ON t.subjectId = s.id
                WHERE s.kind = 'date' AND t.predicateId NOT IN (\(list)) LIMIT 1
                """) != nil {
                return true
            }
            for code in codes {
                if try Int.fetchOne(db, sql: """
                    SELECT 1 FROM triple t LEFT JOIN entity o ON o.id = t.objectId
                    WHERE t.predicateId = ? AND (o.id IS NULL OR o.kind = 'date') LIMIT 1
                    """, arguments: [code]) != nil {
                    return true
                }
            }
            return false
        }
    }

    public func forEachNode(facts inverse: Set<Predicate>, _ body: (GraphSnapshot.Node, [EndedEdge]) throws -> Void) throws {
        let path = store.path
        let codes = inverse.map(PredicateCode.code).sorted()
        var most = 0
        try reading { db in
            let outgoing = try PreparedStatement(db, sql: """
                SELECT t.predicate, t.objectId, t.objectLiteral, o.kind, o.name
                FROM triple t LEFT JOIN entity o ON o.id = t.objectId WHERE t.subjectId = ?
                """)
            let incoming = try PreparedStatement(db, sql: """
                SELECT t.predicate, t.subjectId, s.kind, s.name
                FROM triple t JOIN entity s ON s.id = t.subjectId WHERE t.predicateId = ? AND t.objectId = ?
                """)
            var facts: [(key: EdgeKey, edge: EndedEdge)] = []
            try forEachNode { node in
                let bare = GraphSnapshot.Node(id: node.id, kind: node.kind, name: node.name)
                outgoing.bind(1, node.id)
                try outgoing.forEachRow {
                    let predicate = try Store.predicate(outgoing.text(0) ?? "", path: path)
                    guard !inverse.contains(predicate) else { return }
                    let objectID = outgoing.optionalColumn(1)
                    let object = try StoredOrderedGraph.node(outgoing, id: objectID, kind: 3, name: 4, path: path)
                    let edge = GraphSnapshot.Edge(
                        subject: node.id, predicate: predicate, object: objectID, literal: objectID == nil ? outgoing.text(2) : nil)
                    facts.append((EdgeKey(edge, subject: bare, object: object), (edge, bare, object)))
                }
                for code in codes {
                    incoming.bind(1, code)
                    incoming.bind(2, node.id)
                    try incoming.forEachRow {
                        let subject = GraphSnapshot.Node(
                            id: incoming.column(1), kind: try Store.kind(incoming.text(2) ?? "", path: path), name: incoming.text(3) ?? "")
                        let edge = GraphSnapshot.Edge(
                            subject: subject.id, predicate: try Store.predicate(incoming.text(0) ?? "", path: path), object: node.id)
                        facts.append((EdgeKey(edge, subject: subject, object: bare), (edge, subject, bare)))
                    }
                }
                most = max(most, facts.count)
                facts.sort { $0.key < $1.key }
                try body(node, facts.map(\.edge))
                facts.removeAll(keepingCapacity: facts.count < 4_096)
            }
        }
        mostFactsHeld = max(mostFactsHeld, most)
    }

    public func forEachDocument(_ body: (Int64, GraphSnapshot.Document, Int64?) throws -> Void) throws {
        try reading { db in
            let documents = try PreparedStatement(
                db, sql: "SELECT id, path, contentHash, title, published FROM document ORDER BY path, contentHash")
            let entity = try PreparedStatement(db, sql: "SELECT id FROM entity WHERE kind = 'document' AND name = ?")
            try documents.forEachRow {
                let document = Self.document(documents, from: 1)
                entity.bind(1, document.entityName)
                try body(documents.column(0), document, try entity.int64())
            }
        }
    }

    public func document(id: Int64) throws -> GraphSnapshot.Document? {
        try reading { db in
            let statement = try PreparedStatement.cached(db, sql: "SELECT path, contentHash, title, published FROM document WHERE id = ?")
            statement.bind(1, id)
            var document: GraphSnapshot.Document?
            try statement.forEachRow { document = Self.document(statement, from: 0) }
            return document
        }
    }

    public func document(named name: String) throws -> GraphSnapshot.Document? {
        // `…（文档 HASH8）`: the documents whose content hash starts with the tag's eight digits.
        guard let tag = EventInstance(name: name)?.documentHashPrefix else { return nil }
        return try reading { db in
            let statement = try PreparedStatement.cached(
                db, sql: "SELECT path, contentHash, title, published FROM document WHERE contentHash >= ? AND contentHash < ?")
            statement.bind(1, tag)
            statement.bind(2, tag + "\u{10FFFF}")
            var found: GraphSnapshot.Document?
            try statement.forEachRow {
                let document = Self.document(statement, from: 0)
                guard document.entityName == name else { return }
                if let known = found, known.path.utf8.lexicographicallyPrecedes(document.path.utf8)
                    || (known.path == document.path && known.contentHash < document.contentHash) {
                    return
                }
                found = document
            }
            return found
        }
    }

    /// The document whose path, content hash, title and publication date are the columns of the
    /// current row of `statement` from `column` on.
    private static func document(_ statement: PreparedStatement, from column: Int32) -> GraphSnapshot.Document {
        GraphSnapshot.Document(
            path: statement.text(column) ?? "", contentHash: statement.text(column + 1) ?? "", title: statement.text(column + 2),
            published: statement.text(column + 3))
    }

    /// The number of each triple's first evidence row (by triple id; 0 for a triple without
    /// evidence), counting every edge's rows in edge order from 1.
    func evidenceNumbers() throws -> [UInt32] {
        let path = store.path
        return try reading { db in
            let last = try Int.fetchOne(db, sql: "SELECT max(id) FROM triple") ?? 0
            var numbers = [UInt32](repeating: 0, count: max(last, 0) + 1)
            // Evidence from a document without text is left out, as the snapshot leaves it.
            let allText = try Int.fetchOne(db, sql: "SELECT 1 FROM document WHERE compressedText IS NULL LIMIT 1") == nil
            let count = try PreparedStatement(db, sql: allText
                ? "SELECT count(*) FROM evidence WHERE tripleId = ?"
                : """
                  SELECT count(*) FROM evidence v JOIN document d ON d.id = v.documentId
                  WHERE v.tripleId = ? AND d.compressedText IS NOT NULL
                  """)
            var next: Int64 = 1
            try forEachPendingEdge(evidence: false, text: false) { _, triple, _, _, _, _ in
                count.bind(1, triple)
                let rows = try count.int64() ?? 0
                guard triple >= 0, Int(triple) < numbers.count, next + rows <= Int64(UInt32.max) else {
                    throw StoreError.invalidData(path: path, detail: "the evidence of triple \(triple) cannot be numbered in 32 bits")
                }
                numbers[Int(triple)] = rows > 0 ? UInt32(next) : 0
                next += rows
            }
            evidenceNumbersHeld = numbers.count
            return numbers
        }
    }

    public func forEachDocumentEvidence(_ body: (GraphSnapshot.Document, [NumberedEvidence]) throws -> Void) throws {
        let path = store.path
        var next = try evidenceNumbers()
        let inflater = TextCompression.Inflater()
        struct Pending {
            var key: EdgeKey
            var triple: Int
            var edge: EndedEdge
            var start: Int, end: Int, sentenceStart: Int, sentenceEnd: Int
            var rule: String
            var confidence: Double
        }
        try reading { db in
            let documents = try PreparedStatement(db, sql: """
                SELECT id, path, contentHash, title, published, compressedText IS NOT NULL FROM document ORDER BY path, contentHash
                """)
            let triples = try PreparedStatement(db, sql: "SELECT tripleIds FROM document_triple WHERE documentId = ?")
            let rows = try PreparedStatement(db, sql: """
                SELECT v.start, v."end", v.sentenceStart, v.sentenceEnd, r.name, v.confidenceThousandths,
                       t.subjectId, s.kind, s.name, t.predicate, t.objectId, t.objectLiteral, o.kind, o.name
                FROM evidence v JOIN rule r ON r.id = v.ruleId JOIN triple t ON t.id = v.tripleId
                JOIN entity s ON s.id = t.subjectId LEFT JOIN entity o ON o.id = t.objectId
                WHERE v.tripleId = ? AND v.documentId = ?
                """)
            let texts = try PreparedStatement(db, sql: "SELECT compressedText FROM document WHERE id = ?")
            var pending: [Pending] = []
            try documents.forEachRow {
                guard documents.column(5) != 0 else { return }
                let id = documents.column(0)
                let document = Self.document(documents, from: 1)
                triples.bind(1, id)
                var list: [Int64] = []
                try triples.forEachRow {
                    guard let ids = TripleList(encoded: Array(triples.data(0) ?? Data())) else {
                        throw StoreError.invalidData(path: path, detail: "the list of the triples of \(document.path) is damaged")
                    }
                    list = ids.ids
                }
                pending.removeAll(keepingCapacity: true)
                for triple in list {
                    rows.bind(1, triple)
                    rows.bind(2, id)
                    try rows.forEachRow {
                        let subject = GraphSnapshot.Node(
                            id: rows.column(6), kind: try Store.kind(rows.text(7) ?? "", path: path), name: rows.text(8) ?? "")
                        let objectID = rows.optionalColumn(10)
                        let object = try StoredOrderedGraph.node(rows, id: objectID, kind: 12, name: 13, path: path)
                        let edge = GraphSnapshot.Edge(
                            subject: subject.id, predicate: try Store.predicate(rows.text(9) ?? "", path: path),
                            object: objectID, literal: objectID == nil ? rows.text(11) : nil)
                        pending.append(Pending(
                            key: EdgeKey(edge, subject: subject, object: object), triple: Int(triple), edge: (edge, subject, object),
                            start: Int(rows.column(0)), end: Int(rows.column(1)),
                            sentenceStart: Int(rows.column(2)), sentenceEnd: Int(rows.column(3)),
                            rule: rows.text(4) ?? "", confidence: StoredConfidence.confidence(Int(rows.column(5)))))
                    }
                }
                guard !pending.isEmpty else { return }
                let text = try DocumentText.stored(id, reading: texts, inflater: inflater, path: path, document: document.path)
                pending.sort { l, r in
                    if l.key != r.key { return l.key < r.key }
                    return (l.start, l.end, l.rule) < (r.start, r.end, r.rule)
                }
                mostEvidenceHeld = max(mostEvidenceHeld, pending.count)
                var numbered: [NumberedEvidence] = []
                numbered.reserveCapacity(pending.count)
                for row in pending {
                    guard row.triple < next.count, next[row.triple] > 0 else {
                        throw StoreError.invalidData(path: path, detail: "evidence of \(document.path) has a triple no edge has")
                    }
                    let number = Int(next[row.triple])
                    next[row.triple] += 1
                    numbered.append((number, row.edge, GraphSnapshot.EvidenceRow(
                        document: document.path, start: row.start, end: row.end,
                        surface: text.text(row.start, row.end), sentence: text.text(row.sentenceStart, row.sentenceEnd),
                        rule: row.rule, confidence: row.confidence)))
                }
                try body(document, numbered)
            }
        }
    }
}
