/// A whole graph read in the order of a ``GraphSnapshot`` (nodes by kind and name, edges by
/// subject name, predicate and object name, each edge's evidence by document, offsets and rule)
/// from somewhere that does not hold it: a store's cursors. A writer given one holds a node,
/// an edge and its evidence at a time, not the graph.
public protocol OrderedGraph {
    /// The number of edges ``forEachEdge(text:_:)`` gives (for progress lines).
    var edgeCount: Int { get }

    /// Calls `body` with each node, with its aliases, in the snapshot's node order.
    func forEachNode(_ body: (GraphSnapshot.Node) throws -> Void) throws

    /// Calls `body` with each edge's index (from 0), the edge with its evidence (none without
    /// `evidence`; with `text` false, surfaces and sentences may be empty) and its subject and
    /// object nodes (without aliases; nil for a literal object), in the snapshot's edge order.
    func forEachEdge(
        evidence: Bool, text: Bool, _ body: (Int, GraphSnapshot.Edge, GraphSnapshot.Node?, GraphSnapshot.Node?) throws -> Void
    ) throws

    /// The distinct literal objects in edge order (``GraphSnapshot``'s `literalValues()`).
    func literalValues() throws -> [String]

    /// The first document in the snapshot's document order whose entity has the name `name`
    /// (``GraphSnapshot/Document/entityName``), or nil.
    func article(named name: String, entity: Int64) throws -> GraphSnapshot.Document?
}

/// What the RDF and neo4j exports read from an ``OrderedGraph`` besides its nodes and edges:
/// each node with its facts from both directions, the documents one at a time, and each
/// document's evidence numbered in edge order. A writer given one holds a node's facts, or a
/// document's evidence, at a time.
public protocol OrderedDocumentGraph: OrderedGraph {
    /// An edge with its subject and object nodes (without aliases; nil for a literal object).
    typealias EndedEdge = (edge: GraphSnapshot.Edge, subject: GraphSnapshot.Node?, object: GraphSnapshot.Node?)
    /// One evidence row of a document with its number (from 1, counting every edge's rows in
    /// edge order, then in the order of the edge's evidence) and its edge (without evidence).
    typealias NumberedEvidence = (number: Int, edge: EndedEdge, row: GraphSnapshot.EvidenceRow)

    /// Whether the documents' paths are distinct and sort alike in SQLite and Swift, and no two
    /// documents have the same entity name (``GraphSnapshot/Document/entityName``): what the
    /// methods below need to give what the held graph gives.
    func documentsAreDistinct() throws -> Bool

    /// Whether some edge's fact would have a subject that is no node of a kind but `date`: a
    /// subject of kind date (the predicate not in `inverse`), or an object that is a literal, a
    /// date or no node (the predicate in `inverse`, whose facts run from the object).
    func hasFactsOutsideNodes(inverse: Set<Predicate>) throws -> Bool

    /// Calls `body` with each node, with its aliases, in the snapshot's node order, and the
    /// edges whose subject it is (predicates not in `inverse`) and whose object it is
    /// (predicates in `inverse`), in the snapshot's edge order, without evidence.
    func forEachNode(facts inverse: Set<Predicate>, _ body: (GraphSnapshot.Node, [EndedEdge]) throws -> Void) throws

    /// As ``OrderedGraph/forEachEdge(evidence:text:_:)`` with evidence, with the store's id of
    /// each evidence row's document (one for each row, in the rows' order).
    func forEachEdge(
        text: Bool, documents body: (Int, GraphSnapshot.Edge, GraphSnapshot.Node?, GraphSnapshot.Node?, [Int64]) throws -> Void
    ) throws

    /// Calls `body` with each document, in the snapshot's document order (path, then hash), its
    /// id, and the id of the entity of kind document named by its entity name (nil: none).
    func forEachDocument(_ body: (Int64, GraphSnapshot.Document, Int64?) throws -> Void) throws

    /// The document with the id `id`, or nil.
    func document(id: Int64) throws -> GraphSnapshot.Document?

    /// The first document (in the snapshot's order) whose entity name is `name`, or nil.
    func document(named name: String) throws -> GraphSnapshot.Document?

    /// Calls `body` with each document that has text and evidence, in the snapshot's document
    /// order, and its evidence rows (with text) sorted by edge, then as an edge's evidence is
    /// sorted, each with its number. Needs ``documentsAreDistinct()``.
    func forEachDocumentEvidence(_ body: (GraphSnapshot.Document, [NumberedEvidence]) throws -> Void) throws
}
