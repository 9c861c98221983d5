import TupuModel

/// A whole graph to write out, in one of three forms a writer reads alike (and writes the same
/// bytes from):
///
/// - a snapshot that holds its evidence (``init(_:)``);
/// - a snapshot without evidence, its edges' evidence read when a writer gets to them, in edge
///   order (``init(snapshot:byDocument:evidence:)``: a store's whole graph, `Store.wholeGraph()`,
///   whose evidence comes from the database a batch of edges, or a document, at a time);
/// - a graph read from cursors in the snapshot's order, node by node and edge by edge
///   (``init(ordered:held:)``: `Store.orderedGraph()`), so that nothing grows with the graph.
///   The writers that read nodes, edges and evidence in order (tsv, jsonl, csv, graphml) read
///   it so; the RDF and neo4j writers too, through its nodes' facts and its documents
///   (``OrderedDocumentGraph``), unless the store's documents or facts are of a shape those do
///   not cover: then they ask for the graph held (``held()``), read the second way.
public struct GraphStream {
    /// Reads the evidence of every edge in order: calls the body once for each edge index,
    /// from 0, with that edge's evidence rows (sorted as a snapshot's are); with `text` false
    /// the rows may leave surface and sentence empty.
    public typealias EvidenceReader = (_ text: Bool, _ body: (Int, [GraphSnapshot.EvidenceRow]) throws -> Void) throws -> Void
    /// One document's evidence, with text: each row with the index of its edge, in edge order,
    /// then in the order of the edge's evidence.
    public typealias DocumentEvidence = [(edge: Int, row: GraphSnapshot.EvidenceRow)]
    /// Reads the evidence document by document: calls the body with the path and evidence of
    /// each document of the snapshot that has evidence, in the snapshot's document order.
    public typealias DocumentReader = (_ body: (_ path: String, _ evidence: DocumentEvidence) throws -> Void) throws -> Void

    /// The graph. Its edges have no evidence rows when the evidence is read by
    /// ``forEachEdge(text:_:)``; it is empty when the graph is read from cursors (``isOrdered``).
    public let snapshot: GraphSnapshot
    private let reader: EvidenceReader?
    private let documentReader: DocumentReader?
    /// The graph read from cursors, when it is (``init(ordered:held:)``).
    let ordered: (any OrderedGraph)?
    private let whole: HeldGraph?

    /// The graph held, read the first time a writer asks for it and kept for the next (neo4j's
    /// files are written one after another from one read of the store).
    private final class HeldGraph {
        let read: () throws -> GraphStream
        var stream: GraphStream?

        init(_ read: @escaping () throws -> GraphStream) {
            self.read = read
        }

        func graph() throws -> GraphStream {
            if let stream { return stream }
            let read = try self.read()
            stream = read
            return read
        }
    }

    /// A snapshot that holds its evidence: the edges are given as they are.
    public init(_ snapshot: GraphSnapshot) {
        self.snapshot = snapshot
        reader = nil
        documentReader = nil
        ordered = nil
        whole = nil
    }

    /// A graph read from cursors in the snapshot's order, and how to read it held, for the
    /// writers that need all of it (or its documents' evidence) at once.
    public init(ordered: any OrderedGraph, held: @escaping () throws -> GraphStream) {
        snapshot = GraphSnapshot(nodes: [], edges: [])
        reader = nil
        documentReader = nil
        self.ordered = ordered
        whole = HeldGraph(held)
    }

    /// Whether the graph is read from cursors in order (``init(ordered:held:)``).
    public var isOrdered: Bool { ordered != nil }

    /// The graph read from cursors, when it also gives each node's facts and each document's
    /// evidence (what the RDF and neo4j writers read it by).
    var documentGraph: (any OrderedDocumentGraph)? { ordered as? any OrderedDocumentGraph }

    /// The graph with its nodes and edges held (its evidence maybe read as it is written), for
    /// the writers that are not written from cursors: this stream unless it is read from them.
    public func held() throws -> GraphStream {
        guard let whole else { return self }
        return try whole.graph()
    }

    /// The number of edges.
    public func edgeCount() -> Int {
        ordered?.edgeCount ?? snapshot.edges.count
    }

    /// Calls `body` with each node, with its aliases, in order.
    public func forEachNode(_ body: (GraphSnapshot.Node) throws -> Void) throws {
        guard let ordered else {
            for node in snapshot.nodes { try body(node) }
            return
        }
        try ordered.forEachNode(body)
    }

    /// Calls `body` with each edge in order, as ``forEachEdge(text:_:)``, with its subject and
    /// object nodes (nil for a literal object or an id the graph has no node for; without aliases
    /// when read from cursors); without `evidence`, the edges may have no evidence rows (none
    /// is read from the store).
    public func forEachEdgeWithEnds(
        evidence: Bool = true, text: Bool = true,
        _ body: (Int, GraphSnapshot.Edge, GraphSnapshot.Node?, GraphSnapshot.Node?) throws -> Void
    ) throws {
        if let ordered {
            try ordered.forEachEdge(evidence: evidence, text: text, body)
            return
        }
        let snapshot = snapshot
        guard evidence else {
            for (index, edge) in snapshot.edges.enumerated() {
                try body(index, edge, snapshot.node(edge.subject), edge.object.flatMap { snapshot.node($0) })
            }
            return
        }
        try forEachEdge(text: text) { index, edge in
            try body(index, edge, snapshot.node(edge.subject), edge.object.flatMap { snapshot.node($0) })
        }
    }

    /// The distinct literal objects in edge order.
    public func literalValues() throws -> [String] {
        try ordered?.literalValues() ?? snapshot.literalValues()
    }

    /// The first document (in the snapshot's document order) whose entity is the node `entity`,
    /// of kind document and named `name` (``GraphSnapshot/Document/entityName``); nil if none.
    /// From a snapshot, the first lookup indexes its documents into `index`.
    public func article(
        named name: String, entity: Int64, index: inout [String: GraphSnapshot.Document]?
    ) throws -> GraphSnapshot.Document? {
        if let ordered { return try ordered.article(named: name, entity: entity) }
        if index == nil {
            var articles: [String: GraphSnapshot.Document] = [:]
            for document in snapshot.documents where articles[document.entityName] == nil { articles[document.entityName] = document }
            index = articles
        }
        return index?[name]
    }

    /// A snapshot without evidence and the readers of its edges' evidence, in edge order and
    /// (without `byDocument`, by reading it all in edge order) by document.
    public init(snapshot: GraphSnapshot, byDocument: DocumentReader? = nil, evidence: @escaping EvidenceReader) {
        self.snapshot = snapshot
        reader = evidence
        documentReader = byDocument
        ordered = nil
        whole = nil
    }

    /// Whether the evidence is read from elsewhere (each ``forEachEdge(text:_:)`` reads it again).
    public var isStreamed: Bool { reader != nil || ordered != nil }

    /// Calls `body` with each edge, in order, with its evidence; with `text` false the evidence
    /// may have empty surfaces and sentences (what counts and documents need, read faster).
    /// Throws ``GraphStreamError`` when the reader gives the edges out of order or not all of them.
    public func forEachEdge(text: Bool = true, _ body: (Int, GraphSnapshot.Edge) throws -> Void) throws {
        if let ordered {
            try ordered.forEachEdge(evidence: true, text: text) { index, edge, _, _ in try body(index, edge) }
            return
        }
        guard let reader else {
            for (index, edge) in snapshot.edges.enumerated() { try body(index, edge) }
            return
        }
        let edges = snapshot.edges
        var next = 0
        try reader(text) { index, rows in
            guard index == next, index < edges.count else {
                throw GraphStreamError.outOfOrder(expected: next, got: index, edges: edges.count)
            }
            next += 1
            var edge = edges[index]
            edge.evidence = rows
            try body(index, edge)
        }
        guard next == edges.count else { throw GraphStreamError.incomplete(read: next, edges: edges.count) }
    }

    /// Calls `body` with the path and evidence (with text) of each document that has evidence,
    /// in the order of ``GraphSnapshot/documents`` (a path listed twice may be given once or
    /// twice), each row with its edge's index, in edge order, then in the order of
    /// the edge's evidence. Evidence from documents the snapshot does not list is left out.
    public func forEachDocument(_ body: (String, DocumentEvidence) throws -> Void) throws {
        if whole != nil {
            try held().forEachDocument(body)
            return
        }
        if let documentReader {
            try documentReader(body)
            return
        }
        var byPath: [String: DocumentEvidence] = [:]
        try forEachEdge(text: true) { index, edge in
            for row in edge.evidence { byPath[row.document, default: []].append((index, row)) }
        }
        var given = Set<String>()
        for document in snapshot.documents where given.insert(document.path).inserted {
            if let evidence = byPath.removeValue(forKey: document.path) { try body(document.path, evidence) }
        }
    }

    /// The snapshot with every edge's evidence, for a writer that needs all of it at once.
    public func materialized() throws -> GraphSnapshot {
        if whole != nil { return try held().materialized() }
        guard reader != nil else { return snapshot }
        var edges: [GraphSnapshot.Edge] = []
        edges.reserveCapacity(snapshot.edges.count)
        try forEachEdge(text: true) { _, edge in edges.append(edge) }
        return GraphSnapshot(nodes: snapshot.nodes, edges: edges, documentTitles: snapshot.documentTitles, documents: snapshot.documents)
    }
}

/// A ``GraphStream``'s evidence reader broke its contract.
public enum GraphStreamError: Error, Equatable, CustomStringConvertible {
    case outOfOrder(expected: Int, got: Int, edges: Int)
    case incomplete(read: Int, edges: Int)

    public var description: String {
        switch self {
        case .outOfOrder(let expected, let got, let edges):
            "the evidence of edge \(got + 1) of \(edges) came where that of edge \(expected + 1) was due"
        case .incomplete(let read, let edges):
            "the evidence of only \(read) of \(edges) edges was read"
        }
    }
}
