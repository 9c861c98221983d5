import TupuModel

/// Writes the snapshot's RDF graph (see ``RDFGraph``) as an RDF dataset in N-Quads: the
/// default graph holds the entities, documents and every fact (`<s> <p> o .`); each document
/// has a named graph, named by the document's IRI, with the facts it states and their
/// evidence (`<s> <p> o <document> .`). The union of the graphs is the N-Triples graph.
///
///     <…/entity/event/会议（2024-09-27）> <https://schema.org/attendee> <…/entity/person/李希> .
///     <…/entity/event/会议（2024-09-27）> <https://schema.org/attendee> <…/entity/person/李希> <…/entity/document/标题（文档 74a9a881）> .
public struct NQuadsExporter: Sendable {
    public var baseIRI: String
    public var romanizer: Romanizer?

    public init(baseIRI: String = ExportOptions.defaultBaseIRI, romanizer: Romanizer? = nil) {
        self.baseIRI = baseIRI
        self.romanizer = romanizer
    }

    /// Writes the dataset; throws ``ExportError/invalidBaseIRI(_:reason:)`` for an unusable base.
    public func write(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) throws {
        try RDFGraph.validateBaseIRI(baseIRI)
        try write(GraphStream(snapshot), to: &output)
    }

    /// Writes the dataset: the default graph, then each document's graph as its evidence is
    /// read (see ``RDFGraph/forEachGraph(_:defaultBlock:namedGraph:)``).
    public func write(_ graph: GraphStream, to output: inout some TextOutputStream) throws {
        try RDFGraph.validateBaseIRI(baseIRI)
        try RDFGraph(base: baseIRI, romanizer: romanizer).forEachGraph(graph) { block in
            NTriplesExporter.write(block, graph: nil, to: &output)
        } namedGraph: { name, blocks in
            for block in blocks {
                NTriplesExporter.write(block, graph: name, to: &output)
            }
        }
    }
}

/// The same dataset as ``NQuadsExporter`` in TriG: Turtle's prefixes and blocks, the default
/// graph first, then one `<document> { … }` per document.
public struct TriGExporter: Sendable {
    public var baseIRI: String
    public var romanizer: Romanizer?

    public init(baseIRI: String = ExportOptions.defaultBaseIRI, romanizer: Romanizer? = nil) {
        self.baseIRI = baseIRI
        self.romanizer = romanizer
    }

    /// Writes the dataset; throws ``ExportError/invalidBaseIRI(_:reason:)`` for an unusable base.
    public func write(_ snapshot: GraphSnapshot, to output: inout some TextOutputStream) throws {
        try write(GraphStream(snapshot), to: &output)
    }

    /// Writes the dataset: the default graph, then each document's graph as its evidence is
    /// read (see ``RDFGraph/forEachGraph(_:defaultBlock:namedGraph:)``).
    public func write(_ stream: GraphStream, to output: inout some TextOutputStream) throws {
        try RDFGraph.validateBaseIRI(baseIRI)
        let graph = RDFGraph(base: baseIRI, romanizer: romanizer)
        let turtle = TurtleExporter(baseIRI: baseIRI, romanizer: romanizer)
        let prefixes = TurtleExporter.prefixes(vocabulary: graph.vocabulary)
        for (name, namespace) in prefixes {
            output.write("@prefix \(name): <\(namespace)> .\n")
        }
        try graph.forEachGraph(stream) { block in
            output.write("\n")
            turtle.write(block, indent: "", prefixes, to: &output)
        } namedGraph: { name, blocks in
            output.write("\n")
            output.write(turtle.term(name, prefixes))
            output.write(" {\n")
            for (index, block) in blocks.enumerated() {
                if index > 0 { output.write("\n") }
                turtle.write(block, indent: "    ", prefixes, to: &output)
            }
            output.write("}\n")
        }
    }
}
