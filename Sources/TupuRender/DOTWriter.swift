import TupuModel

/// The language of the labels written on edges.
public enum EdgeLabelLanguage: String, Sendable, CaseIterable {
    /// `Predicate.chineseLabel`: 出席, 担任, …
    case zh
    /// `Predicate.rawValue`: attended, holds_role, …
    case en
}

/// How nodes are labelled.
public enum NodeLabelLanguage: String, Sendable, CaseIterable {
    /// The names as stored, in Chinese.
    case zh
    /// The names in toneless pinyin (see ``Pinyin``).
    case pinyin
    /// The Chinese name with its pinyin on a second line.
    case both
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
        let graph = drawing.graph
        let font = DOTString.quoted(options.fontName)

        // Nodes: sorted, one per id (the first in sorted order wins).
        var seen = Set<Int64>()
        let nodes = graph.nodes
            .sorted { ($0.kind, $0.name, $0.id) < ($1.kind, $1.name, $1.id) }
            .filter { seen.insert($0.id).inserted }

        // Edges between known nodes (or to literals), sorted. An event's series is not drawn:
        // its label already starts with the series name.
        let edges = graph.edges
            .filter { edge in
                guard seen.contains(edge.subject), edge.predicate != .instanceOf else { return false }
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

        // Edges between the same two nodes become one; how many edges of a predicate each node has.
        var merged: [(subject: String, target: String, predicates: [Predicate])] = []
        var mergedIndex: [String: Int] = [:]
        var perNode: [String: Int] = [:]
        for edge in edges {
            let target: String
            if let object = edge.object {
                target = Self.nodeID(object)
            } else if let literal = edge.literal, let id = literalIDs[Array(literal.utf8)] {
                target = id
            } else {
                continue
            }
            let subject = Self.nodeID(edge.subject)
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

        var out = "digraph \"tupu\" {\n"
        var graphAttributes = [
            "charset=\"UTF-8\"",
            "fontname=\(font)",
        ]
        if let title = options.title {
            graphAttributes += ["label=\(DOTString.label(Self.wrappedTitle(title)))", "labelloc=t", "fontsize=20"]
        }
        var layoutAttributes = options.layout.graphAttributes(edgeCount: merged.count + drawing.more.count)
        if !drawing.groups.isEmpty, options.layout == .dot {
            // Groups side by side, each a column under the centre: a picture about as wide as it
            // is tall, where left to right every group would make one tall strip.
            layoutAttributes = layoutAttributes.map { $0 == "rankdir=LR" ? "rankdir=TB" : $0 == "ranksep=1.6" ? "ranksep=0.5" : $0 }
        }
        graphAttributes += layoutAttributes
        out += "  graph [\(graphAttributes.joined(separator: ", "))];\n"
        out += "  node [fontname=\(font), fontsize=14, margin=\"0.2,0.08\"];\n"
        out += "  edge [fontname=\(font), fontsize=11, color=\"#666666\", fontcolor=\"#444444\", arrowsize=0.7];\n"

        let grouped = Dictionary(
            drawing.groups.enumerated().flatMap { index, group in group.members.map { ($0, index) } },
            uniquingKeysWith: { first, _ in first })
        var groupLines = Array(repeating: [String](), count: drawing.groups.count)
        func emit(_ line: String, node id: Int64?) {
            if let id, let group = grouped[id] {
                groupLines[group].append("  " + line)
            } else {
                out += line
            }
        }

        for node in nodes {
            let style = NodeStyle.of(node.kind)
            let attributes = [
                "label=\(DOTString.label(nodeLabel(node)))",
                "shape=\(style.shape)",
                "style=filled",
                "fillcolor=\(DOTString.quoted(style.fillColor))",
                "tooltip=\(DOTString.quoted("\(node.kind.chineseLabel) (\(node.kind.rawValue))"))",
            ]
            emit("  \(DOTString.quoted(Self.nodeID(node.id))) [\(attributes.joined(separator: ", "))];\n", node: node.id)
        }
        for value in literalValues {
            let id = literalIDs[value] ?? ""
            let text = String(decoding: value, as: UTF8.self)
            out += "  \(DOTString.quoted(id)) [label=\(DOTString.label(text)), shape=plaintext, tooltip=\"值 (literal)\"];\n"
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
            let line = "  \(DOTString.quoted(Self.moreID(index))) [\(attributes.joined(separator: ", "))];\n"
            if let group = more.group, group < groupLines.count {
                groupLines[group].append("  " + line)
            } else {
                out += line
            }
        }

        var unlabelled = Set<Predicate>()
        for edge in merged {
            let shown = edge.predicates.filter { predicate in
                let repeated = [edge.subject, edge.target].contains { perNode["\($0) \(predicate.rawValue)", default: 0] > Self.repeatedLabelLimit }
                if repeated { unlabelled.insert(predicate) }
                return !repeated
            }
            let label = shown.map { predicate in
                switch options.edgeLabels {
                case .zh: predicate.chineseLabel
                case .en: predicate.rawValue
                }
            }.joined(separator: options.edgeLabels == .zh ? "、" : ", ")
            let colour = DOTString.quoted(Self.edgeColor(edge.predicates[0]))
            var attributes = label.isEmpty ? [] : ["label=\(DOTString.label(label))"]
            attributes += ["color=\(colour)", "fontcolor=\(colour)"]
            if edge.predicates.count > 1 {
                let all = edge.predicates.map(\.chineseLabel).joined(separator: "、")
                attributes.append("tooltip=\(DOTString.quoted(all))")
            }
            out += "  \(DOTString.quoted(edge.subject)) -> \(DOTString.quoted(edge.target)) [\(attributes.joined(separator: ", "))];\n"
        }
        for (index, more) in drawing.more.enumerated() {
            let colour = DOTString.quoted(more.predicate.map(Self.edgeColor) ?? "#888888")
            out += "  \(DOTString.quoted(Self.nodeID(more.from))) -> \(DOTString.quoted(Self.moreID(index))) [style=dashed, color=\(colour)];\n"
            if let predicate = more.predicate { unlabelled.insert(predicate) }
        }

        for (index, group) in drawing.groups.enumerated() where !groupLines[index].isEmpty {
            // Invisible edges stack a group's members (and its stand-in) in one column.
            var column = group.members.filter(seen.contains).map(Self.nodeID)
            column += drawing.more.indices.filter { drawing.more[$0].group == index }.map(Self.moreID)
            for (upper, lower) in zip(column, column.dropFirst()) where options.layout == .dot {
                groupLines[index].append("    \(DOTString.quoted(upper)) -> \(DOTString.quoted(lower)) [style=invis];\n")
            }
            out += "  subgraph \(DOTString.quoted("cluster_g\(index)")) {\n"
            out += "    label=\(DOTString.label(group.label));\n"
            out += "    fontsize=14;\n"
            out += "    style=\"rounded\";\n"
            out += "    color=\"#BBBBBB\";\n"
            out += groupLines[index].joined()
            out += "  }\n"
        }

        if options.legend {
            out += legend(kinds: Set(nodes.map(\.kind)).sorted(), relations: unlabelled.sorted())
        }
        out += "}\n"
        return out
    }

    /// The legend: the kinds present, and the colours of the relations drawn without labels.
    private func legend(kinds: [EntityKind], relations: [Predicate]) -> String {
        guard !kinds.isEmpty || !relations.isEmpty else { return "" }
        guard options.layout.drawsClusters else { return legendTable(kinds: kinds, relations: relations) }
        var out = "  subgraph cluster_legend {\n"
        out += "    label=\"图例\";\n"
        out += "    fontsize=12;\n"
        out += "    style=\"rounded,dashed\";\n"
        out += "    color=\"#999999\";\n"
        for kind in kinds {
            let style = NodeStyle.of(kind)
            let attributes = [
                "label=\(DOTString.label(legendLabel(kind)))",
                "shape=\(style.shape)",
                "style=filled",
                "fillcolor=\(DOTString.quoted(style.fillColor))",
                "fontsize=10",
                "tooltip=\(DOTString.quoted(kind.rawValue))",
            ]
            out += "    \(DOTString.quoted("legend_\(kind.rawValue)")) [\(attributes.joined(separator: ", "))];\n"
        }
        for predicate in relations {
            let colour = DOTString.quoted(Self.edgeColor(predicate))
            let attributes = [
                "label=\(DOTString.label("── " + relationLabel(predicate)))",
                "shape=plaintext",
                "fontcolor=\(colour)",
                "fontsize=10",
                "tooltip=\(DOTString.quoted(predicate.rawValue))",
            ]
            out += "    \(DOTString.quoted("legend_rel_\(predicate.rawValue)")) [\(attributes.joined(separator: ", "))];\n"
        }
        out += "  }\n"
        return out
    }

    /// The legend as one node holding an HTML-like table, for engines that draw no clusters.
    private func legendTable(kinds: [EntityKind], relations: [Predicate]) -> String {
        var rows = "<tr><td colspan=\"2\"><b>图例</b></td></tr>"
        for kind in kinds {
            let style = NodeStyle.of(kind)
            rows += "<tr><td bgcolor=\"\(style.fillColor)\" width=\"24\"> </td><td align=\"left\">\(Self.htmlEscaped(legendLabel(kind).replacingOccurrences(of: "\n", with: " ")))</td></tr>"
        }
        for predicate in relations {
            let colour = Self.edgeColor(predicate)
            rows += "<tr><td><font color=\"\(colour)\">──</font></td><td align=\"left\"><font color=\"\(colour)\">\(Self.htmlEscaped(relationLabel(predicate)))</font></td></tr>"
        }
        return "  \"legend\" [shape=plaintext, fontsize=10, tooltip=\"图例\", label=<<table border=\"1\" cellborder=\"0\" cellspacing=\"2\" color=\"#999999\" style=\"rounded\">\(rows)</table>>];\n"
    }

    private func relationLabel(_ predicate: Predicate) -> String {
        switch options.edgeLabels {
        case .zh: predicate.chineseLabel
        case .en: predicate.rawValue
        }
    }

    static func htmlEscaped(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.append(character)
            }
        }
        return out
    }

    static func moreID(_ index: Int) -> String { "more\(index)" }

    static func nodeID(_ id: Int64) -> String { "n\(id)" }

    /// The colour of the edges of a predicate and of their labels, so that a label can be
    /// matched to its line where many lines leave one node. Dark enough for text on white.
    public static func edgeColor(_ predicate: Predicate) -> String {
        switch predicate {
        case .holdsRole: "#7A6A00"     // olive, near the role boxes' yellow
        case .attended: "#C25E00"      // orange, like the event
        case .presided: "#B03A2E"      // red
        case .spokeAt: "#7D3C98"       // purple
        case .reportedAt: "#1F618D"    // blue
        case .visited: "#1E8449"       // green
        case .metWith: "#AD1457"       // magenta
        case .heldIn: "#117A65"        // teal
        case .heldOn: "#555555"        // grey
        case .locatedIn: "#5D6D7E"     // slate
        case .promotes: "#2E86C1"      // light blue, like the initiative
        case .discussedAt: "#A04000"   // brown
        case .partOf: "#5D6D7E"        // slate, like located_in
        case .instanceOf: "#555555"    // grey
        case .reportedBy: "#808B96"    // light grey
        case .publishedOn: "#555555"   // grey
        }
    }

    /// The label of a node in the chosen language, long names broken into lines.
    func nodeLabel(_ node: GraphSnapshot.Node) -> String {
        let chinese = LabelWrapping.wrapped(node.name, width: LabelWrapping.chineseWidth)
        guard options.nodeLabels != .zh else { return chinese }
        let pinyin = Pinyin.label(node.name, kind: node.kind)
        let latin = LabelWrapping.wrapped(pinyin, width: LabelWrapping.latinWidth)
        if options.nodeLabels == .pinyin || pinyin == node.name { return options.nodeLabels == .pinyin ? latin : chinese }
        return chinese + "\n" + latin
    }

    /// The legend entry of a kind: its Chinese name, its English name, or both.
    func legendLabel(_ kind: EntityKind) -> String {
        switch options.nodeLabels {
        case .zh: kind.chineseLabel
        case .pinyin: kind.rawValue
        case .both: kind.chineseLabel + "\n" + kind.rawValue
        }
    }

    /// A title of at most ``LabelWrapping/titleWidth`` characters a line; lines already in it are kept.
    static func wrappedTitle(_ title: String) -> String {
        title.split(separator: "\n", omittingEmptySubsequences: false)
            .map { LabelWrapping.wrapped(String($0), width: LabelWrapping.titleWidth) }
            .joined(separator: "\n")
    }

    /// The title of a graph drawn from documents with these titles: the title itself for one
    /// document, the first title and the number of documents for several, nil for none; with
    /// the caption of the view, when given, on a line of its own.
    public static func title(documentTitles: [String], caption: String? = nil) -> String? {
        let documents: String? = switch documentTitles.count {
        case 0: nil
        case 1: documentTitles[0]
        default: "\(documentTitles[0]) 等 \(documentTitles.count) 篇"
        }
        let lines = [documents, caption].compactMap { $0 }
        return lines.isEmpty ? nil : lines.joined(separator: "\n")
    }

    /// The title of a view: its subject (or, for a view of one document, that document's
    /// title), the caption of the view, then the number of documents the facts come from with
    /// the range of their publication dates (`据 12 篇报道（2021-03-02 至 2024-11-30）`), then
    /// `note` (what a size limit left out), each on a line of its own.
    public static func title(
        subject: String?, caption: String?, documentTitles: [String], dates: ClosedRange<String>? = nil, note: String? = nil
    ) -> String {
        var lines: [String] = []
        if let subject {
            lines.append(subject)
        } else if documentTitles.count == 1 {
            lines.append(documentTitles[0])
        } else {
            lines.append("全部报道")
        }
        if let caption { lines.append(caption) }
        let range = dates.map { $0.lowerBound == $0.upperBound ? "（\($0.lowerBound)）" : "（\($0.lowerBound) 至 \($0.upperBound)）" } ?? ""
        switch documentTitles.count {
        case 0: break
        case 1 where subject != nil && subject != documentTitles[0]: lines.append("据 1 篇报道：\(documentTitles[0])\(range)")
        case 1: if !range.isEmpty { lines.append("据 1 篇报道\(range)") }
        default: lines.append("据 \(documentTitles.count) 篇报道\(range)")
        }
        if let note { lines.append(note) }
        return lines.joined(separator: "\n")
    }

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
