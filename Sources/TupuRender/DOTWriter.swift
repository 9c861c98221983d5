import TupuModel

/// The language of the labels written on edges.
public enum EdgeLabelLanguage: String, Sendable, CaseIterable {
    /// `Predicate.chineseLabel`: 出席, 担任, …
    case zh
    /// `Predicate.rawValue`: attended, holds_role, …
    case en
}

/// How a node of one kind is drawn.
public struct NodeStyle: Sendable, Hashable {
    /// A Graphviz shape name (`ellipse`, `box`, …).
    public var shape: String
    /// A fill colour as `#RRGGBB`.
    public var fillColor: String

    public init(shape: String, fillColor: String) {
        self.shape = shape
        self.fillColor = fillColor
    }

    /// The style of nodes of a kind.
    public static func of(_ kind: EntityKind) -> NodeStyle {
        switch kind {
        case .person: NodeStyle(shape: "ellipse", fillColor: "#F8CECC")        // light red
        case .role: NodeStyle(shape: "box", fillColor: "#FFF2B3")              // light yellow
        case .place: NodeStyle(shape: "house", fillColor: "#D5E8D4")           // light green
        case .organization: NodeStyle(shape: "box", fillColor: "#DAE8FC")      // light blue
        case .initiative: NodeStyle(shape: "hexagon", fillColor: "#E1D5E7")    // light purple
        case .document: NodeStyle(shape: "note", fillColor: "#F0F0F0")         // light grey
        case .event: NodeStyle(shape: "doubleoctagon", fillColor: "#FFCC80")   // orange
        case .date: NodeStyle(shape: "box", fillColor: "#D0D0D0")              // grey
        }
    }
}

/// Writes a ``GraphSnapshot`` as a Graphviz DOT graph.
///
/// The output is deterministic: the same snapshot gives the same bytes, whatever the order
/// of its `nodes` and `edges` arrays. Nodes are written sorted by kind, name and id, with the
/// DOT ID `n<id>`; edges sorted by subject id, predicate and object (entity objects by id,
/// then literal objects by their UTF-8 bytes). A literal object becomes a plain-text node
/// with the ID `l<index>`, one node per distinct literal value, numbered in the byte order
/// of the values. Edges whose subject or object node is not in the snapshot are left out.
public struct DOTWriter: Sendable {
    public struct Options: Sendable {
        /// Written as the graph's label at the top, when given.
        public var title: String?
        /// The font family for every label; it must be able to show Chinese.
        public var fontName: String
        /// The language of the edge labels.
        public var edgeLabels: EdgeLabelLanguage
        /// Whether to add a `cluster_legend` subgraph listing the kinds present.
        public var legend: Bool

        public init(
            title: String? = nil,
            fontName: String = "Noto Sans CJK SC",
            edgeLabels: EdgeLabelLanguage = .zh,
            legend: Bool = true
        ) {
            self.title = title
            self.fontName = fontName
            self.edgeLabels = edgeLabels
            self.legend = legend
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The DOT text of the graph.
    public func write(_ graph: GraphSnapshot) -> String {
        let font = DOTString.quoted(options.fontName)

        // Nodes: sorted, one per id (the first in sorted order wins).
        var seen = Set<Int64>()
        let nodes = graph.nodes
            .sorted { ($0.kind, $0.name, $0.id) < ($1.kind, $1.name, $1.id) }
            .filter { seen.insert($0.id).inserted }

        // Edges between known nodes (or to literals), sorted.
        let edges = graph.edges
            .filter { edge in
                guard seen.contains(edge.subject) else { return false }
                if let object = edge.object { return seen.contains(object) }
                return edge.literal != nil
            }
            .sorted(by: Self.edgeOrder)

        // One node per distinct literal value, numbered in byte order.
        let literalValues = Set(edges.compactMap { $0.object == nil ? $0.literal.map { Array($0.utf8) } : nil })
            .sorted { $0.lexicographicallyPrecedes($1) }
        var literalIDs: [[UInt8]: String] = [:]
        for (index, value) in literalValues.enumerated() {
            literalIDs[value] = "l\(index)"
        }

        var out = "digraph \"tupu\" {\n"
        var graphAttributes = [
            "charset=\"UTF-8\"",
            "rankdir=LR",
            "fontname=\(font)",
        ]
        if let title = options.title {
            graphAttributes += ["label=\(DOTString.label(title))", "labelloc=t", "fontsize=18"]
        }
        graphAttributes += ["overlap=false", "splines=true", "nodesep=0.5", "ranksep=1.0", "pad=0.3"]
        out += "  graph [\(graphAttributes.joined(separator: ", "))];\n"
        out += "  node [fontname=\(font), fontsize=12, margin=\"0.15,0.06\"];\n"
        out += "  edge [fontname=\(font), fontsize=10, color=\"#555555\", fontcolor=\"#333333\"];\n"

        for node in nodes {
            let style = NodeStyle.of(node.kind)
            let attributes = [
                "label=\(DOTString.label(node.name))",
                "shape=\(style.shape)",
                "style=filled",
                "fillcolor=\(DOTString.quoted(style.fillColor))",
                "tooltip=\(DOTString.quoted("\(node.kind.chineseLabel) (\(node.kind.rawValue))"))",
            ]
            out += "  \(DOTString.quoted(Self.nodeID(node.id))) [\(attributes.joined(separator: ", "))];\n"
        }
        for value in literalValues {
            let id = literalIDs[value] ?? ""
            let text = String(decoding: value, as: UTF8.self)
            out += "  \(DOTString.quoted(id)) [label=\(DOTString.label(text)), shape=plaintext, tooltip=\"值 (literal)\"];\n"
        }

        for edge in edges {
            let target: String
            if let object = edge.object {
                target = Self.nodeID(object)
            } else if let literal = edge.literal, let id = literalIDs[Array(literal.utf8)] {
                target = id
            } else {
                continue
            }
            let label = switch options.edgeLabels {
            case .zh: edge.predicate.chineseLabel
            case .en: edge.predicate.rawValue
            }
            out += "  \(DOTString.quoted(Self.nodeID(edge.subject))) -> \(DOTString.quoted(target)) [label=\(DOTString.label(label))];\n"
        }

        if options.legend {
            let kinds = Set(nodes.map(\.kind)).sorted()
            if !kinds.isEmpty {
                out += "  subgraph cluster_legend {\n"
                out += "    label=\"图例\";\n"
                out += "    fontsize=12;\n"
                out += "    style=\"rounded,dashed\";\n"
                out += "    color=\"#999999\";\n"
                for kind in kinds {
                    let style = NodeStyle.of(kind)
                    let attributes = [
                        "label=\(DOTString.label(kind.chineseLabel))",
                        "shape=\(style.shape)",
                        "style=filled",
                        "fillcolor=\(DOTString.quoted(style.fillColor))",
                        "fontsize=10",
                        "tooltip=\(DOTString.quoted(kind.rawValue))",
                    ]
                    out += "    \(DOTString.quoted("legend_\(kind.rawValue)")) [\(attributes.joined(separator: ", "))];\n"
                }
                out += "  }\n"
            }
        }
        out += "}\n"
        return out
    }

    static func nodeID(_ id: Int64) -> String { "n\(id)" }

    private static func edgeOrder(_ a: GraphSnapshot.Edge, _ b: GraphSnapshot.Edge) -> Bool {
        if a.subject != b.subject { return a.subject < b.subject }
        if a.predicate != b.predicate { return a.predicate < b.predicate }
        switch (a.object, b.object) {
        case let (x?, y?):
            return x < y
        case (.some, nil):
            return true
        case (nil, .some):
            return false
        case (nil, nil):
            return Array((a.literal ?? "").utf8).lexicographicallyPrecedes(Array((b.literal ?? "").utf8))
        }
    }
}
