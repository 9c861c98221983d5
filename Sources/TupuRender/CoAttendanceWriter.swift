import TupuModel

/// Writes a ``CoAttendance`` network as an undirected DOT graph: persons as ellipses (the centre
/// bold), each line labelled with the number of events the two shared and as thick as that.
/// Every link of the centre is drawn; among the others, only the strongest ``otherLinksPerPerson``
/// times the number of persons (ties by id), so the picture stays readable; the legend says so.
public struct CoAttendanceWriter: Sendable {
    public static let otherLinksPerPerson = 2

    public var options: DOTWriter.Options

    public init(options: DOTWriter.Options = DOTWriter.Options(layout: .neato)) {
        self.options = options
    }

    public func write(_ network: CoAttendance) -> String {
        let font = DOTString.quoted(options.fontName)
        guard let center = network.persons.first else { return "graph \"tupu\" {\n}\n" }
        let others = network.links.filter { $0.a != center.id && $0.b != center.id }
            .sorted { ($0.shared, $1.a, $1.b) > ($1.shared, $0.a, $0.b) }
            .prefix(Self.otherLinksPerPerson * max(network.persons.count - 1, 0))
        let drawn = network.links.filter { $0.a == center.id || $0.b == center.id } + others
        let strongest = max(drawn.map(\.shared).max() ?? 1, 1)

        var out = "graph \"tupu\" {\n"
        var attributes = ["charset=\"UTF-8\"", "fontname=\(font)"]
        if let title = options.title {
            attributes += ["label=\(DOTString.label(DOTWriter.wrappedTitle(title)))", "labelloc=t", "fontsize=20"]
        }
        // Curved edges cost neato's spline router dearly beyond a few dozen (see LayoutEngine.splineEdgeLimit).
        let splines = drawn.count <= LayoutEngine.splineEdgeLimit ? "splines=true" : "splines=line"
        attributes += ["overlap=prism", "overlap_scaling=2", "sep=\"+16\"", splines, "pad=0.4"]
        out += "  graph [\(attributes.joined(separator: ", "))];\n"
        let fill = DOTString.quoted(NodeStyle.of(.person).fillColor)
        out += "  node [fontname=\(font), fontsize=14, shape=ellipse, style=filled, fillcolor=\(fill), margin=\"0.2,0.08\"];\n"
        out += "  edge [fontname=\(font), fontsize=11, color=\"#C25E00\", fontcolor=\"#7A3A00\"];\n"
        for (index, person) in network.persons.enumerated() {
            let label = "\(nodeName(person))\n\(person.shared) 场"
            var attributes = ["label=\(DOTString.label(label))", "tooltip=\(DOTString.quoted(person.name))"]
            if index == 0 { attributes += ["penwidth=3", "fontsize=18"] }
            out += "  \(DOTString.quoted(DOTWriter.nodeID(person.id))) [\(attributes.joined(separator: ", "))];\n"
        }
        for link in drawn {
            let width = 1 + 5 * Double(link.shared) / Double(strongest)
            let formatted = (width * 10).rounded() / 10
            out += "  \(DOTString.quoted(DOTWriter.nodeID(link.a))) -- \(DOTString.quoted(DOTWriter.nodeID(link.b))) "
            out += "[label=\"\(link.shared)\", penwidth=\(formatted)];\n"
        }
        if options.legend {
            var rows = "<tr><td><b>图例</b></td></tr>"
            rows += "<tr><td align=\"left\">人名下的数字：与中心人物共同出席的活动数</td></tr>"
            rows += "<tr><td align=\"left\">线上的数字（线越粗越多）：两人共同出席的活动数</td></tr>"
            if network.persons.count - 1 < network.totalPersons {
                rows += "<tr><td align=\"left\">只画共同出席最多的 \(network.persons.count - 1) 人（共 \(network.totalPersons) 人）</td></tr>"
            }
            if others.count < network.links.count - (drawn.count - others.count) {
                rows += "<tr><td align=\"left\">其他人之间只画最强的 \(others.count) 条线</td></tr>"
            }
            out += "  \"legend\" [shape=plaintext, style=\"\", fontsize=11, label=<<table border=\"1\" cellborder=\"0\" color=\"#999999\">\(rows)</table>>];\n"
        }
        out += "}\n"
        return out
    }

    private func nodeName(_ person: CoAttendance.Person) -> String {
        switch options.nodeLabels {
        case .zh: person.name
        case .pinyin: Pinyin.label(person.name, kind: .person)
        case .both: person.name + "\n" + Pinyin.label(person.name, kind: .person)
        }
    }
}
