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

    /// A source document: where evidence comes from.
    public struct Document: Hashable, Sendable {
        /// The path the document was ingested from, as evidence rows name it.
        public var path: String
        /// The SHA-256 of its text, in hex.
        public var contentHash: String
        /// Its headline, when it has one.
        public var title: String?
        /// Its publication date (`yyyy-mm-dd`), when known.
        public var published: String?

        public init(path: String, contentHash: String, title: String? = nil, published: String? = nil) {
            self.path = path
            self.contentHash = contentHash
            self.title = title
            self.published = published
        }

        /// The name of the document's entity (kind `document`): its headline (or 无标题) and
        /// the first eight hex digits of its hash, `标题（文档 74a9a881）`, as
        /// `Extraction.identified(contentHash:)` names it.
        public var entityName: String {
            EventInstance.name(series: title ?? "无标题", qualifier: EventInstance.documentTag(contentHash))
        }
    }

    /// Nodes sorted by kind, then name.
    public var nodes: [Node]
    /// Edges sorted by subject, predicate, object.
    public var edges: [Edge]
    /// Titles of the documents the graph comes from, in path order.
    public var documentTitles: [String]
    /// The documents the graph's evidence comes from (the whole snapshot: every document),
    /// in path order. Empty when the snapshot was built without them.
    public var documents: [Document]

    private let nodesByID: [Int64: Node]

    public init(nodes: [Node], edges: [Edge], documentTitles: [String] = [], documents: [Document] = []) {
        self.nodes = nodes
        self.edges = edges
        self.documentTitles = documentTitles
        self.documents = documents
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
        return GraphSnapshot(nodes: nodes.filter { linked.contains($0.id) }, edges: edges, documentTitles: documentTitles, documents: documents)
    }
}
