// Views: smaller graphs cut out of a snapshot, as pure transforms (no I/O, no state).
//
// Every view keeps the snapshot's `documentTitles` and `documents` and keeps each node's and edge's data
// unchanged (except `filter(document:)`, which keeps only that document's evidence rows).
// Edges are kept only when their subject and (entity) object are both kept; an edge to a
// literal is kept with its subject unless the view says otherwise.

/// Why a view could not be made.
public enum GraphViewError: Error, Equatable, CustomStringConvertible {
    /// No node has this canonical name or alias (of the wanted kind, when one is given).
    /// `suggestions` are close names (canonical names), best first.
    case unknownName(String, kind: EntityKind?, suggestions: [String])
    /// No edge has evidence from this document. `known` lists the documents that do.
    case unknownDocument(String, known: [String])

    public var description: String {
        switch self {
        case .unknownName(let name, let kind, let suggestions):
            let what = kind.map { "no \($0.rawValue) (\($0.chineseLabel))" } ?? "no entity"
            var text = "\(what) is named \"\(name)\" in the graph"
            if !suggestions.isEmpty {
                text += "; did you mean " + suggestions.map { "\"\($0)\"" }.joined(separator: ", ") + "?"
            }
            return text
        case .unknownDocument(let path, let known):
            var text = "no fact comes from the document \"\(path)\""
            if !known.isEmpty {
                let shown = known.prefix(5).map { "\"\($0)\"" }.joined(separator: ", ")
                text += "; documents in the graph: \(shown)" + (known.count > 5 ? ", …" : "")
            }
            return text
        }
    }
}

extension GraphSnapshot {
    // MARK: - Name lookup

    /// The nodes named `name`: those whose canonical name is `name`, else those with `name`
    /// among their aliases. Restricted to `kind` when given. Sorted by kind, name, id.
    ///
    /// - Throws: ``GraphViewError/unknownName(_:kind:suggestions:)`` with close matches
    ///   when nothing has that name.
    public func nodes(named name: String, kind: EntityKind? = nil) throws(GraphViewError) -> [Node] {
        let candidates = nodes.filter { kind == nil || $0.kind == kind }
        var found = candidates.filter { $0.name == name }
        if found.isEmpty {
            found = candidates.filter { $0.aliases.contains(name) }
        }
        guard found.isEmpty else { return found.sorted(by: Self.nodeOrder) }
        throw .unknownName(name, kind: kind, suggestions: Self.suggestions(for: name, among: candidates))
    }

    /// Up to `limit` canonical names close to `name`: names (or aliases) that contain it or
    /// are contained in it first, then names sharing the most characters with it.
    static func suggestions(for name: String, among candidates: [Node], limit: Int = 5) -> [String] {
        Suggestions.closest(to: name, among: candidates.sorted(by: nodeOrder), limit: limit, label: \.name) { [$0.name] + $0.aliases }
    }

    // MARK: - Views

    /// The nodes at most `depth` hops from the node(s) named `center` (canonical name or
    /// alias), following edges in either direction, with the edges among them. Edges to
    /// literals are kept for nodes less than `depth` hops away (a literal is one more hop).
    public func ego(center: String, depth: Int) throws(GraphViewError) -> GraphSnapshot {
        let centers = try nodes(named: center)
        var neighbours: [Int64: Set<Int64>] = [:]
        for edge in edges {
            guard let object = edge.object else { continue }
            neighbours[edge.subject, default: []].insert(object)
            neighbours[object, default: []].insert(edge.subject)
        }
        var distance: [Int64: Int] = [:]
        var frontier = centers.map(\.id)
        for id in frontier { distance[id] = 0 }
        var hop = 0
        while hop < depth, !frontier.isEmpty {
            hop += 1
            var next: [Int64] = []
            for id in frontier {
                for other in neighbours[id, default: []].sorted() where distance[other] == nil && node(other) != nil {
                    distance[other] = hop
                    next.append(other)
                }
            }
            frontier = next
        }
        return inducedSubgraph(
            keeping: Set(distance.keys),
            literalsFrom: Set(distance.filter { $0.value < depth }.keys))
    }

    /// The edges whose predicate is one of `predicates`, and the nodes they link.
    public func filter(predicates: Set<Predicate>) -> GraphSnapshot {
        graph(ofEdges: edges.filter { predicates.contains($0.predicate) })
    }

    /// The nodes of the given kinds and the edges among them (and to literals).
    public func filter(kinds: Set<EntityKind>) -> GraphSnapshot {
        let kept = Set(nodes.filter { kinds.contains($0.kind) }.map(\.id))
        return inducedSubgraph(keeping: kept, literalsFrom: kept)
    }

    /// The edges with evidence from the document at `path`, each with only that document's
    /// evidence rows, and the nodes they link. `path` matches a stored document path exactly,
    /// or when one of the two ends with the other at a `/` boundary (`seeds/a.txt` matches
    /// `a.txt` and `/home/me/seeds/a.txt`).
    ///
    /// - Throws: ``GraphViewError/unknownDocument(_:known:)`` when no evidence comes from it.
    public func filter(document path: String) throws(GraphViewError) -> GraphSnapshot {
        let known = Set(edges.flatMap { $0.evidence.map(\.document) })
        let matching = Set(Self.documentPaths(known, matching: path))
        guard !matching.isEmpty else {
            throw .unknownDocument(path, known: known.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
        }
        let kept: [Edge] = edges.compactMap { edge in
            var edge = edge
            edge.evidence = edge.evidence.filter { matching.contains($0.document) }
            return edge.evidence.isEmpty ? nil : edge
        }
        return graph(ofEdges: kept)
    }

    /// The event named `name` with everything linked to it in either direction (participants,
    /// place, date, …), the roles of the persons among them, and the edges among all these.
    ///
    /// - Throws: ``GraphViewError/unknownName(_:kind:suggestions:)`` when no event has that
    ///   name or alias; the suggestions are event names.
    public func event(_ name: String) throws(GraphViewError) -> GraphSnapshot {
        let events = Set(try nodes(named: name, kind: .event).map(\.id))
        var kept = events
        for edge in edges {
            guard let object = edge.object else { continue }
            if events.contains(edge.subject) { kept.insert(object) }
            if events.contains(object) { kept.insert(edge.subject) }
        }
        kept = kept.filter { node($0) != nil }
        let persons = kept.filter { node($0)?.kind == .person }
        for edge in edges where edge.predicate == .holdsRole && persons.contains(edge.subject) {
            if let object = edge.object, node(object) != nil { kept.insert(object) }
        }
        return inducedSubgraph(keeping: kept, literalsFrom: events)
    }

    /// At most `maxNodes` nodes, with the edges among them; `cut` is the number of nodes
    /// left out.
    ///
    /// The nodes are taken breadth first from the busiest ones, so the picture stays
    /// connected: first those in `pinned`, else the node with the most edges; then the
    /// neighbours of the nodes taken, in the order they were taken, each node's neighbours
    /// busiest first; when that runs out, the busiest node not yet taken starts again.
    /// "Busiest" counts edges in this snapshot (edges to literals included), ties broken by
    /// kind, name and id. (Taking the busiest nodes alone gave, on a large corpus, officials
    /// without any of the meetings that link them.)
    public func limited(maxNodes: Int, pinned: Set<Int64> = []) -> (graph: GraphSnapshot, cut: Int) {
        let unique = uniqueNodes()
        guard unique.count > maxNodes else { return (self, 0) }
        var degree: [Int64: Int] = [:]
        var neighbours: [Int64: Set<Int64>] = [:]
        for edge in edges {
            degree[edge.subject, default: 0] += 1
            if let object = edge.object {
                degree[object, default: 0] += 1
                neighbours[edge.subject, default: []].insert(object)
                neighbours[object, default: []].insert(edge.subject)
            }
        }
        let nodesById = Dictionary(unique.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        func busier(_ a: Node, _ b: Node) -> Bool {
            let (da, db) = (degree[a.id, default: 0], degree[b.id, default: 0])
            if da != db { return da > db }
            return Self.nodeOrder(a, b)
        }
        let ranked = unique.sorted(by: busier)

        var kept = Set<Int64>()
        var queue: [Int64] = []
        func take(_ id: Int64) {
            guard kept.count < maxNodes, kept.insert(id).inserted else { return }
            queue.append(id)
        }
        for node in ranked where pinned.contains(node.id) { take(node.id) }
        var head = 0
        var nextSeed = 0
        while kept.count < max(maxNodes, 0) {
            if head == queue.count {
                while nextSeed < ranked.count, kept.contains(ranked[nextSeed].id) { nextSeed += 1 }
                guard nextSeed < ranked.count else { break }
                take(ranked[nextSeed].id)
                continue
            }
            let id = queue[head]
            head += 1
            let around = (neighbours[id] ?? []).compactMap { nodesById[$0] }.sorted(by: busier)
            for node in around { take(node.id) }
        }
        return (inducedSubgraph(keeping: kept, literalsFrom: kept), unique.count - kept.count)
    }

    /// The same graph without the nodes that take part in no edge, except those in `keeping`.
    public func withoutIsolatedNodes(keeping: Set<Int64>) -> GraphSnapshot {
        var linked = keeping
        for edge in edges {
            linked.insert(edge.subject)
            if let object = edge.object { linked.insert(object) }
        }
        return GraphSnapshot(nodes: nodes.filter { linked.contains($0.id) }, edges: edges, documentTitles: documentTitles, documents: documents)
    }

    // MARK: - Helpers

    /// The nodes in `keeping`, the edges between two of them, and the edges from a node in
    /// `literalsFrom` to a literal.
    public func inducedSubgraph(keeping: Set<Int64>, literalsFrom: Set<Int64>) -> GraphSnapshot {
        let keptEdges = edges.filter { edge in
            if let object = edge.object {
                return keeping.contains(edge.subject) && keeping.contains(object)
            }
            return literalsFrom.contains(edge.subject) && keeping.contains(edge.subject)
        }
        return GraphSnapshot(nodes: nodes.filter { keeping.contains($0.id) }, edges: keptEdges, documentTitles: documentTitles, documents: documents)
    }

    /// The given edges (those whose nodes exist) and the nodes they link.
    func graph(ofEdges chosen: [Edge]) -> GraphSnapshot {
        let kept = chosen.filter { edge in node(edge.subject) != nil && (edge.object.map { node($0) != nil } ?? true) }
        var linked = Set<Int64>()
        for edge in kept {
            linked.insert(edge.subject)
            if let object = edge.object { linked.insert(object) }
        }
        return GraphSnapshot(nodes: nodes.filter { linked.contains($0.id) }, edges: kept, documentTitles: documentTitles, documents: documents)
    }

    /// The nodes, one per id.
    private func uniqueNodes() -> [Node] {
        var seen = Set<Int64>()
        return nodes.filter { seen.insert($0.id).inserted }
    }

    static func nodeOrder(_ a: Node, _ b: Node) -> Bool {
        (a.kind, a.name, a.id) < (b.kind, b.name, b.id)
    }

    /// The paths among `stored` that `path` names: the one equal to it, else those that end
    /// with it at a `/` boundary or that it ends with (`a.txt`, `seeds/a.txt` and
    /// `/home/me/seeds/a.txt` name each other), sorted.
    public static func documentPaths(_ stored: some Sequence<String>, matching path: String) -> [String] {
        let all = Array(stored)
        if all.contains(path) { return [path] }
        return all.filter { samePath($0, path) }.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static func samePath(_ a: String, _ b: String) -> Bool {
        guard !a.isEmpty, !b.isEmpty else { return false }
        let stripped = { (s: String) in s.hasPrefix("./") ? String(s.dropFirst(2)) : s }
        let (x, y) = (stripped(a), stripped(b))
        return x == y || x.hasSuffix("/" + y) || y.hasSuffix("/" + x)
    }
}

// MARK: - A view as the command line asks for it

/// A combination of views, applied in a fixed order: document, predicates, then the centre
/// (`center`/`depth`) or the event, then kinds, then isolated nodes are dropped, then
/// `maxNodes`.
public struct GraphView: Sendable, Equatable {
    public var center: String?
    public var depth: Int
    public var event: String?
    public var document: String?
    public var predicates: Set<Predicate>
    public var kinds: Set<EntityKind>
    public var maxNodes: Int?

    public init(
        center: String? = nil,
        depth: Int = 1,
        event: String? = nil,
        document: String? = nil,
        predicates: Set<Predicate> = [],
        kinds: Set<EntityKind> = [],
        maxNodes: Int? = nil
    ) {
        self.center = center
        self.depth = depth
        self.event = event
        self.document = document
        self.predicates = predicates
        self.kinds = kinds
        self.maxNodes = maxNodes
    }

    /// What applying a view gave.
    public struct Result: Sendable, Equatable {
        public var graph: GraphSnapshot
        /// The number of nodes before `maxNodes` was applied.
        public var totalNodes: Int
        /// The number of nodes `maxNodes` left out.
        public var cut: Int
        /// A short Chinese description of the view (`以“李希”为中心，1 步`), or nil for the whole graph.
        public var caption: String?
    }

    /// The view of `snapshot`. Empty `predicates` or `kinds` mean all.
    public func apply(to snapshot: GraphSnapshot) throws(GraphViewError) -> Result {
        var graph = snapshot
        if let document { graph = try graph.filter(document: document) }
        if !predicates.isEmpty { graph = graph.filter(predicates: predicates) }
        var pinned = Set<Int64>()
        if let center {
            pinned = Set(try graph.nodes(named: center).map(\.id))
            graph = try graph.ego(center: center, depth: max(depth, 0))
        } else if let event {
            pinned = Set(try graph.nodes(named: event, kind: .event).map(\.id))
            graph = try graph.event(event)
        }
        if !kinds.isEmpty { graph = graph.filter(kinds: kinds) }
        graph = graph.withoutIsolatedNodes(keeping: pinned.filter { id in graph.node(id) != nil })
        let total = graph.nodes.count
        var cut = 0
        if let maxNodes {
            (graph, cut) = graph.limited(maxNodes: maxNodes, pinned: pinned)
        }
        return Result(graph: graph, totalNodes: total, cut: cut, caption: caption(snapshot: snapshot))
    }

    private func caption(snapshot: GraphSnapshot) -> String? {
        var parts: [String] = []
        if let center {
            let name = (try? snapshot.nodes(named: center).first?.name) ?? center
            parts.append("以“\(name)”为中心，\(depth) 步")
        }
        if event != nil { parts.append("活动及其参与者") }
        if !predicates.isEmpty { parts.append("关系：" + predicates.sorted().map(\.chineseLabel).joined(separator: "、")) }
        if !kinds.isEmpty { parts.append("类型：" + kinds.sorted().map(\.chineseLabel).joined(separator: "、")) }
        return parts.isEmpty ? nil : parts.joined(separator: "；")
    }
}
