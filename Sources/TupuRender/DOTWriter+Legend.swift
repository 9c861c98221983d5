import TupuModel

extension DOTWriter {
    /// The legend: the kinds present, and the colours of the relations drawn without labels.
    func legend(kinds: [EntityKind], relations: [Predicate]) -> String {
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
    func legendTable(kinds: [EntityKind], relations: [Predicate]) -> String {
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
}
