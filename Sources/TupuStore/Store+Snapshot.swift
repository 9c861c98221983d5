import struct Foundation.Data
import GRDB
import TupuModel

extension Store {
    /// The whole graph: every entity with its aliases, every triple with its evidence.
    ///
    /// Nodes are sorted by kind (in `EntityKind.allCases` order) then name; edges by
    /// subject name, predicate (in `Predicate.allCases` order), object name (then by
    /// subject and object kind to break ties); evidence by document path, start, end,
    /// rule. `documentTitles` lists the titles of the documents that have one, in
    /// path order; `documents` every document (path, hash, title, publication date), in path order.
    public func snapshot() throws(StoreError) -> GraphSnapshot {
        try snapshot(entities: nil)
    }

    /// The part of the graph within `depth` triples (at least one) of the entities named
    /// `name` (canonical name or alias; triples followed in both directions): those entities with their
    /// aliases, every triple among them or from them to a literal, with its evidence.
    /// `documentTitles` lists the titles of the documents that evidence comes from (the whole
    /// snapshot lists every document's), `documents` those documents.
    ///
    /// Applying `GraphSnapshot.ego(center: name, depth:)` (or a view that filters first and
    /// then takes that ego graph) to this snapshot gives the same graph as applying it to
    /// ``snapshot()``, without loading the whole graph. An unknown name gives an empty graph.
    ///
    /// With `evidenceText` false, evidence rows keep their document, offsets, rule and
    /// confidence but no surface or sentence (empty strings), and no document text is read:
    /// what drawing needs, much faster on a large store.
    public func snapshot(around name: String, depth: Int, evidenceText: Bool = true) throws(StoreError) -> GraphSnapshot {
        try snapshot(entities: try entities(around: name, depth: depth), evidenceText: evidenceText)
    }

    /// The ids of the entities within `depth` triples (at least one) of the entities named
    /// `name`; those of `held` are reached but not gone through.
    func entities(around name: String, depth: Int, notGoingThrough held: Set<Int64> = []) throws(StoreError) -> Set<Int64> {
        let centers = try match(name).entityIDs
        return try read { db in
            var reached = Set(centers)
            var frontier = centers.filter { !held.contains($0) }
            // At least one step, so a centre keeps the triples that link it (a view that keeps
            // only nodes linked by some predicate needs them even for a depth-0 ego graph).
            for _ in 0..<max(depth, 1) where !frontier.isEmpty {
                var next: [Int64] = []
                for chunk in Self.chunks(frontier) {
                    let placeholders = Self.placeholders(chunk.count)
                    let ids = try Int64.fetchAll(db, sql: """
                        SELECT objectId FROM triple WHERE subjectId IN (\(placeholders)) AND objectId IS NOT NULL
                        UNION SELECT subjectId FROM triple WHERE objectId IN (\(placeholders))
                        """, arguments: StatementArguments(chunk + chunk))
                    next.append(contentsOf: ids.filter { reached.insert($0).inserted })
                }
                frontier = next.filter { !held.contains($0) }
            }
            return reached
        }
    }

    /// The whole graph, or the entities of `entities` and the triples among them (and from
    /// them to literals).
    ///
    /// With `predicates`, only triples of those predicates; with `documents` (document ids),
    /// only the evidence from those documents and the triples that have some.
    func snapshot(
        entities filter: Set<Int64>?, evidenceText: Bool = true,
        predicates: Set<Predicate>? = nil, documents allowed: Set<Int64>? = nil
    ) throws(StoreError) -> GraphSnapshot {
        try snapshotWithTriples(entities: filter, evidenceText: evidenceText, predicates: predicates, documents: allowed).graph
    }

    /// What a triple is in a snapshot: its subject, predicate and object (the unique key of a triple).
    struct EdgeKey: Hashable {
        var subject: Int64
        var predicate: Predicate
        var object: Int64?
        var literal: String?

        init(subject: Int64, predicate: Predicate, object: Int64?, literal: String?) {
            (self.subject, self.predicate, self.object, self.literal) = (subject, predicate, object, literal)
        }

        init(_ edge: GraphSnapshot.Edge) {
            self.init(subject: edge.subject, predicate: edge.predicate, object: edge.object, literal: edge.literal)
        }
    }

    /// ``snapshot(entities:evidenceText:predicates:documents:)`` with the id of the triple of
    /// each edge. With `evidence` false, the edges have no evidence rows and the snapshot no
    /// documents (what a picture needs: the documents behind it are counted in SQL from the
    /// triples' ids); with `documents`, the triples kept are still those with evidence from them.
    func snapshotWithTriples(
        entities filter: Set<Int64>?, evidenceText: Bool = true,
        predicates: Set<Predicate>? = nil, documents allowed: Set<Int64>? = nil, evidence: Bool = true
    ) throws(StoreError) -> (graph: GraphSnapshot, triples: [EdgeKey: Int64]) {
        let rows = try read { db in
            guard let filter else { return try SnapshotRows.all(db) }
            return try SnapshotRows.among(
                filter, predicates: predicates, documents: allowed, evidenceText: evidenceText, evidence: evidence, db)
        }
        let (graph, ids) = try snapshotAndTriples(of: rows, evidenceText: evidenceText)
        var triples: [EdgeKey: Int64] = [:]
        for (edge, id) in zip(graph.edges, ids) { triples[EdgeKey(edge)] = id }
        return (graph, triples)
    }

    /// The rows a snapshot is made of, as read.
    struct SnapshotRows {
        var entities: [EntityRecord]
        var aliases: [Row]
        var triples: [TripleRecord]
        /// ``Store/evidenceSQL``'s columns.
        var evidence: [Row]
        /// id, path, contentHash, title, published, compressedText (NULL without evidence text).
        var documents: [Row]

        static func all(_ db: Database) throws -> SnapshotRows {
            SnapshotRows(
                entities: try EntityRecord.fetchAll(db),
                aliases: try Row.fetchAll(db, sql: "SELECT DISTINCT entityId, alias FROM alias"),
                triples: try TripleRecord.fetchAll(db),
                evidence: try Row.fetchAll(db, sql: Store.evidenceSQL),
                documents: try Row.fetchAll(db, sql: "SELECT id, path, contentHash, title, published, compressedText FROM document"))
        }

        /// The entities of `filter`, the triples among them (and to literals) of `predicates`,
        /// their evidence from the documents `allowed`, and those documents.
        static func among(
            _ filter: Set<Int64>, predicates: Set<Predicate>?, documents allowed: Set<Int64>?, evidenceText: Bool,
            evidence: Bool = true, _ db: Database
        ) throws -> SnapshotRows {
            let ids = filter.sorted()
            let objectList = "[" + ids.map(String.init).joined(separator: ",") + "]"
            var rows = SnapshotRows(entities: [], aliases: [], triples: [], evidence: [], documents: [])
            for chunk in Store.chunks(ids) {
                let placeholders = Store.placeholders(chunk.count)
                let arguments = StatementArguments(chunk)
                rows.entities += try EntityRecord.fetchAll(db, sql: "SELECT * FROM entity WHERE id IN (\(placeholders))", arguments: arguments)
                rows.aliases += try Row.fetchAll(
                    db, sql: "SELECT DISTINCT entityId, alias FROM alias WHERE entityId IN (\(placeholders))", arguments: arguments)
                // Triples between two entities of the set are found from the object's side (the
                // ids as one JSON array argument): a busy subject (an official at hundreds of
                // meetings) has far more triples to entities outside the set than the objects of a
                // view (events, dates, places) have from outside it (`+` keeps SQLite from
                // seeking by subject instead, which it prefers for a long list). Triples to literals are
                // sought by subject through `triple_subject` (a literal's object id is NULL).
                let linked = try TripleRecord.fetchAll(
                    db, sql: """
                        SELECT * FROM triple WHERE objectId IN (\(placeholders))
                          AND +subjectId IN (SELECT value FROM json_each(?))
                        """, arguments: arguments + [objectList])
                let literal = try TripleRecord.fetchAll(
                    db, sql: """
                        SELECT * FROM triple WHERE subjectId IN (\(placeholders)) AND objectId IS NULL
                        """, arguments: arguments)
                rows.triples += (linked + literal).filter { triple in
                    (triple.objectId.map(filter.contains) ?? true)
                        && (predicates.map { $0.contains { $0.rawValue == triple.predicate } } ?? true)
                }
            }
            guard evidence else {
                if let allowed {
                    // Only the triples reported in the allowed documents, checked in SQL (`+`: the
                    // triples' evidence is sought by triple only, not once per allowed document).
                    var reported = Set<Int64>()
                    for chunk in Store.chunks(rows.triples.compactMap(\.id)) {
                        reported.formUnion(try Int64.fetchAll(db, sql: """
                            SELECT DISTINCT tripleId FROM evidence WHERE tripleId IN (\(Store.placeholders(chunk.count)))
                              AND +documentId IN (SELECT value FROM json_each(?))
                            """, arguments: StatementArguments(chunk) + [Store.jsonList(allowed)]))
                    }
                    rows.triples = rows.triples.filter { $0.id.map(reported.contains) ?? false }
                }
                return rows
            }
            for chunk in Store.chunks(rows.triples.compactMap(\.id)) {
                rows.evidence += try Row.fetchAll(
                    db, sql: Store.evidenceSQL + " WHERE v.tripleId IN (\(Store.placeholders(chunk.count)))",
                    arguments: StatementArguments(chunk))
            }
            if let allowed {
                rows.evidence = rows.evidence.filter { allowed.contains($0[1] as Int64) }
                let evidenced = Set(rows.evidence.map { $0[0] as Int64 })
                rows.triples = rows.triples.filter { $0.id.map(evidenced.contains) ?? false }
            }
            let documentIds = Set(rows.evidence.map { $0[1] as Int64 }).sorted()
            for chunk in Store.chunks(documentIds) {
                rows.documents += try Row.fetchAll(
                    db, sql: """
                        SELECT id, path, contentHash, title, published, \(evidenceText ? "compressedText" : "NULL AS compressedText")
                        FROM document WHERE id IN (\(Store.placeholders(chunk.count)))
                        """,
                    arguments: StatementArguments(chunk))
            }
            return rows
        }
    }

    /// A document's path and text as scalars (empty without evidence text), converted once.
    private struct EvidenceSource {
        var path: String
        var scalars: [Unicode.Scalar]
    }

    /// The snapshot of rows read: nodes, documents, evidence and edges, each sorted.
    func snapshot(of rows: SnapshotRows, evidenceText: Bool) throws(StoreError) -> GraphSnapshot {
        try snapshotAndTriples(of: rows, evidenceText: evidenceText).graph
    }

    /// ``snapshot(of:evidenceText:)`` and the id of the triple of each edge, in edge order.
    func snapshotAndTriples(of rows: SnapshotRows, evidenceText: Bool) throws(StoreError) -> (graph: GraphSnapshot, triples: [Int64]) {
        let parts = try snapshotParts(rows, evidenceText: evidenceText)
        let evidence = Self.evidenceByTriple(rows.evidence, sources: parts.sources)
        let (edges, triples) = try snapshotEdges(rows.triples, evidence: evidence, nodesById: parts.nodesById)
        return (GraphSnapshot(nodes: parts.nodes, edges: edges, documentTitles: parts.titles, documents: parts.documents), triples)
    }

    /// The snapshot of `rows` without evidence, its edges given (made as the triples were read,
    /// in place of `rows.triples`) and sorted in place, with their triples' ids, as the graph's.
    func snapshot(
        of rows: SnapshotRows, sorting edges: inout [GraphSnapshot.Edge], triples: inout [Int64]
    ) throws(StoreError) -> GraphSnapshot {
        let parts = try snapshotParts(rows, evidenceText: false)
        Self.sortEdges(&edges, triples: &triples, nodesById: parts.nodesById)
        return GraphSnapshot(nodes: parts.nodes, edges: edges, documentTitles: parts.titles, documents: parts.documents)
    }

    /// The nodes, documents and document texts of a snapshot of `rows`, each sorted.
    private func snapshotParts(_ rows: SnapshotRows, evidenceText: Bool) throws(StoreError) -> (
        nodes: [GraphSnapshot.Node], nodesById: [Int64: GraphSnapshot.Node], titles: [String],
        documents: [GraphSnapshot.Document], sources: [Int64: EvidenceSource]
    ) {
        let nodes = try snapshotNodes(rows)
        let nodesById = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })

        var sources: [Int64: EvidenceSource] = [:]
        var titled: [(path: String, title: String)] = []
        var documents: [GraphSnapshot.Document] = []
        for row in rows.documents {
            let docPath: String = row["path"]
            documents.append(GraphSnapshot.Document(
                path: docPath, contentHash: row["contentHash"], title: row["title"], published: row["published"]))
            if let stored: Data = row["compressedText"] {
                let text = try Self.text(stored, document: docPath, path: path)
                sources[row["id"]] = EvidenceSource(path: docPath, scalars: Array(text.unicodeScalars))
            } else if !evidenceText {
                sources[row["id"]] = EvidenceSource(path: docPath, scalars: [])
            }
            if let title: String = row["title"] { titled.append((docPath, title)) }
        }
        titled.sort { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
        documents.sort { ($0.path.utf8.lexicographicallyPrecedes($1.path.utf8)) || ($0.path == $1.path && $0.contentHash < $1.contentHash) }

        return (nodes, nodesById, titled.map(\.title), documents, sources)
    }

    /// The entities with their aliases, sorted by kind, name and id.
    private func snapshotNodes(_ rows: SnapshotRows) throws(StoreError) -> [GraphSnapshot.Node] {
        var aliasesByEntity: [Int64: [String]] = [:]
        for row in rows.aliases {
            aliasesByEntity[row["entityId"], default: []].append(row["alias"])
        }
        var nodes: [GraphSnapshot.Node] = []
        for entity in rows.entities {
            guard let id = entity.id else { continue }
            let kind = try Self.kind(entity.kind, path: path)
            nodes.append(GraphSnapshot.Node(id: id, kind: kind, name: entity.name, aliases: (aliasesByEntity[id] ?? []).sorted()))
        }
        return nodes.sorted { ($0.kind, $0.name, $0.id) < ($1.kind, $1.name, $1.id) }
    }

    /// Evidence rows by triple id, with their surface and sentence cut from the documents' texts.
    private static func evidenceByTriple(
        _ rows: [Row], sources: [Int64: EvidenceSource]
    ) -> [Int64: [GraphSnapshot.EvidenceRow]] {
        var evidenceByTriple: [Int64: [GraphSnapshot.EvidenceRow]] = [:]
        for row in rows {
            let tripleId: Int64 = row[0], documentId: Int64 = row[1]
            let start: Int = row[2], end: Int = row[3], sentenceStart: Int = row[4], sentenceEnd: Int = row[5]
            guard let source = sources[documentId] else { continue }
            evidenceByTriple[tripleId, default: []].append(GraphSnapshot.EvidenceRow(
                document: source.path,
                start: start,
                end: end,
                surface: source.scalars.text(start, end),
                sentence: source.scalars.text(sentenceStart, sentenceEnd),
                rule: row[6],
                confidence: StoredConfidence.confidence(row[7])))
        }
        return evidenceByTriple
    }

    /// The triples as edges with their evidence sorted, and the id of each edge's triple; edges
    /// sorted by subject name, predicate, object name, then subject and object kind.
    private func snapshotEdges(
        _ triples: [TripleRecord], evidence evidenceByTriple: [Int64: [GraphSnapshot.EvidenceRow]],
        nodesById: [Int64: GraphSnapshot.Node]
    ) throws(StoreError) -> (edges: [GraphSnapshot.Edge], triples: [Int64]) {
        var edges: [GraphSnapshot.Edge] = []
        var ids: [Int64] = []
        edges.reserveCapacity(triples.count)
        ids.reserveCapacity(triples.count)
        for triple in triples {
            guard let id = triple.id else { continue }
            ids.append(id)
            let predicate = try Self.predicate(triple.predicate, path: path)
            let evidence = (evidenceByTriple[id] ?? []).sorted {
                ($0.document, $0.start, $0.end, $0.rule) < ($1.document, $1.start, $1.end, $1.rule)
            }
            edges.append(GraphSnapshot.Edge(
                subject: triple.subjectId, predicate: predicate, object: triple.objectId,
                literal: triple.objectLiteral, evidence: evidence))
        }
        Self.sortEdges(&edges, triples: &ids, nodesById: nodesById)
        return (edges, ids)
    }

    /// Sorts `edges` (and `triples`, the id of each edge's triple, with them) by subject name,
    /// predicate, object name (a literal's text), then subject and object kind.
    ///
    /// Every name and literal an edge is sorted by gets its rank in `String` order (equal
    /// strings, equal ranks), so an edge's key is a few integers: a whole store's edges are
    /// sorted without holding a copy of their names each, and compare faster.
    static func sortEdges(_ edges: inout [GraphSnapshot.Edge], triples: inout [Int64], nodesById: [Int64: GraphSnapshot.Node]) {
        // The texts: "" (an end without a node), each node's name, each distinct literal.
        var texts: [String] = [""]
        var textOfNode: [Int64: Int] = [:]
        textOfNode.reserveCapacity(nodesById.count)
        for (id, node) in nodesById {
            textOfNode[id] = texts.count
            texts.append(node.name)
        }
        var textOfLiteral: [String: Int] = [:]
        for edge in edges {
            if let literal = edge.literal, textOfLiteral[literal] == nil {
                textOfLiteral[literal] = texts.count
                texts.append(literal)
            }
        }
        var rank = [Int32](repeating: 0, count: texts.count)
        var current: Int32 = 0
        var previous: String?
        for index in texts.indices.sorted(by: { texts[$0] < texts[$1] }) {
            if let previous, previous != texts[index] { current += 1 }
            rank[index] = current
            previous = texts[index]
        }
        texts = []
        struct Key {
            var subject: Int32
            var predicate: Predicate
            var object: Int32
            var subjectKind: Int8
            var objectKind: Int8
        }
        func kindRank(_ node: GraphSnapshot.Node?) -> Int8 { Int8(Self.kindOrder(node?.kind)) }
        var keys = edges.map { edge -> Key in
            // An end without a node sorts as "" (an entity object's `literal` is nil).
            let objectText = edge.object.flatMap { textOfNode[$0] } ?? edge.literal.flatMap { textOfLiteral[$0] } ?? 0
            return Key(
                subject: rank[textOfNode[edge.subject] ?? 0], predicate: edge.predicate, object: rank[objectText],
                subjectKind: kindRank(nodesById[edge.subject]), objectKind: kindRank(edge.object.flatMap { nodesById[$0] }))
        }
        let order = edges.indices.sorted { i, j in
            let l = keys[i], r = keys[j]
            if l.subject != r.subject { return l.subject < r.subject }
            if l.predicate != r.predicate { return l.predicate < r.predicate }
            if l.object != r.object { return l.object < r.object }
            if l.subjectKind != r.subjectKind { return l.subjectKind < r.subjectKind }
            return l.objectKind < r.objectKind
        }
        keys = []
        // In place: a whole store's edges are not copied a second time.
        permute(&edges, by: order)
        permute(&triples, by: order)
    }

    /// Reorders `array` so that its element `i` is the one that was at `order[i]` (a
    /// permutation of its indices), in place: each cycle of the permutation is followed once.
    static func permute<Element>(_ array: inout [Element], by order: [Int]) {
        precondition(order.count == array.count, "a permutation of every index")
        var done = [Bool](repeating: false, count: order.count)
        for start in order.indices where !done[start] {
            // Position `start` takes the element at order[start], which takes the one at
            // order[order[start]], and so on until the cycle comes back to `start`.
            var position = start
            let first = array[start]
            while true {
                done[position] = true
                let source = order[position]
                if source == start {
                    array[position] = first
                    break
                }
                array[position] = array[source]
                position = source
            }
        }
    }

    /// The evidence columns ``snapshot()`` reads, in order; a WHERE clause may follow.
    static let evidenceSQL = """
        SELECT v.tripleId, v.documentId, v.start, v."end", v.sentenceStart, v.sentenceEnd, r.name, v.confidenceThousandths
        FROM evidence v JOIN rule r ON r.id = v.ruleId
        """
}
