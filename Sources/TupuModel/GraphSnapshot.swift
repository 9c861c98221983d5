/// A read-only picture of (part of) the stored graph, as handed to renderers and exporters.
public struct GraphSnapshot: Sendable, Equatable {
    public struct Node: Hashable, Sendable {
        public var id: Int64
        public var kind: EntityKind
        public var name: String
        public var aliases: [String]

        public init(id: Int64, kind: EntityKind, name: String, aliases: [String] = []) {
            self.id = id
            self.kind = kind
            self.name = name
            self.aliases = aliases
        }

        public var ref: EntityRef { EntityRef(kind, name) }
    }

    public struct EvidenceRow: Hashable, Sendable {
        public var document: String
        public var start: Int
        public var end: Int
        public var surface: String
        public var sentence: String
        public var rule: String
        public var confidence: Double

        public init(document: String, start: Int, end: Int, surface: String, sentence: String, rule: String, confidence: Double) {
            self.document = document
            self.start = start
            self.end = end
            self.surface = surface
            self.sentence = sentence
            self.rule = rule
            self.confidence = confidence
        }
    }

    public struct Edge: Hashable, Sendable {
        public var subject: Int64
        public var predicate: Predicate
        /// The object node, or nil when the object is a literal.
        public var object: Int64?
        public var literal: String?
        public var evidence: [EvidenceRow]

        public init(subject: Int64, predicate: Predicate, object: Int64?, literal: String? = nil, evidence: [EvidenceRow] = []) {
            self.subject = subject
            self.predicate = predicate
            self.object = object
            self.literal = literal
            self.evidence = evidence
        }
    }

    /// Nodes sorted by kind, then name.
    public var nodes: [Node]
    /// Edges sorted by subject, predicate, object.
    public var edges: [Edge]
    /// Titles of the documents the graph comes from, in path order.
    public var documentTitles: [String]

    private let nodesByID: [Int64: Node]

    public init(nodes: [Node], edges: [Edge], documentTitles: [String] = []) {
        self.nodes = nodes
        self.edges = edges
        self.documentTitles = documentTitles
        self.nodesByID = Dictionary(nodes.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Looks a node up by id.
    public func node(_ id: Int64) -> Node? {
        nodesByID[id]
    }
}

extension GraphSnapshot {
    /// The same graph without the nodes that take part in no edge.
    public func withoutIsolatedNodes() -> GraphSnapshot {
        var linked = Set<Int64>()
        for edge in edges {
            linked.insert(edge.subject)
            if let object = edge.object { linked.insert(object) }
        }
        return GraphSnapshot(nodes: nodes.filter { linked.contains($0.id) }, edges: edges, documentTitles: documentTitles)
    }
}
