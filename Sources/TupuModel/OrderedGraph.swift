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
