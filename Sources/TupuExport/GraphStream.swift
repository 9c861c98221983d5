import TupuModel

/// A whole graph to write out: its nodes, edges and documents held in memory, the evidence of
/// its edges read when a writer gets to them, in edge order.
///
/// The command line makes one from a store's whole graph (`Store.wholeGraph()`), whose
/// evidence comes from the database a batch of edges (or a document) at a time, so that
/// writing a large graph holds its nodes and edges but never the evidence (and the sentences)
/// of every edge at once. ``init(_:)`` wraps a snapshot that holds its evidence;
/// a writer given either writes the same bytes.
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

    /// The graph. Its edges have no evidence rows when the evidence is read by ``forEachEdge(text:_:)``.
    public let snapshot: GraphSnapshot
    private let reader: EvidenceReader?
    private let documentReader: DocumentReader?

    /// A snapshot that holds its evidence: the edges are given as they are.
    public init(_ snapshot: GraphSnapshot) {
        self.snapshot = snapshot
        reader = nil
        documentReader = nil
    }

    /// A snapshot without evidence and the readers of its edges' evidence, in edge order and
    /// (without `byDocument`, by reading it all in edge order) by document.
    public init(snapshot: GraphSnapshot, byDocument: DocumentReader? = nil, evidence: @escaping EvidenceReader) {
        self.snapshot = snapshot
        reader = evidence
        documentReader = byDocument
    }

    /// Whether the evidence is read from elsewhere (each ``forEachEdge(text:_:)`` reads it again).
    public var isStreamed: Bool { reader != nil }

    /// Calls `body` with each edge, in order, with its evidence; with `text` false the evidence
    /// may have empty surfaces and sentences (what counts and documents need, read faster).
    /// Throws ``GraphStreamError`` when the reader gives the edges out of order or not all of them.
    public func forEachEdge(text: Bool = true, _ body: (Int, GraphSnapshot.Edge) throws -> Void) throws {
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
