import TupuModel

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
        /// The language of the node labels (and of the legend).
        public var nodeLabels: NodeLabelLanguage
        /// The engine the graph is meant for; it chooses the spacing and overlap attributes.
        public var layout: LayoutEngine

        public init(
            title: String? = nil,
            fontName: String = "Noto Sans CJK SC",
            edgeLabels: EdgeLabelLanguage = .zh,
            legend: Bool = true,
            nodeLabels: NodeLabelLanguage = .zh,
            layout: LayoutEngine = .dot
        ) {
            self.title = title
            self.fontName = fontName
            self.edgeLabels = edgeLabels
            self.legend = legend
            self.nodeLabels = nodeLabels
            self.layout = layout
        }
    }

    public var options: Options

    public init(options: Options = Options()) {
        self.options = options
    }

    /// The DOT text of the graph.
    public func write(_ graph: GraphSnapshot) -> String {
        write(Drawing(graph: graph))
    }

    /// Above this many edges of one predicate at a node, those edges are drawn without labels:
    /// the colour says the relation, and the legend says which colour is which.
    public static let repeatedLabelLimit = 3

    /// The DOT text of a drawing: its graph, with its groups as clusters and its stand-ins.
    ///
    /// Edges between the same two nodes are drawn as one, labelled with their predicates
    /// (`出席、讲话`) and coloured as the first. An edge loses its label when one of its ends
    /// has more than ``repeatedLabelLimit`` edges of that predicate; the legend then lists the
    /// colours of the relations. The legend is a cluster for the engines that draw clusters
    /// and a table node for the others.
    public func write(_ drawing: Drawing) -> String {
        let plan = Plan(drawing)
        if options.nodeLabels != .zh { Pinyin.prepare(plan.nodes.map(\.name)) }
        let fans = options.layout == .dot ? Fan.find(plan, drawing) : []
        var lines = Lines(drawing.groups, fans: fans)
        writeNodes(plan, drawing, into: &lines)
        let unlabelled = writeEdges(plan, drawing, fans: fans, into: &lines)
        writeGroups(plan, drawing, into: &lines)
        writeFans(fans, into: &lines)
        var out = "digraph \"tupu\" {\n" + header(plan, drawing, fans: fans) + lines.top + lines.clusters
        if options.legend {
            out += legend(kinds: Set(plan.nodes.map(\.kind)).sorted(), relations: unlabelled.sorted())
        }
        out += "}\n"
        return out
    }

    /// What a drawing is written from: its nodes and edges sorted, its literal values numbered,
    /// and its edges merged by pair of ends.
    struct Plan {
        /// Sorted, one per id (the first in sorted order wins).
        var nodes: [GraphSnapshot.Node]
        var ids: Set<Int64>
        /// One node per distinct literal value, in byte order, numbered `l0`, `l1`, ….
        var literalValues: [[UInt8]]
        var literalIDs: [[UInt8]: String]
        /// Edges between the same two nodes, as one, with the predicates in edge order.
        var merged: [(subject: String, target: String, predicates: [Predicate])]
        /// How many edges of a predicate each node has, by `"<node ID> <predicate>"`.
        var perNode: [String: Int]

        init(_ drawing: Drawing) {
            let graph = drawing.graph
            var seen = Set<Int64>()
            nodes = graph.nodes
                .sorted { ($0.kind, $0.name, $0.id) < ($1.kind, $1.name, $1.id) }
                .filter { seen.insert($0.id).inserted }
            ids = seen

            // Edges between known nodes (or to literals), sorted. An event's series is not drawn:
            // its label already starts with the series name.
            let edges = graph.edges
                .filter { edge in
                    guard seen.contains(edge.subject), edge.predicate != .instanceOf else { return false }
                    if let object = edge.object { return seen.contains(object) }
                    return edge.literal != nil
                }
                .sorted(by: DOTWriter.edgeOrder)

            literalValues = Set(edges.compactMap { $0.object == nil ? $0.literal.map { Array($0.utf8) } : nil })
                .sorted { $0.lexicographicallyPrecedes($1) }
            var literalIDs: [[UInt8]: String] = [:]
            for (index, value) in literalValues.enumerated() {
                literalIDs[value] = "l\(index)"
            }
            self.literalIDs = literalIDs

            var merged: [(subject: String, target: String, predicates: [Predicate])] = []
            var mergedIndex: [String: Int] = [:]
            var perNode: [String: Int] = [:]
            for edge in edges {
                let target: String
                if let object = edge.object {
                    target = DOTWriter.nodeID(object)
                } else if let literal = edge.literal, let id = literalIDs[Array(literal.utf8)] {
                    target = id
                } else {
                    continue
                }
                let subject = DOTWriter.nodeID(edge.subject)
                perNode["\(subject) \(edge.predicate.rawValue)", default: 0] += 1
                perNode["\(target) \(edge.predicate.rawValue)", default: 0] += 1
                let key = subject + " " + target
                if let index = mergedIndex[key] {
                    merged[index].predicates.append(edge.predicate)
                } else {
                    mergedIndex[key] = merged.count
                    merged.append((subject, target, [edge.predicate]))
                }
            }
            self.merged = merged
            self.perNode = perNode
        }
    }

    /// The lines of the body: those at the top level, in order, and those of each group.
    struct Lines {
        var top = ""
        var groupLines: [[String]]
        var clusters = ""
        let groupOf: [Int64: Int]
        /// The lines of each fan's box, and the fan of each member.
        var fanLines: [[String]]
        let fanOf: [Int64: Int]

        init(_ groups: [Drawing.Group], fans: [Fan] = []) {
            groupLines = Array(repeating: [], count: groups.count)
            groupOf = Dictionary(
                groups.enumerated().flatMap { index, group in group.members.map { ($0, index) } },
                uniquingKeysWith: { first, _ in first })
            fanLines = Array(repeating: [], count: fans.count)
            fanOf = Dictionary(
                fans.enumerated().flatMap { index, fan in fan.members.map { ($0, index) } },
                uniquingKeysWith: { first, _ in first })
        }

        /// A line in the group (or fan) of `node` if it has one, at the top level otherwise.
        mutating func emit(_ line: String, node id: Int64?) {
            if let id, let group = groupOf[id] {
                groupLines[group].append("  " + line)
            } else if let id, let fan = fanOf[id] {
                fanLines[fan].append("  " + line)
            } else {
                top += line
            }
        }

        /// A line in `group` when there is such a group, at the top level otherwise.
        mutating func emit(_ line: String, group: Int?) {
            if let group, group < groupLines.count {
                groupLines[group].append("  " + line)
            } else {
                top += line
            }
        }
    }

    /// The graph, node and edge defaults: charset, font, title, the engine's spacing.
    private func header(_ plan: Plan, _ drawing: Drawing, fans: [Fan]) -> String {
        let font = DOTString.quoted(options.fontName)
        var graphAttributes = [
            "charset=\"UTF-8\"",
            "fontname=\(font)",
        ]
        if let title = options.title {
            graphAttributes += ["label=\(DOTString.label(Self.wrappedTitle(title)))", "labelloc=t", "fontsize=20"]
        }
        var layoutAttributes = options.layout.graphAttributes(edgeCount: plan.merged.count + drawing.more.count)
        if !drawing.groups.isEmpty, options.layout == .dot {
            // Groups side by side, each a column under the centre: a picture about as wide as it
            // is tall, where left to right every group would make one tall strip.
            layoutAttributes = layoutAttributes.map { $0 == "rankdir=LR" ? "rankdir=TB" : $0 == "ranksep=1.6" ? "ranksep=0.5" : $0 }
        }
        if !fans.isEmpty {
            // A fan's columns are ranks: close together, so that its grid is a compact block.
            graphAttributes.append("compound=true")
            layoutAttributes = layoutAttributes.map { $0 == "ranksep=1.6" ? "ranksep=0.6" : $0 }
        }
        graphAttributes += layoutAttributes
        var out = "  graph [\(graphAttributes.joined(separator: ", "))];\n"
        out += "  node [fontname=\(font), fontsize=14, margin=\"0.2,0.08\"];\n"
        out += "  edge [fontname=\(font), fontsize=11, color=\"#666666\", fontcolor=\"#444444\", arrowsize=0.7];\n"
        return out
    }

    /// The entity nodes, the literal nodes and the stand-ins (`+ 143 more`).
    private func writeNodes(_ plan: Plan, _ drawing: Drawing, into lines: inout Lines) {
        for node in plan.nodes {
            let style = NodeStyle.of(node.kind)
            let attributes = [
                "label=\(DOTString.label(nodeLabel(node)))",
                "shape=\(style.shape)",
                "style=filled",
                "fillcolor=\(DOTString.quoted(style.fillColor))",
                "tooltip=\(DOTString.quoted("\(node.kind.chineseLabel) (\(node.kind.rawValue))"))",
            ]
            lines.emit("  \(DOTString.quoted(Self.nodeID(node.id))) [\(attributes.joined(separator: ", "))];\n", node: node.id)
        }
        for value in plan.literalValues {
            let id = plan.literalIDs[value] ?? ""
            let text = String(decoding: value, as: UTF8.self)
            lines.top += "  \(DOTString.quoted(id)) [label=\(DOTString.label(text)), shape=plaintext, tooltip=\"值 (literal)\"];\n"
        }
        for (index, more) in drawing.more.enumerated() {
            let attributes = [
                "label=\(DOTString.label(more.label))",
                "shape=box",
                "style=\"rounded,dashed\"",
                "color=\"#888888\"",
                "fontcolor=\"#444444\"",
                "tooltip=\(DOTString.quoted(more.label))",
            ]
            lines.emit("  \(DOTString.quoted(Self.moreID(index))) [\(attributes.joined(separator: ", "))];\n", group: more.group)
        }
    }

    /// The merged edges and the edges to the stand-ins; returns the predicates drawn without
    /// a label somewhere, for the legend.
    private func writeEdges(_ plan: Plan, _ drawing: Drawing, fans: [Fan], into lines: inout Lines) -> Set<Predicate> {
        var unlabelled = Set<Predicate>()
        let inFan = Set(lines.fanOf.keys.map(Self.nodeID))
        for edge in plan.merged where !inFan.contains(edge.subject) && !inFan.contains(edge.target) {
            let shown = edge.predicates.filter { predicate in
                let repeated = [edge.subject, edge.target].contains { plan.perNode["\($0) \(predicate.rawValue)", default: 0] > Self.repeatedLabelLimit }
                if repeated { unlabelled.insert(predicate) }
                return !repeated
            }
            let label = shown.map(relationLabel).joined(separator: options.edgeLabels == .zh ? "、" : ", ")
            let colour = DOTString.quoted(Self.edgeColor(edge.predicates[0]))
            var attributes = label.isEmpty ? [] : ["label=\(DOTString.label(label))"]
            attributes += ["color=\(colour)", "fontcolor=\(colour)"]
            if edge.predicates.count > 1 {
                let all = edge.predicates.map(\.chineseLabel).joined(separator: "、")
                attributes.append("tooltip=\(DOTString.quoted(all))")
            }
            lines.top += "  \(DOTString.quoted(edge.subject)) -> \(DOTString.quoted(edge.target)) [\(attributes.joined(separator: ", "))];\n"
        }
        for (index, fan) in fans.enumerated() {
            // One edge between the box and the hub, labelled with the relation.
            let colour = DOTString.quoted(Self.edgeColor(fan.predicates[0]))
            let anchor = DOTString.quoted(Self.nodeID(fan.anchor))
            let hub = DOTString.quoted(fan.hub)
            let ends = fan.towardsHub ? "\(anchor) -> \(hub) [ltail=" : "\(hub) -> \(anchor) [lhead="
            let label = fan.predicates.map(relationLabel).joined(separator: options.edgeLabels == .zh ? "、" : ", ")
            lines.top += "  \(ends)\(DOTString.quoted(Self.fanID(index))), label=\(DOTString.label(label)), "
                + "color=\(colour), fontcolor=\(colour), tooltip=\(DOTString.quoted(fanLabel(fan)))];\n"
        }
        for (index, more) in drawing.more.enumerated() {
            let colour = DOTString.quoted(more.predicate.map(Self.edgeColor) ?? "#888888")
            lines.top += "  \(DOTString.quoted(Self.nodeID(more.from))) -> \(DOTString.quoted(Self.moreID(index))) [style=dashed, color=\(colour)];\n"
            if let predicate = more.predicate { unlabelled.insert(predicate) }
        }
        return unlabelled
    }

    /// Each group as a cluster, its members stacked in one column by invisible edges.
    private func writeGroups(_ plan: Plan, _ drawing: Drawing, into lines: inout Lines) {
        for (index, group) in drawing.groups.enumerated() where !lines.groupLines[index].isEmpty {
            var column = group.members.filter(plan.ids.contains).map(Self.nodeID)
            column += drawing.more.indices.filter { drawing.more[$0].group == index }.map(Self.moreID)
            for (upper, lower) in zip(column, column.dropFirst()) where options.layout == .dot {
                lines.groupLines[index].append("    \(DOTString.quoted(upper)) -> \(DOTString.quoted(lower)) [style=invis];\n")
            }
            var out = "  subgraph \(DOTString.quoted("cluster_g\(index)")) {\n"
            out += "    label=\(DOTString.label(group.label));\n"
            out += "    fontsize=14;\n"
            out += "    style=\"rounded\";\n"
            out += "    color=\"#BBBBBB\";\n"
            out += lines.groupLines[index].joined()
            out += "  }\n"
            lines.clusters += out
        }
    }

    /// Each fan as a box, its members in rows chained by invisible edges (a grid).
    private func writeFans(_ fans: [Fan], into lines: inout Lines) {
        for (index, fan) in fans.enumerated() {
            var out = "  subgraph \(DOTString.quoted(Self.fanID(index))) {\n"
            out += "    label=\(DOTString.label(fanLabel(fan)));\n"
            out += "    fontsize=14;\n"
            out += "    style=\"rounded\";\n"
            out += "    color=\(DOTString.quoted(Self.edgeColor(fan.predicates[0])));\n"
            out += lines.fanLines[index].joined()
            let columns = fan.columns
            for start in stride(from: 0, to: fan.members.count, by: columns) {
                let row = fan.members[start..<min(start + columns, fan.members.count)].map(Self.nodeID)
                for (left, right) in zip(row, row.dropFirst()) {
                    out += "    \(DOTString.quoted(left)) -> \(DOTString.quoted(right)) [style=invis];\n"
                }
            }
            out += "  }\n"
            lines.clusters += out
        }
    }

    static func moreID(_ index: Int) -> String { "more\(index)" }

    static func nodeID(_ id: Int64) -> String { "n\(id)" }

    static func edgeOrder(_ a: GraphSnapshot.Edge, _ b: GraphSnapshot.Edge) -> Bool {
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
