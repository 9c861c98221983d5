import TupuModel

/// Writes GraphML (http://graphml.graphdrawing.org/) that Gephi, networkx, yEd and igraph load:
/// one directed `<graph>` with a `<node>` per entity and an `<edge>` per triple.
///
///     <key id="kind" for="node" attr.name="kind" attr.type="string"/>
///     <key id="name" for="node" attr.name="label" attr.type="string"/>
///     <key id="aliases" for="node" attr.name="aliases" attr.type="string"/>
///     <key id="title" for="node" attr.name="title" attr.type="string"/>
///     <key id="published" for="node" attr.name="published" attr.type="string"/>
///     <key id="path" for="node" attr.name="path" attr.type="string"/>
///     <key id="predicate" for="edge" attr.name="predicate" attr.type="string"/>
///     <key id="label" for="edge" attr.name="label" attr.type="string"/>
///     <key id="evidence_count" for="edge" attr.name="evidence_count" attr.type="int"/>
///
/// - Node ids are `n` + the entity id; a literal object becomes a node of its own,
///   `literal-N` (N counting distinct literal values in edge order) of kind `literal`.
///   Edge ids are `e1`, `e2`, … in edge order.
/// - The entity name is the `label` attribute (Gephi shows it); `aliases` are joined by `|`.
///   A source article (the `document` entity of a document the snapshot lists) has its
///   `title`, `published` date (`yyyy-mm-dd`; GraphML has no date type) and `path`.
///   An edge's `predicate` is its id (`attended`), its `label` the Chinese label (出席),
///   `evidence_count` the number of evidence rows.
/// - Text is XML-escaped (`&amp; &lt; &gt; &quot; &apos;`); CR is written as `&#13;` so that
///   parsers keep it; characters XML 1.0 does not allow (controls other than tab, LF and CR,
///   U+FFFE, U+FFFF) are removed. UTF-8, lines end in `\n`.
public struct GraphMLExporter: Sendable {
    public init() {}

    public func write(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) {
        // A snapshot's edges are at hand: nothing is read, nothing can fail.
        try? write(GraphStream(snapshot), to: &output)
    }

    /// Writes the graph, each edge as its evidence (without text) is read: only its count is written.
    public func write(_ graph: GraphStream, to output: inout some TextOutputStream) throws {
        output.write("""
            <?xml version="1.0" encoding="UTF-8"?>
            <graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
              <key id="kind" for="node" attr.name="kind" attr.type="string"/>
              <key id="name" for="node" attr.name="label" attr.type="string"/>
              <key id="aliases" for="node" attr.name="aliases" attr.type="string"/>
              <key id="title" for="node" attr.name="title" attr.type="string"/>
              <key id="published" for="node" attr.name="published" attr.type="string"/>
              <key id="path" for="node" attr.name="path" attr.type="string"/>
              <key id="predicate" for="edge" attr.name="predicate" attr.type="string"/>
              <key id="label" for="edge" attr.name="label" attr.type="string"/>
              <key id="evidence_count" for="edge" attr.name="evidence_count" attr.type="int"/>
              <graph id="tupu" edgedefault="directed">

            """)
        var articles: [String: GraphSnapshot.Document]?
        try graph.forEachNode { node in
            output.write("    <node id=\"n\(node.id)\">")
            data("kind", node.kind.rawValue, to: &output)
            data("name", node.name, to: &output)
            if !node.aliases.isEmpty { data("aliases", node.aliases.joined(separator: "|"), to: &output) }
            if node.kind == .document, let document = try graph.article(named: node.name, entity: node.id, index: &articles) {
                if let title = document.title { data("title", title, to: &output) }
                if let published = document.published { data("published", published, to: &output) }
                data("path", document.path, to: &output)
            }
            output.write("</node>\n")
        }
        let literals = try graph.literalValues()
        var literalIDs: [String: String] = [:]
        for (index, value) in literals.enumerated() {
            let id = "literal-\(index + 1)"
            literalIDs[value] = id
            output.write("    <node id=\"\(id)\">")
            data("kind", "literal", to: &output)
            data("name", value, to: &output)
            output.write("</node>\n")
        }
        try graph.forEachEdge(text: false) { index, edge in
            let target = edge.object.map { "n\($0)" } ?? literalIDs[edge.literal ?? ""] ?? ""
            output.write("    <edge id=\"e\(index + 1)\" source=\"n\(edge.subject)\" target=\"\(Self.escaped(target))\">")
            data("predicate", edge.predicate.rawValue, to: &output)
            data("label", edge.predicate.chineseLabel, to: &output)
            data("evidence_count", String(edge.evidence.count), to: &output)
            output.write("</edge>\n")
        }
        output.write("  </graph>\n</graphml>\n")
    }

    private func data(_ key: String, _ value: String, to output: inout some TextOutputStream) {
        output.write("<data key=\"\(key)\">")
        output.write(Self.escaped(value))
        output.write("</data>")
    }

    /// Text escaped for XML content and attribute values, with the characters XML 1.0
    /// forbids removed.
    public static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            case "\r": result += "&#13;"
            case "\t", "\n": result.unicodeScalars.append(scalar)
            case "\u{0}"..."\u{1F}", "\u{FFFE}", "\u{FFFF}": continue
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
